using Glassbox.Data.Frame;
using Glassbox.Milestones.Eda;

namespace Glassbox.Tests.Data;

/// <summary>The eda report's numbers (target rates, correlations, Cramér's V) and its HTML's safety.</summary>
public class EdaReportTests
{
    [SkippableFact]
    public void TitanicReportHasTheKnownSurvivalRates()
    {
        var root = TestData.RequireDataset("titanic");
        var df = DataFrame.ReadCsv(Path.Combine(root, "titanic", "train.csv"));
        var r = EdaReport.Analyze(df, "Survived", "train.csv");
        Assert.Equal("rate of Survived = 1", r.TargetDescription);
        Assert.Equal(342.0 / 891, r.TargetMean, 12);
        var sex = r.TargetRates["Sex"];
        Assert.Equal(["female", "male"], sex.Select(t => t.Category));
        Assert.Equal([314, 577], sex.Select(t => t.Count));
        Assert.Equal(233.0 / 314, sex[0].TargetMean, 12); // 0.742
        Assert.Equal(109.0 / 577, sex[1].TargetMean, 12); // 0.189
        var pclass = r.TargetRates["Pclass"];
        Assert.Equal(["1", "2", "3"], pclass.Select(t => t.Category));
        Assert.Equal(136.0 / 216, pclass[0].TargetMean, 12);
        Assert.Equal(["C", "Q", "S", "(missing)"], r.TargetRates["Embarked"].Select(t => t.Category)); // the 2 missing ports survived
        Assert.Equal(1.0, r.TargetRates["Embarked"][3].TargetMean);
        Assert.False(r.TargetRates.ContainsKey("Name")); // 891 distinct values: no per-category table
        var age = r.Columns.Single(c => c.Name == "Age");
        Assert.Equal(177, age.Missing);
        Assert.Equal(714, age.HistogramCounts.Sum());
        // pandas 1.5 df.corr(): Survived–Fare 0.2573065223849626, Pclass–Fare −0.5494996199439076; 1e-12 leaves room
        // for the order of summation over 891 rows only
        int s = r.NumericNames.ToList().IndexOf("Survived"), f = r.NumericNames.ToList().IndexOf("Fare"), p = r.NumericNames.ToList().IndexOf("Pclass");
        Assert.Equal(0.2573065223849626, r.Pearson[s, f], 1e-12);
        Assert.Equal(-0.5494996199439076, r.Pearson[p, f], 1e-12);
        Assert.Equal(1.0, r.Pearson[f, f], 12);
        var html = EdaHtml.Render(r);
        Assert.Contains("<td class=\"l\">female</td><td>314</td><td>0.742</td>", html);
        Assert.Contains("<td class=\"l\">male</td><td>577</td><td>0.189</td>", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "")); // no external resource
    }

    [Fact]
    public void CramersVAndPearsonOnHandMadeColumns()
    {
        // a perfectly dependent pair: V = 1; an independent 2×2 with equal cells: V = 0
        var a = new CategoricalColumn("a", ["x", "x", "y", "y"]);
        var b = new CategoricalColumn("b", ["p", "p", "q", "q"]);
        var c = new CategoricalColumn("c", ["p", "q", "p", "q"]);
        Assert.Equal(1.0, EdaReport.CramersVOf(a, b), 12);
        Assert.Equal(0.0, EdaReport.CramersVOf(a, c), 12);
        // 2×2 table [[3, 1], [1, 3]]: χ² = 2, n = 8, V = √(2/8) = 0.5
        var d = new CategoricalColumn("d", ["x", "x", "x", "x", "y", "y", "y", "y"]);
        var e = new CategoricalColumn("e", ["p", "p", "p", "q", "p", "q", "q", "q"]);
        Assert.Equal(0.5, EdaReport.CramersVOf(d, e), 12);
        var u = new NumericColumn("u", [1, 2, 3, double.NaN, 5]);
        var v = new NumericColumn("v", [2, 4, 7, 100, double.NaN]);
        // pairwise-complete rows (1,2), (2,4), (3,7): deviations (−1, 0, 1) and (−7/3, −1/3, 8/3), Σdu·dv = 5,
        // Σdu² = 2, Σdv² = 114/9, so r = 5 / √(2 · 114/9)
        Assert.Equal(5 / Math.Sqrt(2 * 114.0 / 9), EdaReport.PearsonOf(u, v), 12);
    }

    [Fact]
    public void HostileNamesAreEncodedAndStringTargetsBecomeRates()
    {
        var df = DataFrame.ParseCsv("<script>alert(1)</script>,y,\"a&b\"\nx,yes,1\nx,no,2\n<img src=q>,yes,3\n<img src=q>,yes,4\n");
        var r = EdaReport.Analyze(df, "y", "evil<b>.csv");
        Assert.Equal("rate of y = yes", r.TargetDescription);
        Assert.Equal([0.5, 1.0], r.TargetRates["<script>alert(1)</script>"].Select(t => t.TargetMean).OrderBy(x => x));
        var html = EdaHtml.Render(r);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("evil<b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("a&amp;b", html);
        var bad = Assert.Throws<ArgumentException>(() => EdaReport.Analyze(df, "nope", "f.csv"));
        Assert.Contains("no column 'nope'", bad.Message);
        var three = Assert.Throws<ArgumentException>(() => EdaReport.Analyze(DataFrame.ParseCsv("c,t\n1,a\n2,b\n3,c\n"), "t", "f.csv"));
        Assert.Contains("3 distinct values", three.Message);
    }
}
