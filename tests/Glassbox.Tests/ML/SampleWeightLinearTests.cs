using Glassbox.ML;
using Glassbox.ML.Linear;
using Glassbox.ML.Preprocessing;

namespace Glassbox.Tests.ML;

/// <summary>
/// sample_weight in the linear family, by the identities that define it: an integer weight is that many copies of
/// the row, a zero weight removes it, and a pipeline hands the weights to its final step. The values against sklearn
/// are in the parity family "sample_weight_linear".
/// </summary>
public class SampleWeightLinearTests
{
    private static (Tensor X, double[] Y, long[] Labels, double[] W) Data(int n = 50)
    {
        var g = new Generator(11);
        var x = new double[n * 3];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var y = new double[n];
        var labels = new long[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = 2 * x[i * 3] - x[i * 3 + 1] + 0.5 * x[i * 3 + 2] + 1 + 0.3 * g.NextNormal();
            labels[i] = x[i * 3] - 0.5 * x[i * 3 + 1] + 0.8 * g.NextNormal() > 0.4 ? 1 : x[i * 3 + 2] > 0.3 ? 8 : 4;
            w[i] = i % 7 == 0 ? 0 : 1 + i % 3; // 0, 1, 2 or 3 copies
        }
        return (Tensor.FromArray(x, n, 3), y, labels, w);
    }

    /// <summary>Row i repeated w[i] times.</summary>
    private static (Tensor X, T[] Y) Repeat<T>(Tensor x, T[] y, double[] w)
    {
        int p = x.Shape[1];
        var a = x.ToDoubleArray();
        var xs = new List<double>();
        var ys = new List<T>();
        for (int i = 0; i < y.Length; i++)
            for (int c = 0; c < (int)w[i]; c++)
            {
                xs.AddRange(a.AsSpan(i * p, p).ToArray());
                ys.Add(y[i]);
            }
        return (Tensor.FromArray(xs.ToArray(), ys.Count, p), ys.ToArray());
    }

    private static void Close(Tensor expected, Tensor actual, double tol)
    {
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= tol, $"[{i}]: {e[i]} vs {a[i]}");
    }

    public static TheoryData<string> Regressors() => new() { "LinearRegression", "LinearRegression-gd", "Ridge", "Lasso", "ElasticNet", "Ridge-nointercept" };

    private static IRegressor MakeRegressor(string name) => name switch
    {
        "LinearRegression" => new LinearRegression(),
        "LinearRegression-gd" => new LinearRegression(solver: LinearRegressionSolver.Gd, tol: 1e-12),
        "Ridge" => new Ridge(alpha: 2.0),
        "Ridge-nointercept" => new Ridge(alpha: 2.0, fitIntercept: false),
        "Lasso" => new Lasso(alpha: 0.05, tol: 1e-12, maxIter: 100_000),
        _ => new ElasticNet(alpha: 0.1, l1Ratio: 0.5, tol: 1e-12, maxIter: 100_000),
    };

    [Theory, MemberData(nameof(Regressors))]
    public void IntegerWeightsAreRepeatedRows(string name)
    {
        var (x, y, _, w) = Data();
        var (xr, yr) = Repeat(x, y, w);
        var weighted = MakeRegressor(name).Fit(x, Tensor.FromArray(y, [y.Length]), Tensor.FromArray(w, [w.Length]));
        var repeated = MakeRegressor(name).Fit(xr, Tensor.FromArray(yr, [yr.Length]));
        // the same minimiser reached by different arithmetic: direct solvers agree to rounding (~1e-13), iterative ones
        // to their stopping tolerance
        double tol = name.EndsWith("-gd") ? 1e-7 : name is "Lasso" or "ElasticNet" ? 1e-9 : 1e-11;
        Close(((IPredictor)repeated).Predict(x), ((IPredictor)weighted).Predict(x), tol);
    }

    [Fact]
    public void LogisticRegressionIntegerWeightsAreRepeatedRowsAndZeroWeightsDropRows()
    {
        var (x, _, labels, w) = Data();
        var (xr, yr) = Repeat(x, labels, w);
        foreach (var make in new Func<LogisticRegression>[]
                 {
                     () => new LogisticRegression(c: 0.8, tol: 1e-10, maxIter: 10_000),
                     () => new LogisticRegression(penalty: Penalty.L1, c: 0.8, tol: 1e-10, maxIter: 100_000),
                 })
        {
            var weighted = make().Fit(x, Tensor.FromArray(labels, [labels.Length]), Tensor.FromArray(w, [w.Length]));
            var repeated = make().Fit(xr, Tensor.FromArray(yr, [yr.Length]));
            // both runs stop at gradient tolerance 1e-10 on the same objective: coefficients agree to ~1e-8
            Close(repeated.Coef, weighted.Coef, 1e-7);
            Close(repeated.PredictProba(x), weighted.PredictProba(x), 1e-7);
        }
    }

    [Fact]
    public void WeightsChangeTheFitTowardsHeavyRows()
    {
        // two clusters of targets: the weighted intercept-only fit (a mean) moves to the heavy cluster
        var x = Tensor.FromArray(new double[8], 8, 1);
        var y = Tensor.FromArray(new double[] { 0, 0, 0, 0, 10, 10, 10, 10 }, [8]);
        var w = Tensor.FromArray(new double[] { 3, 3, 3, 3, 1, 1, 1, 1 }, [8]);
        Assert.Equal(5.0, new LinearRegression().Fit(x, y).Intercept, 12);
        Assert.Equal(2.5, new LinearRegression().Fit(x, y, w).Intercept, 12);
    }

    [Fact]
    public void PipelineHandsTheWeightsToItsFinalStep()
    {
        var (x, y, _, w) = Data();
        var yt = Tensor.FromArray(y, [y.Length]);
        var wt = Tensor.FromArray(w, [w.Length]);
        var pipe = new Pipeline(("scale", new StandardScaler()), ("ridge", new Ridge(alpha: 3.0)));
        Assert.True(pipe.SupportsSampleWeight);
        pipe.Fit(x, yt, wt);
        // by hand: the scaler fitted unweighted (sklearn's pipe.fit(X, y, ridge__sample_weight=w)), the ridge weighted
        var xs = new StandardScaler().Fit(x).Transform(x);
        var ridge = new Ridge(alpha: 3.0).Fit(xs, yt, wt);
        Close(ridge.Predict(xs), pipe.Predict(x), 1e-12);
        var unsupported = new Pipeline(("scale", new StandardScaler()), ("pca", new Glassbox.ML.Decomposition.PCA(nComponents: 2)));
        Assert.False(unsupported.SupportsSampleWeight);
        Assert.Throws<NotSupportedException>(() => unsupported.Fit(x, null, wt));
    }

    [Fact]
    public void ScoreIsTheWeightedMetricAndMetricsCheckTheirWeights()
    {
        var (x, y, labels, w) = Data();
        var yt = Tensor.FromArray(y, [y.Length]);
        var lt = Tensor.FromArray(labels, [labels.Length]);
        var wt = Tensor.FromArray(w, [w.Length]);
        var ridge = new Ridge(alpha: 1.0).Fit(x, yt);
        Assert.Equal(Glassbox.ML.Metrics.Regression.R2Score(yt, ridge.Predict(x), wt), ridge.Score(x, yt, wt));
        var clf = new LogisticRegression(c: 0.05).Fit(x, lt);
        var pred = clf.Predict(x).ToArray<long>();
        double hit = 0, total = 0;
        for (int i = 0; i < w.Length; i++) { total += w[i]; if (pred[i] == labels[i]) hit += w[i]; }
        Assert.Equal(hit / total, clf.Score(x, lt, wt), 14);
        Assert.NotEqual(clf.Score(x, lt), clf.Score(x, lt, wt));
        var ex = Assert.Throws<ArgumentException>(() => Glassbox.ML.Metrics.Regression.MeanSquaredError(yt, yt, Tensor.FromArray(new double[] { 1, 2 }, [2])));
        Assert.Contains("MeanSquaredError: sample_weight has 2 entries for 50 samples", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Glassbox.ML.Metrics.Classification.AccuracyScore(lt, lt, Tensor.FromArray(w.Select(v => -v).ToArray(), [w.Length])));
        Assert.Contains("AccuracyScore: sample_weight[1] = -", ex.Message);
    }
}
