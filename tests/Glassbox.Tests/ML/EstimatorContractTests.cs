using Glassbox.ML;
using Glassbox.ML.Linear;

namespace Glassbox.Tests.ML;

/// <summary>
/// The estimator contract (DEVELOPERS rule), checked for every estimator in <see cref="Cases"/>: Fit returns the
/// estimator itself; use before Fit throws <see cref="NotFittedException"/> naming the estimator; refitting on the same
/// data reproduces the outputs bit for bit; Save/Load reproduces them bit for bit; outputs on a row subset equal the
/// same rows of the full outputs; an invalid hyperparameter is accepted by the constructor and rejected by Fit with an
/// <see cref="ArgumentOutOfRangeException"/> naming it. Exact equality is deliberate: every output is a row-wise
/// function of fixed learned state, so any difference is a bug (state not restored, hidden randomness, batch coupling).
/// </summary>
public class EstimatorContractTests
{
    /// <summary>What data an estimator is exercised with.</summary>
    public enum Kind { Regression, Classification, Transform }

    /// <summary>One estimator under contract: a factory, one invalid hyperparameter setting, and the data kind.</summary>
    public sealed record Case(string Name, Kind Kind, Func<IEstimator> Make, string BadParam, object? BadValue)
    {
        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    // Add a line here for every new estimator.
    public static readonly Case[] Cases =
    [
        new("LinearRegression", Kind.Regression, () => new LinearRegression(), "Solver", "qr"),
        new("LinearRegression-gd", Kind.Regression, () => new LinearRegression(solver: "gd", maxIter: 5000, tol: 1e-8), "MaxIter", 0),
        new("Ridge", Kind.Regression, () => new Ridge(alpha: 0.5), "Alpha", -1.0),
        new("Lasso", Kind.Regression, () => new Lasso(alpha: 0.05), "Alpha", -0.1),
        new("ElasticNet", Kind.Regression, () => new ElasticNet(alpha: 0.05, l1Ratio: 0.4), "L1Ratio", 1.5),
        new("LogisticRegression-l2", Kind.Classification, () => new LogisticRegression(), "C", 0.0),
        new("LogisticRegression-l1", Kind.Classification, () => new LogisticRegression(penalty: "l1", c: 0.5, maxIter: 2000), "Penalty", "l3"),
        new("LogisticRegression-en", Kind.Classification, () => new LogisticRegression(penalty: "elasticnet", l1Ratio: 0.5, maxIter: 2000), "L1Ratio", 2.0),
    ];

    public static TheoryData<Case> All()
    {
        var d = new TheoryData<Case>();
        foreach (var c in Cases) d.Add(c);
        return d;
    }

    private static (Tensor X, Tensor? Y) Data(Kind kind, int n = 60)
    {
        var g = new Generator(7);
        var x = new double[n * 4];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var X = Tensor.FromArray(x, n, 4);
        if (kind == Kind.Transform) return (X, null);
        if (kind == Kind.Regression)
        {
            var y = new double[n];
            for (int i = 0; i < n; i++) y[i] = 1.5 * x[i * 4] - 2 * x[i * 4 + 1] + 0.3 + 0.1 * g.NextNormal();
            return (X, Tensor.FromArray(y, [n]));
        }
        long[] labels = [3, 7, 11];
        var yc = new long[n];
        for (int i = 0; i < n; i++)
        {
            double s = x[i * 4] - x[i * 4 + 2] + 0.5 * g.NextNormal();
            yc[i] = labels[s < -0.5 ? 0 : s < 0.5 ? 1 : 2];
        }
        return (X, Tensor.FromArray(yc, [n]));
    }

    /// <summary>Every output of the estimator on X, as double arrays (Predict, PredictProba, DecisionFunction, Transform).</summary>
    private static List<double[]> Outputs(IEstimator e, Tensor x)
    {
        var r = new List<double[]>();
        if (e is IPredictor p) r.Add(p.Predict(x).ToDoubleArray());
        if (e is IClassifier c) r.Add(c.PredictProba(x).ToDoubleArray());
        if (e is IDecisionFunction d) r.Add(d.DecisionFunction(x).ToDoubleArray());
        if (e is ITransformer t) r.Add(t.Transform(x).ToDoubleArray());
        return r;
    }

    private static void AssertSame(List<double[]> a, List<double[]> b, string what)
    {
        Assert.Equal(a.Count, b.Count);
        for (int k = 0; k < a.Count; k++) Assert.True(a[k].SequenceEqual(b[k]), $"{what}: output {k} differs");
    }

    [Theory, MemberData(nameof(All))]
    public void FitReturnsItself(Case c)
    {
        var (x, y) = Data(c.Kind);
        var e = c.Make();
        Assert.False(e.IsFitted);
        Assert.Same(e, e.Fit(x, y));
        Assert.True(e.IsFitted);
    }

    [Theory, MemberData(nameof(All))]
    public void UnfittedUseThrows(Case c)
    {
        var (x, _) = Data(c.Kind);
        var e = c.Make();
        var ex = Assert.Throws<NotFittedException>(() => Outputs(e, x));
        Assert.Contains(e.GetType().Name, ex.Message);
    }

    [Theory, MemberData(nameof(All))]
    public void RefitIsIdempotent(Case c)
    {
        var (x, y) = Data(c.Kind);
        var e = c.Make();
        var first = Outputs(e.Fit(x, y), x);
        var second = Outputs(e.Fit(x, y), x);
        AssertSame(first, second, "refit");
        AssertSame(first, Outputs(e.Clone().Fit(x, y), x), "clone + fit");
    }

    [Theory, MemberData(nameof(All))]
    public void SaveLoadRoundTrips(Case c)
    {
        var (x, y) = Data(c.Kind);
        var e = c.Make().Fit(x, y);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-contract-{c.Name}-{Guid.NewGuid():N}.json");
        try
        {
            e.Save(path);
            var loaded = ModelFile.Load(path);
            Assert.Equal(e.GetType(), loaded.GetType());
            Assert.Equal(e.GetParams(), loaded.GetParams());
            AssertSame(Outputs(e, x), Outputs(loaded, x), "save/load");
        }
        finally { File.Delete(path); }
    }

    [Theory, MemberData(nameof(All))]
    public void SubsetOfRowsGivesSubsetOfOutputs(Case c)
    {
        var (x, y) = Data(c.Kind);
        var e = c.Make().Fit(x, y);
        var full = Outputs(e, x);
        int[] rows = [5, 0, 17, 33, 59];
        var xs = Tensor.FromArray(rows.SelectMany(r => Enumerable.Range(0, 4).Select(j => x[r, j])).ToArray(), rows.Length, 4);
        var part = Outputs(e, xs);
        for (int k = 0; k < full.Count; k++)
        {
            int width = full[k].Length / 60;
            var expected = rows.SelectMany(r => full[k].Skip(r * width).Take(width)).ToArray();
            Assert.True(expected.SequenceEqual(part[k]), $"output {k} on a row subset differs");
        }
    }

    [Theory, MemberData(nameof(All))]
    public void InvalidHyperparameterFailsInFit(Case c)
    {
        var (x, y) = Data(c.Kind);
        var bad = c.Make().Clone(new Dictionary<string, object?> { [c.BadParam] = c.BadValue }); // constructing must not throw
        Assert.Equal(c.BadValue, bad.GetParams()[c.BadParam]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => bad.Fit(x, y));
        Assert.Equal(c.BadParam, ex.ParamName);
        Assert.Contains(c.BadParam, ex.Message);
    }

    [Fact]
    public void GetParamsAndCloneFollowTheConstructor()
    {
        var r = new Ridge(alpha: 2.5, fitIntercept: false);
        Assert.Equal(new Dictionary<string, object?> { ["Alpha"] = 2.5, ["FitIntercept"] = false }, r.GetParams());
        var c = r.Clone(new Dictionary<string, object?> { ["alpha"] = 3 }); // sklearn-style name; int converted to double
        Assert.Equal(3.0, c.Alpha);
        Assert.False(c.FitIntercept);
        Assert.Throws<ArgumentException>(() => r.Clone(new Dictionary<string, object?> { ["beta"] = 1.0 }));
        Assert.Equal("Ridge(Alpha=2.5, FitIntercept=False)", r.ToString());
    }
}
