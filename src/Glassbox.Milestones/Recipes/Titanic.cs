using Glassbox.Data.Frame;
using Glassbox.ML.ModelSelection;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The <c>titanic</c> milestone: raw Kaggle train.csv/test.csv → leak-free feature pipeline
/// (<see cref="TitanicFeatures"/>, fitted inside every fold, group survival rates included) → an honest estimate of
/// the accuracy on new passengers (repeated stratified k-fold, nested CV of the model choice, an untouched holdout)
/// → the chosen model refitted on all 891 rows → submission.csv (418 rows, PassengerId,Survived).
/// </summary>
public static class Titanic
{
    /// <summary>Suffix of the ablation row: the logistic regression without the group survival features.</summary>
    public const string WithoutGroupSurvival = " without group survival";

    /// <summary>
    /// The 0/1 target of the training file. A blank cell (read as missing) or any other value is an error naming
    /// the row: a missing label cast to an integer would silently become a third class, and 2.7 would be truncated to 2.
    /// </summary>
    internal static long[] SurvivedLabels(DataFrame train, string trainCsv)
    {
        if (!train.Contains("Survived")) throw new InvalidDataException($"{trainCsv}: no column 'Survived' (the training file needs the 0/1 target)");
        if (train["Survived"] is not NumericColumn col)
            throw new InvalidDataException($"{trainCsv}: column 'Survived' must hold 0 or 1 in every row, but it holds text (e.g. {Quote(train["Survived"])})");
        var v = col.Values.ToArray();
        var y = new long[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] is not (0.0 or 1.0))
                throw new InvalidDataException($"{trainCsv}: row {i + 1} (line {i + 2}), column 'Survived': expected 0 or 1, got {(double.IsNaN(v[i]) ? "a blank cell" : v[i].ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            y[i] = (long)v[i];
        }
        return y;

        static string Quote(Column c) => c is StringColumn s && s.Length > 0 ? $"\"{s[0]}\"" : "non-numeric values";
    }

    /// <summary>
    /// Runs the milestone. Full: 10 × 5-fold comparison, nested CV with 2 × 5 outer and 5 inner folds, a 20% holdout.
    /// <paramref name="quick"/>: 2 × 5-fold, 5 outer × 3 inner folds, smaller ensembles (smoke tests).
    /// <paramref name="seed"/> shuffles every split; <paramref name="progress"/> receives a line per stage.
    /// </summary>
    public static TitanicResult Run(string trainCsv, string testCsv, string outDir, ulong seed = 0, bool quick = false, Action<string>? progress = null)
    {
        // Kaggle's Name/Ticket/Cabin stay strings and Sex/Embarked categorical whatever inference would say on a slice
        var kinds = new Dictionary<string, ColumnKind> { ["Cabin"] = ColumnKind.Text, ["Ticket"] = ColumnKind.Text, ["Name"] = ColumnKind.Text, ["Embarked"] = ColumnKind.Categorical, ["Sex"] = ColumnKind.Categorical };
        var train = DataFrame.ReadCsv(trainCsv, kinds);
        var test = DataFrame.ReadCsv(testCsv, kinds);
        foreach (var col in new[] { "PassengerId", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Ticket", "Fare", "Cabin", "Embarked" })
        {
            if (!train.Contains(col)) throw new ArgumentException($"Titanic.Run: {trainCsv} has no column '{col}'");
            if (!test.Contains(col)) throw new ArgumentException($"Titanic.Run: {testCsv} has no column '{col}'");
        }
        var y = SurvivedLabels(train, trainCsv);
        const int k = 5;
        int repeats = quick ? 2 : 10, outerRepeats = quick ? 1 : 2, inner = quick ? 3 : 5;
        var names = TitanicCandidates.Names(quick);

        // 1. Repeated stratified k-fold of every candidate (+ baseline, + ablation) on all rows: the comparison.
        var folds = new Dictionary<string, List<double>>();
        var perRepeat = new Dictionary<string, List<double>>();
        string ablation = names[0] + WithoutGroupSurvival;
        var yT = Tensor.FromArray(y, [y.Length]);
        var comparison = new RepeatedStratifiedKFold(k, repeats, seed).Split(y.Length, yT).ToArray();
        for (int r = 0; r < repeats; r++)
        {
            var repeatScores = new Dictionary<string, List<double>>();
            foreach (var (tr, va) in comparison.Skip(r * k).Take(k))
            {
                var s = TitanicCandidates.ScoreSplit(train, y, tr, va, quick, seed);
                s[ablation] = TitanicCandidates.ScoreSplit(train, y, tr, va, quick, seed, groupSurvival: false, logisticOnly: true)[names[0]];
                foreach (var (m, a) in s) { Add(folds, m, a); Add(repeatScores, m, a); }
            }
            foreach (var (m, l) in repeatScores) Add(perRepeat, m, l.Average());
            progress?.Invoke($"repeat {r + 1}/{repeats} of {k}-fold CV: " + string.Join(", ", names.Select(m => $"{Short(m)} {repeatScores[m].Average():0.000}")));
        }
        var order = names.Append(TitanicCandidates.Baseline).Append(ablation).ToArray();
        var scores = order.Select(m => Score(m, folds[m], perRepeat[m])).ToList();
        // How often a row to predict has a labelled group mate: validation rows in CV vs test.csv against train.csv
        double cvOverlap = comparison.Take(k).Average(f => TitanicFeatures.HasGroupMate(train.Take(f.Train), train.Take(f.Test)).Average(b => b ? 1.0 : 0.0));
        double testOverlap = TitanicFeatures.HasGroupMate(train, test).Average(b => b ? 1.0 : 0.0);
        double singleCvBest = names.Max(m => folds[m].Take(k).Average());

        // 2. Nested CV: the selection procedure (inner CV on the outer training part) scored on the outer fold.
        var outerAcc = new List<double>(); var outerChoice = new List<string>(); var innerBest = new List<double>();
        foreach (var (tr, va) in new RepeatedStratifiedKFold(k, outerRepeats, seed + 1000).Split(y.Length, yT))
        {
            var (choice, innerScore) = Select(train, y, tr, inner, quick, seed + 2000 + (ulong)outerAcc.Count);
            outerAcc.Add(TitanicCandidates.ScoreSplit(train, y, tr, va, quick, seed)[choice]);
            outerChoice.Add(choice); innerBest.Add(innerScore);
            progress?.Invoke($"nested CV outer fold {outerAcc.Count}/{outerRepeats * k}: inner CV chose {choice} ({innerScore:0.000}), outer accuracy {outerAcc[^1]:0.000}");
        }
        double nm = outerAcc.Average();
        var nested = new TitanicNestedResult([.. outerAcc], [.. outerChoice], nm, PopStd(outerAcc), innerBest.Average());

        // 3. Holdout: one stratified fifth set aside; choice and fit on the other four fifths; scored once.
        var (dev, holdIdx) = new StratifiedKFold(5, true, seed + 3000).Split(y.Length, yT).First();
        var (holdChoice, _) = Select(train, y, dev, inner, quick, seed + 4000);
        double holdAcc = TitanicCandidates.ScoreSplit(train, y, dev, holdIdx, quick, seed)[holdChoice];
        var holdout = new TitanicHoldoutResult(holdChoice, holdAcc, holdIdx.Length, Math.Sqrt(holdAcc * (1 - holdAcc) / holdIdx.Length));
        progress?.Invoke($"holdout ({holdIdx.Length} rows): {holdChoice} {holdAcc:0.000} ± {holdout.StdError:0.000}");

        // 4. The submission: the best repeated-CV candidate (ties: the earlier), refitted on all rows.
        var best = scores.Take(names.Length).OrderByDescending(s => s.Mean).First().Model;
        var final = new TitanicFeatures(true, seed);
        var xall = Tensor.From(final.FitTransform(train, y));
        var xtest = Tensor.From(final.Transform(test));
        var yall = Tensor.FromArray(y, [y.Length]);
        var members = TitanicCandidates.Bases(quick, seed).Where(b => best == TitanicCandidates.Vote || b.Name == best).ToArray();
        var pTrain = new double[y.Length]; var pTest = new double[test.RowCount];
        foreach (var (_, make) in members)
        {
            var model = make();
            model.Fit(xall, yall);
            var a = TitanicCandidates.PositiveProbability(model, xall); var b = TitanicCandidates.PositiveProbability(model, xtest);
            for (int i = 0; i < a.Length; i++) pTrain[i] += a[i] / members.Length;
            for (int i = 0; i < b.Length; i++) pTest[i] += b[i] / members.Length;
        }
        double trainAcc = TitanicCandidates.Labels(pTrain).Zip(y, (a, b) => a == b ? 1.0 : 0.0).Average();
        var testPred = TitanicCandidates.Labels(pTest);
        var ids = test.Numeric("PassengerId");
        var submission = new DataFrame([
            new NumericColumn("PassengerId", Enumerable.Range(0, test.RowCount).Select(i => ids[i])),
            new NumericColumn("Survived", testPred.Select(v => (double)v)),
        ]);
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, "submission.csv");
        WriteAtomically(path, submission.ToCsv());
        return new TitanicResult(scores, best, path, trainAcc, final.FeatureNames, k, repeats, singleCvBest, nested, holdout, cvOverlap, testOverlap);
    }

    /// <summary>The inner selection: the candidate with the best mean accuracy over <paramref name="folds"/> stratified
    /// folds of <paramref name="rows"/> (ties: the earlier), and that mean.</summary>
    private static (string Choice, double Score) Select(DataFrame train, long[] y, int[] rows, int folds, bool quick, ulong seed)
    {
        var sums = new Dictionary<string, List<double>>();
        foreach (var (tr, va) in Splits(rows, y, folds, seed))
            foreach (var (m, a) in TitanicCandidates.ScoreSplit(train, y, tr, va, quick, seed)) Add(sums, m, a);
        var names = TitanicCandidates.Names(quick);
        var best = names.OrderByDescending(m => sums[m].Average()).First();
        return (best, sums[best].Average());
    }

    /// <summary>Shuffled stratified k-fold splits (sklearn's, <see cref="StratifiedKFold"/>) of the subset
    /// <paramref name="rows"/> (indices into y), as (train, validation) index arrays into y.</summary>
    private static IEnumerable<(int[] Train, int[] Val)> Splits(int[] rows, long[] y, int k, ulong seed)
    {
        var sub = Tensor.FromArray(rows.Select(i => y[i]).ToArray(), [rows.Length]);
        foreach (var (tr, va) in new StratifiedKFold(k, true, seed).Split(rows.Length, sub))
            yield return (tr.Select(j => rows[j]).ToArray(), va.Select(j => rows[j]).ToArray());
    }

    /// <summary>The file appears complete or not at all: written beside the target, then renamed over it.</summary>
    private static void WriteAtomically(string path, string text)
    {
        var tmp = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(tmp, text, new System.Text.UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }

    private static void Add(Dictionary<string, List<double>> d, string key, double v)
    {
        if (!d.TryGetValue(key, out var l)) d[key] = l = [];
        l.Add(v);
    }

    private static double PopStd(IReadOnlyCollection<double> v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(a => (a - m) * (a - m)) / v.Count);
    }

    private static TitanicModelScore Score(string model, List<double> folds, List<double> repeatMeans) =>
        new(model, [.. folds], folds.Average(), PopStd(folds), PopStd(repeatMeans));

    private static string Short(string model) => model.Split('(')[0];
}
