using Glassbox.Data.Frame;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Tests.ML;

/// <summary>The titanic milestone end to end on the shared Kaggle files (skipped values are asserted, not just run).</summary>
public class TitanicTests
{
    [SkippableFact]
    public void QuickRunGivesHonestEstimatesAndWritesSubmission()
    {
        string dir = Glassbox.Data.DataDirectory.ForDataset("titanic", TestData.RequireDataset("titanic"));
        var outDir = Path.Combine(Path.GetTempPath(), $"titanic-{Environment.ProcessId}");
        var r = Titanic.Run(Path.Combine(dir, "train.csv"), Path.Combine(dir, "test.csv"), outDir, seed: 0, quick: true);
        foreach (var s in r.Scores) Console.WriteLine($"{s.Model}: {s.Mean:F4} ± {s.Std:F4}");
        Console.WriteLine($"nested {r.Nested.Mean:F4} ± {r.Nested.Std:F4} (inner best {r.Nested.InnerBest:F4}), holdout {r.Holdout.Chosen} {r.Holdout.Accuracy:F4}");
        Assert.Equal(5, r.Folds);
        Assert.Equal(2 * 5, r.Scores[0].FoldAccuracies.Length);               // 2 repeats × 5 folds in quick mode
        Assert.Equal(5, r.Nested.OuterAccuracies.Length);
        // Out-of-fold group features on these rows: ~0.83–0.86 in CV; below 0.80 something is broken, above 0.90 leaks
        Assert.InRange(r.Scores.First(s => s.Model == r.ChosenModel).Mean, 0.80, 0.90);
        Assert.InRange(r.Nested.Mean, 0.79, 0.89);                           // 5 outer folds: spread ≈ 0.025 each, mean ± 0.011
        Assert.InRange(r.Holdout.Accuracy, 0.74, 0.93);                     // 179 rows: standard error ≈ 0.028
        Assert.Equal(179, r.Holdout.Rows);
        var gender = r.Scores.Single(s => s.Model == "GenderBaseline").Mean;
        Assert.InRange(gender, 0.76, 0.81);                                  // 577 men, 81% of whom died: ~0.787 overall
        Assert.True(r.Scores.First(s => s.Model == r.ChosenModel).Mean > gender + 0.03);
        // the unnested search number is the maximum of noisy estimates: on average it cannot lie below the nested one by more than noise
        Assert.True(r.Nested.InnerBest > r.Nested.Mean - 0.02);
        Assert.Contains("TicketSurvival", r.Features);
        var sub = DataFrame.ReadCsv(r.SubmissionPath);
        Assert.Equal(["PassengerId", "Survived"], sub.ColumnNames);
        Assert.Equal(418, sub.RowCount);
        Assert.Equal(892, sub.Numeric("PassengerId")[0]);
        Assert.All(sub.Numeric("Survived").Values.ToArray(), v => Assert.True(v is 0 or 1));
        Assert.StartsWith("PassengerId,Survived\n892,", File.ReadAllText(r.SubmissionPath));
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));                   // the atomic write left no temporary behind
        Directory.Delete(outDir, true);
    }

    [Fact]
    public void FeaturesAreFittedOnTheTrainingRowsOnly()
    {
        const string csv = "PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked\n" +
            "1,0,3,\"A, Mr. X\",male,20,0,0,T1,7,,S\n2,1,1,\"B, Mrs. Y\",female,40,1,0,T2,70,C1,C\n" +
            "3,1,3,\"C, Mr. Z\",male,,0,0,T1,7,,S\n4,0,2,\"D, Mr. W\",male,30,0,0,T3,,,\n";
        var kinds = new Dictionary<string, ColumnKind> { ["Cabin"] = ColumnKind.Text, ["Ticket"] = ColumnKind.Text, ["Name"] = ColumnKind.Text, ["Embarked"] = ColumnKind.Categorical, ["Sex"] = ColumnKind.Categorical };
        var df = DataFrame.ParseCsv(csv, kinds);
        var f = new TitanicFeatures(groupSurvival: false);
        var zFit = f.FitTransform(df.Take([0, 1]), [0, 1]);
        var names = f.FeatureNames;
        var z = f.Transform(df.Take([2, 3]));
        int ageCol = names.IndexOf("Age"), ticket = names.IndexOf("TicketShared");
        // row 3's Age is missing: imputed with the fitted median of title "Rare" pool → all titles are rare with 2 rows → median(20, 40) = 30 = row 4's age
        Assert.Equal(z[0, ageCol], z[1, ageCol], 12);
        // TicketShared: the fitted rows share no ticket (0 each: constant column, so mean 0 and scale 1); the new row on
        // T1 has one fitted passenger on it (1), the new row on T3 none (0)
        Assert.Equal(0, zFit[0, ticket]);
        Assert.Equal(1, z[0, ticket]);
        Assert.Equal(0, z[1, ticket]);
    }

    private const string GroupCsv = "PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked\n" +
        "1,1,3,\"Aa, Mrs. A\",female,30,1,1,G,21,,S\n2,1,3,\"Aa, Miss. B\",female,5,1,1,G,21,,S\n" +
        "3,0,3,\"Aa, Master. C\",male,3,1,1,G,21,,S\n4,0,3,\"Bb, Mr. D\",male,40,0,0,H,8,,S\n" +
        "5,1,1,\"Cc, Mrs. E\",female,50,0,0,J,80,C1,C\n6,0,2,\"Dd, Mr. F\",male,25,0,0,K,13,,S\n";

    private static readonly Dictionary<string, ColumnKind> Kinds = new() { ["Cabin"] = ColumnKind.Text, ["Ticket"] = ColumnKind.Text, ["Name"] = ColumnKind.Text, ["Embarked"] = ColumnKind.Categorical, ["Sex"] = ColumnKind.Categorical };

    [Fact]
    public void GroupSurvivalOfAValidationRowComesFromTrainingMatesOnly()
    {
        // Rows 1–3 are one family on ticket G (surname Aa, fare 21). Row 3 (index 2) is the validation row.
        var df = DataFrame.ParseCsv(GroupCsv, Kinds);
        int[] fit = [0, 1, 3, 4, 5], val = [2];
        long[] y = [1, 1, 0, 0, 1, 0];
        var f = new TitanicFeatures();
        f.FitTransform(df.Take(fit), fit.Select(i => y[i]).ToArray());
        var inFold = f.GroupRates(df.Take(val));
        // by hand, smoothing m = 1: ȳ over the five fitted rows = 3/5; ticket G and family "Aa|21" both hold two
        // fitted survivors → (2 + 1·0.6) / (2 + 1) = 0.8666…, for both columns
        double yFit = 3.0 / 5, expected = (2 + TitanicFeatures.GroupSmooth * yFit) / (2 + TitanicFeatures.GroupSmooth);
        Assert.Equal(expected, inFold[0, 0], 12);
        Assert.Equal(expected, inFold[0, 1], 12);
        // built on all rows (the leak): the validation row's own label (0) enters its group rate → (2 + 0 + ½) / (3 + 1)
        var leaky = new Glassbox.ML.Preprocessing.TargetEncoder(smooth: TitanicFeatures.GroupSmooth)
            .Fit(Tensor.FromArray([0.0, 0, 0, 1, 2, 3], 6, 1), Tensor.FromArray(y.Select(v => (double)v).ToArray(), [6]));
        double allRows = leaky.Encoding(0)[0];
        Assert.Equal((2 + 0.5) / 4, allRows, 12);
        Assert.NotEqual(inFold[0, 0], allRows, 6);
        // the all-rows value follows the validation row's own label; the in-fold one never receives that label
        long[] flipped = [1, 1, 1, 0, 1, 0];
        double allRowsFlipped = new Glassbox.ML.Preprocessing.TargetEncoder(smooth: TitanicFeatures.GroupSmooth)
            .Fit(Tensor.FromArray([0.0, 0, 0, 1, 2, 3], 6, 1), Tensor.FromArray(flipped.Select(v => (double)v).ToArray(), [6])).Encoding(0)[0];
        Assert.Equal((3 + 4.0 / 6) / 4, allRowsFlipped, 12);
    }

    [Fact]
    public void GroupRatesOfFittedRowsNeverUseTheirOwnLabel()
    {
        var df = DataFrame.ParseCsv(GroupCsv, Kinds);
        int[] fit = [0, 1, 2, 4, 5];
        long[] y = [1, 1, 0, 1, 0];
        var f = new TitanicFeatures();
        f.FitTransform(df.Take(fit), y);
        var r = f.FittedGroupRates;
        // 5 rows < 10 cross-fitting folds: every row is its own fold, so its rate is leave-one-out, by hand with m = 1:
        // (Σ survived among its group mates + m·ȳ of the other rows) / (mates + m); a singleton gets ȳ of the others.
        double[] expected = [(1 + 0.5) / 3, (1 + 0.5) / 3, (2 + 0.75) / 3, 0.5, 0.75];
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(expected[i], r[i, 0], 12);  // ticket
            Assert.Equal(expected[i], r[i, 1], 12);  // family: the same groups here
        }
        // a row sharing nothing with the fitted rows (ticket H, surname Bb) gets the neutral rate ȳ = 3/5 on both
        var unseen = f.GroupRates(df.Take([3]));
        Assert.Equal(0.6, unseen[0, 0], 12);
        Assert.Equal(0.6, unseen[0, 1], 12);
    }
}
