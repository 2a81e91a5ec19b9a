using Glassbox.ML;
using Glassbox.ML.Cluster;
using Glassbox.ML.Decomposition;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;
using Glassbox.ML.Mixture;
using Glassbox.ML.Svm;
using Glassbox.ML.Tree;
using Glassbox.ML.NaiveBayes;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Preprocessing;

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
    public enum Kind { Regression, Classification, Binary, Transform, Counts, Categorical }

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
        new("GaussianNB", Kind.Classification, () => new GaussianNB(), "VarSmoothing", -1.0),
        new("MultinomialNB", Kind.Counts, () => new MultinomialNB(alpha: 0.5), "Alpha", -1.0),
        new("BernoulliNB", Kind.Classification, () => new BernoulliNB(alpha: 0.5), "Alpha", -0.5),
        new("KNeighborsClassifier-brute", Kind.Classification, () => new KNeighborsClassifier(3, algorithm: "brute"), "NNeighbors", 0),
        new("KNeighborsClassifier-kd-dist", Kind.Classification, () => new KNeighborsClassifier(4, "distance", "kd_tree", leafSize: 5), "Weights", "cosine"),
        new("KNeighborsClassifier-p1", Kind.Classification, () => new KNeighborsClassifier(5, p: 1), "P", 3),
        new("KNeighborsRegressor", Kind.Regression, () => new KNeighborsRegressor(4, "distance", "brute"), "Algorithm", "ball_tree"),
        new("KNeighborsRegressor-kd", Kind.Regression, () => new KNeighborsRegressor(3, algorithm: "kd_tree", leafSize: 4), "LeafSize", 0),
        new("StandardScaler", Kind.Transform, () => new StandardScaler(), "", null),
        new("MinMaxScaler", Kind.Transform, () => new MinMaxScaler([-1.0, 2.0]), "FeatureRange", new[] { 1.0, 0.0 }),
        new("RobustScaler", Kind.Transform, () => new RobustScaler(quantileRange: [10.0, 90.0]), "QuantileRange", new[] { 50.0, 40.0 }),
        new("PolynomialFeatures", Kind.Transform, () => new PolynomialFeatures(3), "Degree", -1),
        new("SimpleImputer", Kind.Transform, () => new SimpleImputer("median"), "Strategy", "mode"),
        new("OneHotEncoder", Kind.Categorical, () => new OneHotEncoder(), "HandleUnknown", "skip"),
        new("OrdinalEncoder", Kind.Categorical, () => new OrdinalEncoder(), "HandleUnknown", "ignore"),
        new("Pipeline-classifier", Kind.Classification, () => new Pipeline(("scale", new StandardScaler()), ("poly", new PolynomialFeatures(2)), ("clf", new LogisticRegression(c: 0.5))), "clf__C", -1.0),
        new("Pipeline-regressor", Kind.Regression, () => new Pipeline(("scale", new RobustScaler()), ("ridge", new Ridge(1.0))), "ridge__Alpha", -2.0),
        new("SVC-rbf", Kind.Classification, () => new SVC(c: 2.0), "C", -1.0),
        new("SVC-poly", Kind.Classification, () => new SVC(kernel: "poly", degree: 2), "Kernel", "cubic"),
        new("SVC-probability", Kind.Classification, () => new SVC(c: 2.0, probability: true, randomState: 0), "RandomState", -1L),
        new("SVR", Kind.Regression, () => new SVR(c: 2.0, epsilon: 0.05), "Epsilon", -1.0),
        new("LinearSVC", Kind.Classification, () => new LinearSVC(c: 0.5, randomState: 0), "C", 0.0),
        new("KMeans", Kind.Transform, () => new KMeans(nClusters: 3, nInit: 2, randomState: 0), "NClusters", 0),
        new("KMeans-elkan", Kind.Transform, () => new KMeans(nClusters: 3, nInit: 2, randomState: 0, algorithm: "elkan"), "Algorithm", "hamerly"),
        new("MiniBatchKMeans", Kind.Transform, () => new MiniBatchKMeans(nClusters: 3, batchSize: 16, randomState: 0), "BatchSize", 0),
        new("GaussianMixture-full", Kind.Transform, () => new GaussianMixture(nComponents: 2, randomState: 0), "CovarianceType", "banded"),
        new("GaussianMixture-diag", Kind.Transform, () => new GaussianMixture(nComponents: 3, covarianceType: "diag", randomState: 0), "NComponents", 0),
        new("PCA", Kind.Transform, () => new PCA(nComponents: 2), "SvdSolver", "magic"),
        new("PCA-whiten", Kind.Transform, () => new PCA(nComponents: 3, whiten: true), "NComponents", -1.0),
        new("DecisionTreeClassifier", Kind.Classification, () => new DecisionTreeClassifier(maxDepth: 4, randomState: 0), "MinSamplesSplit", 1),
        new("DecisionTreeRegressor", Kind.Regression, () => new DecisionTreeRegressor(minSamplesLeaf: 3, randomState: 0), "Criterion", "gini"),
        new("DecisionTreeClassifier-ccp", Kind.Classification, () => new DecisionTreeClassifier(randomState: 0, ccpAlpha: 0.01), "CcpAlpha", -1.0),
        new("DecisionTreeRegressor-ccp", Kind.Regression, () => new DecisionTreeRegressor(randomState: 0, ccpAlpha: 0.02), "CcpAlpha", double.PositiveInfinity),
        new("DecisionTreeClassifier-maxleaf", Kind.Classification, () => new DecisionTreeClassifier(randomState: 0, maxLeafNodes: 6), "MaxLeafNodes", 1),
        new("DecisionTreeRegressor-maxleaf", Kind.Regression, () => new DecisionTreeRegressor(maxFeatures: "sqrt", randomState: 0, maxLeafNodes: 9), "MaxLeafNodes", 0),
        new("RandomForestClassifier", Kind.Classification, () => new RandomForestClassifier(nEstimators: 10, oobScore: true, randomState: 0), "NEstimators", 0),
        new("RandomForestRegressor", Kind.Regression, () => new RandomForestRegressor(nEstimators: 10, maxDepth: 5, randomState: 0), "MinSamplesLeaf", 0),
        new("GradientBoostingRegressor", Kind.Regression, () => new GradientBoostingRegressor(nEstimators: 15, randomState: 0), "LearningRate", 0.0),
        new("GradientBoostingRegressor-lad-sub", Kind.Regression, () => new GradientBoostingRegressor("absolute_error", nEstimators: 15, subsample: 0.7, randomState: 0), "Subsample", 1.5),
        new("GradientBoostingRegressor-huber", Kind.Regression, () => new GradientBoostingRegressor("huber", nEstimators: 10, alpha: 0.8, randomState: 0), "Alpha", 1.0),
        new("GradientBoostingRegressor-quantile", Kind.Regression, () => new GradientBoostingRegressor("quantile", nEstimators: 10, alpha: 0.3, randomState: 0), "Loss", "pinball"),
        new("GradientBoostingClassifier", Kind.Classification, () => new GradientBoostingClassifier(nEstimators: 10, randomState: 0), "Loss", "deviance"),
        new("GradientBoostingClassifier-exponential", Kind.Binary, () => new GradientBoostingClassifier("exponential", nEstimators: 10, subsample: 0.8, randomState: 0), "Subsample", 0.0),
    ];

    public static TheoryData<Case> All()
    {
        var d = new TheoryData<Case>();
        foreach (var c in Cases) d.Add(c);
        return d;
    }

    internal static (Tensor X, Tensor? Y) Data(Kind kind, int n = 60)
    {
        var g = new Generator(7);
        var x = new double[n * 4];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var X = Tensor.FromArray(x, n, 4);
        if (kind == Kind.Transform) return (X, null);
        if (kind == Kind.Categorical)
            return (Tensor.FromArray(x.Select(v => Math.Round(v * 1.5)).ToArray(), n, 4), null); // a few integer categories per column
        if (kind == Kind.Counts)
        {
            var counts = x.Select(v => Math.Floor(Math.Abs(v) * 3)).ToArray();
            return (Tensor.FromArray(counts, n, 4), Data(Kind.Classification, n).Y);
        }
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
            yc[i] = kind == Kind.Binary ? labels[s < 0 ? 0 : 1] : labels[s < -0.5 ? 0 : s < 0.5 ? 1 : 2];
        }
        return (X, Tensor.FromArray(yc, [n]));
    }

    /// <summary>Every output of the estimator on X, as double arrays (Predict, PredictProba, DecisionFunction, Transform).</summary>
    internal static List<double[]> Outputs(IEstimator e, Tensor x)
    {
        var r = new List<double[]>();
        void Add(Func<Tensor> f)
        {
            try { r.Add(f().ToDoubleArray()); }
            catch (NotSupportedException) { } // a pipeline exposes every interface; its final step decides which apply
        }
        if (e is IPredictor p) Add(() => p.Predict(x));
        if (e is IClassifier c) Add(() => c.PredictProba(x));
        if (e is IDecisionFunction d) Add(() => d.DecisionFunction(x));
        if (e is ITransformer t) Add(() => t.Transform(x));
        // Mixtures are neither predictors (their Score takes no y) nor transformers; check their row-wise outputs directly.
        if (e is GaussianMixture gm) { Add(() => gm.Predict(x)); Add(() => gm.PredictProba(x)); Add(() => gm.ScoreSamples(x)); }
        Assert.NotEmpty(r); // a contract check with no outputs to compare would pass vacuously
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
            Assert.Equal(PlainParams(e), PlainParams(loaded));
            AssertSame(Outputs(e, x), Outputs(loaded, x), "save/load");
        }
        finally { File.Delete(path); }
    }

    /// <summary>Hyperparameters that are plain values (nested estimators compare by reference, so they are left out).</summary>
    private static Dictionary<string, object?> PlainParams(IEstimator e) =>
        e.GetParams().Where(kv => kv.Value is null or double or int or long or bool or string or double[]).ToDictionary();

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
        if (c.BadParam == "") return; // no hyperparameter with an invalid value (StandardScaler has only booleans)
        var (x, y) = Data(c.Kind);
        var bad = c.Make().Clone(new Dictionary<string, object?> { [c.BadParam] = c.BadValue }); // constructing must not throw
        Assert.Equal(c.BadValue, bad.GetParams()[c.BadParam]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => bad.Fit(x, y));
        Assert.Equal(c.BadParam.Split("__")[^1], ex.ParamName); // a pipeline step reports its own parameter
        Assert.Contains(c.BadParam.Split("__")[^1], ex.Message);
    }

    [Theory, MemberData(nameof(All))]
    public void SampleWeightsOfOneAreTheUnweightedFitOrAreRefused(Case c)
    {
        var (x, y) = Data(c.Kind);
        int n = x.Shape[0];
        var ones = Tensor.FromArray(Enumerable.Repeat(1.0, n).ToArray(), [n]);
        var e = c.Make();
        if (!e.SupportsSampleWeight)
        {
            var ns = Assert.Throws<NotSupportedException>(() => e.Fit(x, y, ones));
            Assert.Contains($"{e.GetType().Name}.Fit: sample_weight is not supported", ns.Message);
            Assert.True(e.Fit(x, y, null).IsFitted); // null weights are the plain fit
            return;
        }
        // all-ones weights are the unweighted problem; a weighted code path may sum in another order, hence 1e-9
        // relative rather than exact
        var plain = Outputs(c.Make().Fit(x, y), x);
        var weighted = Outputs(c.Make().Fit(x, y, ones), x);
        for (int k = 0; k < plain.Count; k++)
            for (int i = 0; i < plain[k].Length; i++)
                Assert.True(Math.Abs(plain[k][i] - weighted[k][i]) <= 1e-9 * Math.Max(1, Math.Abs(plain[k][i])),
                    $"output {k}[{i}]: unweighted {plain[k][i]}, weights of one {weighted[k][i]}");
        // malformed weights are refused, naming the problem
        var bad = new (double[] W, string Message)[]
        {
            (Enumerable.Repeat(1.0, n - 1).ToArray(), "one weight per sample"),
            (Enumerable.Range(0, n).Select(i => i == 3 ? -1.0 : 1.0).ToArray(), "sample_weight[3] = -1"),
            (Enumerable.Range(0, n).Select(i => i == 5 ? double.NaN : 1.0).ToArray(), "sample_weight[5] = NaN"),
            (new double[n], "sums to 0"),
        };
        foreach (var (w, message) in bad)
        {
            var ex = Assert.Throws<ArgumentException>(() => c.Make().Fit(x, y, Tensor.FromArray(w, [w.Length])));
            Assert.Contains(message, ex.Message);
        }
    }

    /// <summary>Estimators that read NaN as "missing" (sklearn's allow-nan), and the pipeline that hands X on.</summary>
    private static readonly HashSet<string> AllowNaN = ["StandardScaler", "MinMaxScaler", "RobustScaler", "SimpleImputer", "OneHotEncoder", "OrdinalEncoder", "Pipeline"];

    private static Tensor WithCell(Tensor x, int row, int col, double v)
    {
        var a = x.ToDoubleArray();
        a[row * x.Shape[1] + col] = v;
        return Tensor.FromArray(a, x.Shape[0], x.Shape[1]);
    }

    [Theory, MemberData(nameof(All))]
    public void NonFiniteInputIsRejectedNamingTheCell(Case c)
    {
        var (x, y) = Data(c.Kind);
        var e = c.Make();
        var ex = Assert.Throws<ArgumentException>(() => e.Fit(WithCell(x, 2, 1, double.PositiveInfinity), y));
        Assert.Contains($"{e.GetType().Name}.Fit: X contains infinity at [2, 1]", ex.Message);
        if (AllowNaN.Contains(e.GetType().Name)) return;
        ex = Assert.Throws<ArgumentException>(() => e.Fit(WithCell(x, 4, 3, double.NaN), y));
        Assert.Contains($"{e.GetType().Name}.Fit: X contains NaN at [4, 3]", ex.Message);
        // predictions check their input the same way
        e.Fit(x, y);
        ex = Assert.Throws<ArgumentException>(() => Outputs(e, WithCell(x, 7, 0, double.NaN)));
        Assert.Contains("X contains NaN at [7, 0]", ex.Message);
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
