using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Imbalance;
using Glassbox.ML.Linear;
using Glassbox.ML.Options;
using Glassbox.ML.Preprocessing;
using Glassbox.ML.Svm;
using Glassbox.Testing;
using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML.Toolbox;

/// <summary>
/// Class imbalance: the resamplers (counts, where the rows come from, seeding, use inside a pipeline) and the class
/// weights of LinearSVC (against liblinear, tools/reference/sklearn_imbalance_fixtures.py) and histogram boosting
/// (against the same fit with the equivalent sample weights).
/// </summary>
public class ImbalanceTests
{
    private static readonly JsonObject Root = SklearnFixture.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn"), "imbalance");

    /// <summary>70 rows of class 2, 20 of class 5, 10 of class 9 in 3-D, the classes around different centres.</summary>
    private static (Tensor X, Tensor Y) Skewed()
    {
        var g = new Generator(21);
        int[] sizes = [70, 20, 10];
        long[] labels = [2, 5, 9];
        var x = new List<double>();
        var y = new List<long>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < sizes[c]; i++)
            {
                for (int j = 0; j < 3; j++) x.Add(g.NextNormal() + (j == c ? 3 : 0));
                y.Add(labels[c]);
            }
        return (Tensor.FromArray(x.ToArray(), y.Count, 3), Tensor.FromArray(y.ToArray(), [y.Count]));
    }

    private static double[][] RowsOf(Tensor x) => x.ToDoubleArray().Chunk(x.Shape[1]).ToArray();

    private static Dictionary<long, int> Counts(Tensor y) => y.ToArray<long>().GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void RandomOverSamplerAppendsCopiesOfEachClassUpToTheMajority()
    {
        var (x, y) = Skewed();
        var s = new RandomOverSampler(randomState: 3);
        var (xr, yr) = s.FitResample(x, y);
        Assert.Equal(new Dictionary<long, int> { [2] = 70, [5] = 70, [9] = 70 }, Counts(yr));
        Assert.Equal([-1L, 50, 60], s.SamplingCounts.ToArray<long>()); // rows added per class; the majority is left alone
        var orig = RowsOf(x);
        var res = RowsOf(xr);
        var yo = y.ToArray<long>();
        var yn = yr.ToArray<long>();
        for (int i = 0; i < 100; i++) Assert.Equal(orig[i], res[i]); // the original rows first, unchanged
        for (int i = 100; i < res.Length; i++) // every new row is a copy of a row of its own class
            Assert.Contains(Enumerable.Range(0, 100), j => yo[j] == yn[i] && orig[j].SequenceEqual(res[i]));
        // seeded: the same seed draws the same rows, another seed others
        Assert.Equal(xr.ToDoubleArray(), new RandomOverSampler(randomState: 3).FitResample(x, y).X.ToDoubleArray());
        Assert.NotEqual(xr.ToDoubleArray(), new RandomOverSampler(randomState: 4).FitResample(x, y).X.ToDoubleArray());
    }

    [Fact]
    public void RatioStrategyForTwoClasses()
    {
        var (x, y) = Skewed();
        var two = y.ToArray<long>().Select((v, i) => (v, i)).Where(t => t.v != 9).Select(t => t.i).ToArray(); // 70 of class 2, 20 of class 5
        var x2 = EstimatorChecks.Rows(x, two);
        var y2 = Tensor.FromArray(two.Select(i => y.ToArray<long>()[i]).ToArray(), [two.Length]);
        // over: ⌊0.5·70⌋ = 35 minority rows; under: ⌊20 / 0.4⌋ = 50 majority rows kept
        Assert.Equal(new Dictionary<long, int> { [2] = 70, [5] = 35 }, Counts(new RandomOverSampler(0.5, randomState: 0).FitResample(x2, y2).Y));
        Assert.Equal(new Dictionary<long, int> { [2] = 50, [5] = 20 }, Counts(new RandomUnderSampler(0.4, randomState: 0).FitResample(x2, y2).Y));
        Assert.Equal(new Dictionary<long, int> { [2] = 70, [5] = 56 }, Counts(new Smote(0.8, randomState: 0).FitResample(x2, y2).Y));
        var ex = Assert.Throws<ArgumentException>(() => new RandomOverSampler(0.2, randomState: 0).FitResample(x2, y2));
        Assert.Contains("asks for 14 minority rows, fewer than the 20 there are", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new RandomUnderSampler(0.2, randomState: 0).FitResample(x2, y2));
        Assert.Contains("asks to keep 100 majority rows, more than the 70 there are", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Smote(0.5).Fit(x, y));
        Assert.Contains("two classes only", ex.Message);
    }

    [Fact]
    public void RandomUnderSamplerKeepsDistinctRowsOfEachClass()
    {
        var (x, y) = Skewed();
        var (xr, yr) = new RandomUnderSampler(randomState: 5).FitResample(x, y);
        Assert.Equal(new Dictionary<long, int> { [2] = 10, [5] = 10, [9] = 10 }, Counts(yr));
        var orig = RowsOf(x);
        var yo = y.ToArray<long>();
        var picked = RowsOf(xr).Select((r, i) => Enumerable.Range(0, 100).Single(j => orig[j].SequenceEqual(r) && yo[j] == yr.ToArray<long>()[i])).ToArray();
        Assert.Equal(30, picked.Distinct().Count()); // without replacement
        Assert.Equal(Enumerable.Range(90, 10), picked[20..]); // the minority class is kept whole
        var (_, yw) = new RandomUnderSampler(randomState: 5, replacement: true).FitResample(x, y);
        Assert.Equal(30, yw.Shape[0]);
    }

    [Fact]
    public void SmotePointsLieOnSegmentsToSameClassNeighbours()
    {
        var (x, y) = Skewed();
        const int k = 4;
        var (xr, yr) = new Smote(randomState: 7, kNeighbors: k).FitResample(x, y);
        Assert.Equal(new Dictionary<long, int> { [2] = 70, [5] = 70, [9] = 70 }, Counts(yr));
        var orig = RowsOf(x);
        var res = RowsOf(xr);
        var yo = y.ToArray<long>();
        var yn = yr.ToArray<long>();
        for (int i = 0; i < 100; i++) Assert.Equal(orig[i], res[i]);
        static double Dist(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (u, v) => (u - v) * (u - v)).Sum());
        for (int i = 100; i < res.Length; i++)
        {
            var same = Enumerable.Range(0, 100).Where(j => yo[j] == yn[i]).ToArray();
            bool onSegment = false;
            foreach (int a in same)
            {
                // a's k nearest other rows of its class, by brute force here
                var nn = same.Where(j => j != a).OrderBy(j => Dist(orig[a], orig[j])).Take(k);
                foreach (int b in nn)
                {
                    // new = a + λ(b − a): λ from the largest component of b − a, then every component must agree
                    var d = orig[b].Zip(orig[a], (u, v) => u - v).ToArray();
                    int f = Array.IndexOf(d, d.MaxBy(Math.Abs));
                    double lambda = (res[i][f] - orig[a][f]) / d[f];
                    if (lambda < -1e-12 || lambda > 1 + 1e-12) continue;
                    if (Enumerable.Range(0, 3).All(j => Math.Abs(orig[a][j] + lambda * d[j] - res[i][j]) < 1e-12)) { onSegment = true; break; }
                }
                if (onSegment) break;
            }
            Assert.True(onSegment, $"synthetic row {i} of class {yn[i]} is on no segment between a row and one of its {k} nearest same-class neighbours");
        }
        var ex = Assert.Throws<ArgumentException>(() => new Smote(kNeighbors: 10).FitResample(x, y));
        Assert.Contains("class 9 has 10 rows; KNeighbors = 10 needs at least 11", ex.Message);
    }

    [Fact]
    public void InAPipelineSamplersActAtFitTimeOnly()
    {
        var (x, y) = Skewed();
        var pipe = new Pipeline(("scale", new StandardScaler()), ("over", new Smote(randomState: 2)), ("clf", new LogisticRegression())).Fit(x, y);
        // by hand: scale, resample the scaled rows, fit; predict scales only
        var scaler = new StandardScaler().Fit(x);
        var (xs, ys) = new Smote(randomState: 2).FitResample(scaler.Transform(x), y);
        var clf = new LogisticRegression().Fit(xs, ys);
        Assert.Equal(clf.PredictProba(scaler.Transform(x)).ToDoubleArray(), pipe.PredictProba(x).ToDoubleArray());
        Assert.Equal(100, pipe.Predict(x).Shape[0]); // one prediction per given row: nothing resampled at predict
        Assert.False(pipe.SupportsSampleWeight);
        // resampling moves the decisions towards the rare classes: recall of class 9 does not drop, and rises here
        var plain = new Pipeline(("scale", new StandardScaler()), ("clf", new LogisticRegression())).Fit(x, y);
        double Recall9(IPredictor m) => m.Predict(x).ToArray<long>().Zip(y.ToArray<long>()).Count(t => t.Second == 9 && t.First == 9) / 10.0;
        Assert.True(Recall9(pipe) >= Recall9(plain), $"recall of the rare class: resampled {Recall9(pipe)}, plain {Recall9(plain)}");
    }

    [Fact]
    public void LinearSvcClassWeightsMatchLiblinear()
    {
        var x = Fixtures.Tensor(Root["svc_X"]);
        foreach (var c in SklearnFixture.Cases(Root, "linear_svc"))
        {
            var y = Fixtures.Tensor(Root[c["y"]!.GetValue<string>()]);
            var cw = c["class_weight"] is JsonValue
                ? ClassWeight.Balanced
                : ClassWeight.Of(c["class_weight"]!.AsObject().ToDictionary(kv => long.Parse(kv.Key), kv => kv.Value!.GetValue<double>()));
            var loss = c["loss"]!.GetValue<string>() == "hinge" ? HingeLoss.Hinge : HingeLoss.SquaredHinge;
            var m = new LinearSVC(loss, tol: 1e-10, maxIter: 1_000_000, randomState: 0, classWeight: cw).Fit(x, y);
            // both solve the same strictly convex primal to tol 1e-10 in the dual, so the decision values agree to ~1e-7
            double diff = ToolboxFixture.MaxDiff(Fixtures.Tensor(c["decision"]).ToDoubleArray(), m.DecisionFunction(x).ToDoubleArray());
            Assert.True(diff < 1e-6, $"{c["y"]} {c["loss"]} {cw}: decision differs by {diff}");
        }
    }

    [Fact]
    public void BinaryClassWeightsAreSampleWeightsOfTheClassFactor()
    {
        var x = Fixtures.Tensor(Root["svc_X"]);
        var y = Fixtures.Tensor(Root["y2"]);
        var yi = y.ToArray<long>();
        double n = yi.Length, n1 = yi.Count(v => v == 1);
        var w = Tensor.FromArray(yi.Select(v => n / (2 * (v == 1 ? n1 : n - n1))).ToArray(), [yi.Length]); // n / (k·n_c)
        var a = new LinearSVC(randomState: 0, classWeight: ClassWeight.Balanced).Fit(x, y);
        var b = new LinearSVC(randomState: 0).Fit(x, y, w);
        Assert.Equal(b.DecisionFunction(x).ToDoubleArray(), a.DecisionFunction(x).ToDoubleArray());
        // histogram boosting multiplies the class factor into the sample weights (sklearn's _finalize_sample_weight)
        var h1 = new HistGradientBoostingClassifier(maxIter: 10, minSamplesLeaf: 5, classWeight: ClassWeight.Balanced).Fit(x, y);
        var h2 = new HistGradientBoostingClassifier(maxIter: 10, minSamplesLeaf: 5).Fit(x, y, w);
        Assert.Equal(h2.DecisionFunction(x).ToDoubleArray(), h1.DecisionFunction(x).ToDoubleArray());
        var sw = Tensor.FromArray(Enumerable.Range(0, yi.Length).Select(i => 0.5 + (i % 3)).ToArray(), [yi.Length]);
        var both = Tensor.FromArray(w.ToDoubleArray().Zip(sw.ToDoubleArray(), (u, v) => u * v).ToArray(), [yi.Length]);
        var h3 = new HistGradientBoostingClassifier(maxIter: 10, minSamplesLeaf: 5, classWeight: ClassWeight.Balanced).Fit(x, y, sw);
        var h4 = new HistGradientBoostingClassifier(maxIter: 10, minSamplesLeaf: 5).Fit(x, y, both);
        Assert.Equal(h4.DecisionFunction(x).ToDoubleArray(), h3.DecisionFunction(x).ToDoubleArray());
        // and with balanced weights the rare class is predicted more often
        int Ones(IPredictor m) => m.Predict(x).ToArray<long>().Count(v => v == 1);
        Assert.True(Ones(h1) > Ones(new HistGradientBoostingClassifier(maxIter: 10, minSamplesLeaf: 5).Fit(x, y)));
    }
}
