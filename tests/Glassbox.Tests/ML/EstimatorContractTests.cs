using Glassbox.ML;
using Glassbox.ML.Calibration;
using Glassbox.ML.Cluster;
using Glassbox.ML.Decomposition;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Imbalance;
using Glassbox.ML.Isotonic;
using Glassbox.ML.Linear;
using Glassbox.ML.Manifold;
using Glassbox.ML.Mixture;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.NaiveBayes;
using Glassbox.ML.Options;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Preprocessing;
using Glassbox.ML.Svm;
using Glassbox.ML.Tree;
using Glassbox.Testing;

namespace Glassbox.Tests.ML;

/// <summary>
/// The estimator contract, checked for every concrete <see cref="Estimator{TSelf}"/> of the library — found by
/// reflection (<see cref="EstimatorChecks.AllEstimatorTypes"/>), so a new estimator is under contract the day it is
/// written. Fit returns the estimator itself; use before Fit throws <see cref="NotFittedException"/> naming the
/// estimator; refitting on the same data reproduces the outputs bit for bit; Save/Load reproduces them and the
/// hyperparameters; outputs on a row subset equal the same rows of the full outputs; an invalid hyperparameter is
/// accepted by the constructor and rejected by Fit with an <see cref="ArgumentOutOfRangeException"/> naming it;
/// sample weights of one are the unweighted fit (or are refused); non-finite input is rejected naming the cell.
/// Exact equality is deliberate: every output is a row-wise function of fixed learned state, so any difference is a
/// bug (state not restored, hidden randomness, batch coupling).
/// </summary>
/// <remarks>
/// <see cref="Table"/> says how to build instances: every type listed there is checked with those instances (several
/// settings of one estimator exercise different code paths); a type not listed is checked with its
/// default-constructed instance. A type with neither fails <see cref="EveryEstimatorIsUnderContract"/>.
/// </remarks>
public class EstimatorContractTests
{
    /// <summary>One estimator setting under contract: a factory, its invalid hyperparameter settings and its data.</summary>
    public sealed record Case
    {
        /// <summary>A case with data of <paramref name="kind"/> and at most one invalid setting (an empty
        /// <paramref name="badParam"/> means none).</summary>
        public Case(string name, DataKind kind, Func<IEstimator> make, string badParam, object? badValue)
            : this(name, kind, make, badParam == "" ? [] : [(badParam, badValue)]) { }

        /// <summary>A case with several invalid settings, each checked on its own.</summary>
        public Case(string name, DataKind kind, Func<IEstimator> make, (string Param, object? Value)[] bad)
        {
            Name = name; Kind = kind; Make = make; Bad = bad;
        }

        /// <summary>Display name, unique over the table.</summary>
        public string Name { get; }
        /// <summary>The data the checks use, unless <see cref="Data"/> overrides it.</summary>
        public DataKind Kind { get; }
        /// <summary>Builds a fresh unfitted instance.</summary>
        public Func<IEstimator> Make { get; }
        /// <summary>Hyperparameter settings Fit must reject (a pipeline step's as <c>step__Param</c>).</summary>
        public (string Param, object? Value)[] Bad { get; }
        /// <summary>Data of its own (X, y) instead of that of <see cref="Kind"/>; at least 60 rows.</summary>
        public Func<(Tensor X, Tensor? Y)>? Data { get; init; }
        /// <summary>False for an estimator whose outputs do not depend on the X it is given (t-SNE embeds its
        /// training set only): the row-subset and prediction-input checks do not apply.</summary>
        public bool RowWise { get; init; } = true;
        /// <summary>If set, the training-set score (accuracy or R²) must exceed it — the model learned something.</summary>
        public double? MinTrainingScore { get; init; }
        /// <summary>For an estimator that refuses to be saved (<see cref="NotSupportedException"/>, its message saying
        /// what to save instead): what it says to save. The round trip is then checked on that estimator's predictions.</summary>
        public Func<IEstimator, IEstimator>? SavedInstead { get; init; }
        /// <summary>Why weights of one are not the unweighted fit, where scikit-learn itself makes them differ (the
        /// malformed-weight checks still apply); null for the rest.</summary>
        public string? UnitWeightsDiffer { get; init; }

        /// <summary>The case's X and y.</summary>
        public (Tensor X, Tensor? Y) Xy() => Data is null ? EstimatorChecks.Data(Kind) : Data();

        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    private static Case Variant(string name, DataKind kind, Func<IEstimator> make, string badParam, object? badValue) =>
        new(name, kind, make, badParam, badValue);

    /// <summary>
    /// How to build instances of the estimators (the meta-estimators and pipelines need constructor arguments; the
    /// others are listed with settings that reach their separate code paths).
    /// </summary>
    public static readonly Case[] Table =
    [
        Variant("LinearRegression", DataKind.Regression, () => new LinearRegression(), "Solver", (LinearRegressionSolver)99),
        Variant("LinearRegression-gd", DataKind.Regression, () => new LinearRegression(solver: LinearRegressionSolver.Gd, maxIter: 5000, tol: 1e-8), "MaxIter", 0),
        Variant("Ridge", DataKind.Regression, () => new Ridge(alpha: 0.5), "Alpha", -1.0),
        Variant("Lasso", DataKind.Regression, () => new Lasso(alpha: 0.05), "Alpha", -0.1),
        Variant("ElasticNet", DataKind.Regression, () => new ElasticNet(alpha: 0.05, l1Ratio: 0.4), "L1Ratio", 1.5),
        Variant("LogisticRegression-l2", DataKind.Classification, () => new LogisticRegression(), "C", 0.0),
        Variant("LogisticRegression-l1", DataKind.Classification, () => new LogisticRegression(penalty: Penalty.L1, c: 0.5, maxIter: 2000), "Penalty", (Penalty)99),
        Variant("LogisticRegression-en", DataKind.Classification, () => new LogisticRegression(penalty: Penalty.Elasticnet, l1Ratio: 0.5, maxIter: 2000), "L1Ratio", 2.0),
        Variant("GaussianNB", DataKind.Classification, () => new GaussianNB(), "VarSmoothing", -1.0),
        Variant("MultinomialNB", DataKind.Counts, () => new MultinomialNB(alpha: 0.5), "Alpha", -1.0),
        Variant("BernoulliNB", DataKind.Classification, () => new BernoulliNB(alpha: 0.5), "Alpha", -0.5),
        Variant("KNeighborsClassifier-brute", DataKind.Classification, () => new KNeighborsClassifier(3, algorithm: NeighborAlgorithm.Brute), "NNeighbors", 0),
        Variant("KNeighborsClassifier-kd-dist", DataKind.Classification, () => new KNeighborsClassifier(4, NeighborWeights.Distance, NeighborAlgorithm.KdTree, leafSize: 5), "Weights", (NeighborWeights)99),
        Variant("KNeighborsClassifier-p1", DataKind.Classification, () => new KNeighborsClassifier(5, p: 1), "P", 3),
        Variant("KNeighborsRegressor", DataKind.Regression, () => new KNeighborsRegressor(4, NeighborWeights.Distance, NeighborAlgorithm.Brute), "Algorithm", (NeighborAlgorithm)99),
        Variant("KNeighborsRegressor-kd", DataKind.Regression, () => new KNeighborsRegressor(3, algorithm: NeighborAlgorithm.KdTree, leafSize: 4), "LeafSize", 0),
        Variant("StandardScaler", DataKind.Transform, () => new StandardScaler(), "", null), // only booleans: nothing invalid
        Variant("MinMaxScaler", DataKind.Transform, () => new MinMaxScaler([-1.0, 2.0]), "FeatureRange", new[] { 1.0, 0.0 }),
        Variant("RobustScaler", DataKind.Transform, () => new RobustScaler(quantileRange: [10.0, 90.0]), "QuantileRange", new[] { 50.0, 40.0 }),
        Variant("PolynomialFeatures", DataKind.Transform, () => new PolynomialFeatures(3), "Degree", -1),
        Variant("SimpleImputer", DataKind.Transform, () => new SimpleImputer(ImputeStrategy.Median), "Strategy", (ImputeStrategy)99),
        Variant("OneHotEncoder", DataKind.Categorical, () => new OneHotEncoder(), "HandleUnknown", HandleUnknown.UseEncodedValue),
        Variant("OrdinalEncoder", DataKind.Categorical, () => new OrdinalEncoder(), "HandleUnknown", HandleUnknown.Ignore),
        new("TargetEncoder", DataKind.CategoricalTarget, () => new TargetEncoder(smooth: 1), [("Smooth", -1.0), ("Cv", 1)]),
        Variant("Pipeline-classifier", DataKind.Classification, () => new Pipeline(("scale", new StandardScaler()), ("poly", new PolynomialFeatures(2)), ("clf", new LogisticRegression(c: 0.5))), "clf__C", -1.0),
        Variant("Pipeline-regressor", DataKind.Regression, () => new Pipeline(("scale", new RobustScaler()), ("ridge", new Ridge(1.0))), "ridge__Alpha", -2.0),
        new("GridSearchCV", DataKind.Regression, () => new GridSearchCV(new Ridge(), new Dictionary<string, object?[]> { ["Alpha"] = [0.1, 1.0, 10.0] }, cv: 3), [("Cv", 1)])
            { SavedInstead = e => ((GridSearchCV)e).BestEstimator },
        new("RandomizedSearchCV", DataKind.Classification, () => new RandomizedSearchCV(new LogisticRegression(), new Dictionary<string, object> { ["C"] = new object?[] { 0.1, 1.0, 10.0 } }, nIter: 2, cv: 3, seed: 4),
            [("NIter", 0), ("Scoring", (Scoring)99)]) { SavedInstead = e => ((RandomizedSearchCV)e).BestEstimator },
        Variant("SVC-rbf", DataKind.Classification, () => new SVC(c: 2.0), "C", -1.0),
        Variant("SVC-poly", DataKind.Classification, () => new SVC(kernel: Kernel.Poly, degree: 2), "Kernel", (Kernel)99),
        Variant("SVC-probability", DataKind.Classification, () => new SVC(c: 2.0, probability: true, randomState: 0), "RandomState", -1L),
        new("SVC-blobs", DataKind.Classification, () => new SVC(c: 2), [("Gamma", Gamma.Of(-1))]) { Data = BlobsXy },
        Variant("SVR", DataKind.Regression, () => new SVR(c: 2.0, epsilon: 0.05), "Epsilon", -1.0),
        new("SVR-blobs", DataKind.Regression, () => new SVR(c: 3, epsilon: 0.05), [("Epsilon", -0.1)]) { Data = BlobsSine },
        Variant("LinearSVC", DataKind.Classification, () => new LinearSVC(c: 0.5, randomState: 0), "C", 0.0),
        new("LinearSVC-blobs", DataKind.Classification, () => new LinearSVC(randomState: 3), [("Loss", (HingeLoss)99)]) { Data = BlobsXy },
        Variant("KMeans", DataKind.Transform, () => new KMeans(nClusters: 3, nInit: 2, randomState: 0), "NClusters", 0),
        Variant("KMeans-elkan", DataKind.Transform, () => new KMeans(nClusters: 3, nInit: 2, randomState: 0, algorithm: KMeansAlgorithm.Elkan), "Algorithm", (KMeansAlgorithm)99),
        new("KMeans-blobs", DataKind.Transform, () => new KMeans(3, randomState: 1), [("InitCenters", Tensor.Zeros(2, 4))]) { Data = BlobsX },
        Variant("MiniBatchKMeans", DataKind.Transform, () => new MiniBatchKMeans(nClusters: 3, batchSize: 16, randomState: 0), "BatchSize", 0),
        new("MiniBatchKMeans-blobs", DataKind.Transform, () => new MiniBatchKMeans(3, batchSize: 20, randomState: 1), [("NClusters", 0)]) { Data = BlobsX },
        Variant("GaussianMixture-full", DataKind.Transform, () => new GaussianMixture(nComponents: 2, randomState: 0), "CovarianceType", (CovarianceType)99),
        Variant("GaussianMixture-diag", DataKind.Transform, () => new GaussianMixture(nComponents: 3, covarianceType: CovarianceType.Diag, randomState: 0), "NComponents", 0),
        .. Enum.GetValues<CovarianceType>().Select(ct =>
            new Case($"GaussianMixture-{SklearnNames.Of(ct)}-blobs", DataKind.Transform, () => new GaussianMixture(3, ct, randomState: 2), [("MeansInit", Tensor.Zeros(2, 4))]) { Data = BlobsX }),
        Variant("PCA", DataKind.Transform, () => new PCA(nComponents: 2), "SvdSolver", (SvdSolver)99),
        Variant("PCA-whiten", DataKind.Transform, () => new PCA(nComponents: 3, whiten: true), "NComponents", -1.0),
        .. new[] { SvdSolver.Full, SvdSolver.CovarianceEigh, SvdSolver.Randomized }.Select(solver =>
            new Case($"PCA-{SklearnNames.Of(solver)}", DataKind.Transform, () => new PCA(3, svdSolver: solver, randomState: 3), [("NComponents", 2.5), ("NComponents", 9.0)]) { Data = PcaData }),
        new("TSNE", DataKind.Transform, () => new TSNE(perplexity: 10, nIter: 300, randomState: 1), [("Perplexity", -1.0), ("Method", (TsneMethod)99), ("NComponents", 3)])
            { Data = TsneData, RowWise = false },
        Variant("DecisionTreeClassifier", DataKind.Classification, () => new DecisionTreeClassifier(maxDepth: 4, randomState: 0), "MinSamplesSplit", 1),
        Variant("DecisionTreeRegressor", DataKind.Regression, () => new DecisionTreeRegressor(minSamplesLeaf: 3, randomState: 0), "Criterion", Criterion.Gini),
        Variant("DecisionTreeClassifier-ccp", DataKind.Classification, () => new DecisionTreeClassifier(randomState: 0, ccpAlpha: 0.01), "CcpAlpha", -1.0),
        Variant("DecisionTreeRegressor-ccp", DataKind.Regression, () => new DecisionTreeRegressor(randomState: 0, ccpAlpha: 0.02), "CcpAlpha", double.PositiveInfinity),
        Variant("DecisionTreeClassifier-maxleaf", DataKind.Classification, () => new DecisionTreeClassifier(randomState: 0, maxLeafNodes: 6), "MaxLeafNodes", 1),
        Variant("DecisionTreeRegressor-maxleaf", DataKind.Regression, () => new DecisionTreeRegressor(maxFeatures: MaxFeatures.Sqrt, randomState: 0, maxLeafNodes: 9), "MaxLeafNodes", 0),
        Variant("RandomForestClassifier", DataKind.Classification, () => new RandomForestClassifier(nEstimators: 10, oobScore: true, randomState: 0), "NEstimators", 0),
        Variant("RandomForestRegressor", DataKind.Regression, () => new RandomForestRegressor(nEstimators: 10, maxDepth: 5, randomState: 0), "MinSamplesLeaf", 0),
        Variant("GradientBoostingRegressor", DataKind.Regression, () => new GradientBoostingRegressor(nEstimators: 15, randomState: 0), "LearningRate", 0.0),
        Variant("GradientBoostingRegressor-lad-sub", DataKind.Regression, () => new GradientBoostingRegressor(GradientBoostingRegressorLoss.AbsoluteError, nEstimators: 15, subsample: 0.7, randomState: 0), "Subsample", 1.5),
        Variant("GradientBoostingRegressor-huber", DataKind.Regression, () => new GradientBoostingRegressor(GradientBoostingRegressorLoss.Huber, nEstimators: 10, alpha: 0.8, randomState: 0), "Alpha", 1.0),
        Variant("GradientBoostingRegressor-quantile", DataKind.Regression, () => new GradientBoostingRegressor(GradientBoostingRegressorLoss.Quantile, nEstimators: 10, alpha: 0.3, randomState: 0), "Loss", (GradientBoostingRegressorLoss)99),
        Variant("GradientBoostingClassifier", DataKind.Classification, () => new GradientBoostingClassifier(nEstimators: 10, randomState: 0), "Loss", (GradientBoostingClassifierLoss)99),
        Variant("GradientBoostingClassifier-exponential", DataKind.Binary, () => new GradientBoostingClassifier(GradientBoostingClassifierLoss.Exponential, nEstimators: 10, subsample: 0.8, randomState: 0), "Subsample", 0.0),
        // the tree estimators on 160×5 data with a signal they must learn (training score > 0.7)
        TreeCase("dtc", () => new DecisionTreeClassifier(maxDepth: 6, randomState: 1), [("MaxDepth", 0), ("Criterion", (Criterion)99), ("Criterion", Criterion.SquaredError), ("MaxFeatures", MaxFeatures.Count(0))]),
        TreeCase("dtr", () => new DecisionTreeRegressor(maxDepth: 6, randomState: 1), [("MinSamplesSplit", 1), ("MinSamplesLeaf", 0), ("MaxFeatures", MaxFeatures.Fraction(1.5))]),
        TreeCase("rfc", () => new RandomForestClassifier(nEstimators: 12, oobScore: true, randomState: 3), [("NEstimators", 0), ("MaxSamples", MaxSamples.Fraction(2.0)), ("MaxSamples", MaxSamples.Count(0)), ("ClassWeight", ClassWeight.Of(new Dictionary<long, double> { [0] = -1 }))]),
        TreeCase("rfr", () => new RandomForestRegressor(nEstimators: 12, oobScore: true, randomState: 3, maxFeatures: 0.6), [("Criterion", Criterion.LogLoss), ("NJobs", 0)]),
        TreeCase("hgbc", () => new HistGradientBoostingClassifier(maxIter: 15, minSamplesLeaf: 5),
            [("LearningRate", 0.0), ("MaxBins", 256), ("NIterNoChange", 0), ("Tol", -1.0), ("CategoricalFeatures", CategoricalFeatures.Indices(-1))]),
        TreeCase("hgbr", () => new HistGradientBoostingRegressor(maxIter: 15, minSamplesLeaf: 5),
            [("MaxLeafNodes", 1), ("L2Regularization", -1.0), ("ValidationFraction", 1.5), ("CategoricalFeatures", CategoricalFeatures.Indices(5))]),
        TreeCase("hgbc-cat", () => new HistGradientBoostingClassifier(maxIter: 15, minSamplesLeaf: 5, categoricalFeatures: new[] { 4 }),
            [("CategoricalFeatures", CategoricalFeatures.Mask(true, false))]),
        TreeCase("hgbr-cat", () => new HistGradientBoostingRegressor(maxIter: 15, minSamplesLeaf: 5, categoricalFeatures: new[] { false, false, false, false, true }), []),
        TreeCase("hgbr-poisson", () => new HistGradientBoostingRegressor(maxIter: 15, minSamplesLeaf: 5, loss: HistGradientBoostingRegressorLoss.Poisson), [("Loss", (HistGradientBoostingRegressorLoss)99)]),
        TreeCase("hgbr-quantile", () => new HistGradientBoostingRegressor(maxIter: 25, minSamplesLeaf: 5, learningRate: 0.3, loss: HistGradientBoostingRegressorLoss.Quantile, quantile: 0.5),
            [("Quantile", 1.0)]) with
        {
            UnitWeightsDiffer = "sklearn 1.2 sets quantile leaves with np.percentile (linear interpolation) without weights " +
                "and with _weighted_percentile (no interpolation) with them, even when every weight is 1",
        },
        new("IsotonicRegression", DataKind.Regression, () => new IsotonicRegression(outOfBounds: IsotonicOutOfBounds.Clip),
            [("OutOfBounds", (IsotonicOutOfBounds)99), ("YMin", double.NaN)]) { Data = IsotonicXy, MinTrainingScore = 0.7 },
        new("IsotonicRegression-decreasing", DataKind.Regression, () => new IsotonicRegression(yMin: -0.5, increasing: false), [("YMax", -1.0)]) { Data = IsotonicXy },
        Variant("CalibratedClassifierCV-sigmoid", DataKind.Classification, () => new CalibratedClassifierCV(new GaussianNB(), cv: 3), "Cv", 1),
        Variant("StackingClassifier", DataKind.Classification, () => new StackingClassifier([("nb", new GaussianNB()), ("tree", new DecisionTreeClassifier(maxDepth: 3, randomState: 0))], cv: 3), "Cv", 1),
        Variant("StackingClassifier-passthrough", DataKind.Binary, () => new StackingClassifier([("svc", new LinearSVC(randomState: 0))], new GaussianNB(), cv: 3, passthrough: true), "StackMethod", (StackMethod)99),
        Variant("StackingRegressor", DataKind.Regression, () => new StackingRegressor([("ridge", new Ridge(1.0)), ("knn", new KNeighborsRegressor(3))], cv: 3, passthrough: true), "Cv", 0),
        Variant("CalibratedClassifierCV-isotonic", DataKind.Classification, () => new CalibratedClassifierCV(new LogisticRegression(), CalibrationMethod.Isotonic, 3, ensemble: false), "Method", (CalibrationMethod)99),
        new("FixedThresholdClassifier", DataKind.Binary, () => new FixedThresholdClassifier(new LogisticRegression(), threshold: 0.3),
            [("Threshold", double.NaN), ("ResponseMethod", ResponseMethod.Predict), ("Estimator", new Ridge())]),
        new("FixedThresholdClassifier-decision", DataKind.Binary, () => new FixedThresholdClassifier(new LinearSVC(randomState: 0), posLabel: 3),
            [("ResponseMethod", ResponseMethod.PredictProba)]),
        new("TunedThresholdClassifierCV", DataKind.Binary, () => new TunedThresholdClassifierCV(new GaussianNB(), thresholds: 20, cv: 3),
            [("Thresholds", 1), ("Cv", 1), ("Scoring", ThresholdObjective.PrecisionAtRecall(1.5))]),
        new("TunedThresholdClassifierCV-cost", DataKind.Binary, () => new TunedThresholdClassifierCV(new LinearSVC(randomState: 0), ThresholdObjective.Cost(0, 1, 4, 0), cv: 3),
            [("Scoring", ThresholdObjective.Cost(0, double.NaN, 1, 0))]),
        new("RandomOverSampler", DataKind.Classification, () => new RandomOverSampler(randomState: 0), [("SamplingStrategy", 1.5), ("RandomState", -1)]) { RowWise = false },
        new("RandomUnderSampler", DataKind.Classification, () => new RandomUnderSampler(randomState: 0, replacement: true), [("SamplingStrategy", 0.0)]) { RowWise = false },
        new("Smote", DataKind.Classification, () => new Smote(randomState: 0, kNeighbors: 3), [("KNeighbors", 0)]) { RowWise = false },
        new("Pipeline-smote", DataKind.Classification, () => new Pipeline(("scale", new StandardScaler()), ("smote", new Smote(randomState: 1)), ("clf", new LogisticRegression())),
            [("smote__KNeighbors", 0)]),
        new("LinearSVC-balanced", DataKind.Classification, () => new LinearSVC(randomState: 0, classWeight: ClassWeight.Balanced), [("ClassWeight", ClassWeight.BalancedSubsample)]),
        TreeCase("hgbc-balanced", () => new HistGradientBoostingClassifier(maxIter: 15, minSamplesLeaf: 5, classWeight: ClassWeight.Balanced),
            [("ClassWeight", ClassWeight.Of(new Dictionary<long, double> { [4] = 0 }))]),
    ];

    /// <summary>60 rows of one feature with a noisy increasing target (isotonic regression takes one feature).</summary>
    private static (Tensor X, Tensor? Y) IsotonicXy()
    {
        var g = new Generator(3);
        var x = Enumerable.Range(0, 60).Select(_ => g.NextDouble() * 4).ToArray();
        return (Tensor.FromArray(x, 60, 1), Tensor.FromArray(x.Select(v => Math.Sqrt(v) + 0.2 * g.NextNormal()).ToArray(), [60]));
    }

    private static (Tensor X, Tensor? Y) BlobsXy() => EstimatorChecks.Blobs();
    private static (Tensor X, Tensor? Y) BlobsX() => (EstimatorChecks.Blobs().X, null);

    /// <summary>Blobs with the smooth target sin(x0) + x1/2.</summary>
    private static (Tensor X, Tensor? Y) BlobsSine()
    {
        var (x, _) = EstimatorChecks.Blobs();
        return (x, Tensor.FromArray(x.ToDoubleArray().Chunk(4).Select(r => Math.Sin(r[0]) + 0.5 * r[1]).ToArray(), x.Shape[0]));
    }

    /// <summary>60×7 standard normal with column scales 1…7, so the principal directions are well separated.</summary>
    private static (Tensor X, Tensor? Y) PcaData()
    {
        var g = new Generator(1);
        var x = new double[60 * 7];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal() * (1 + i % 7);
        return (Tensor.FromArray(x, 60, 7), null);
    }

    /// <summary>Three clusters of 20 points in 5-D.</summary>
    private static (Tensor X, Tensor? Y) TsneData()
    {
        var g = new Generator(5);
        return (Tensor.FromArray(Enumerable.Range(0, 60 * 5).Select(i => g.NextNormal() + (i / 5 % 3) * 4.0).ToArray(), 60, 5), null);
    }

    private static Case TreeCase(string name, Func<IEstimator> make, (string, object?)[] bad)
    {
        bool classifier = name.Split('-')[0].EndsWith('c');
        return new Case($"{make().GetType().Name}-{name}", classifier ? DataKind.Classification : DataKind.Regression, make, bad)
        {
            Data = () => TreeData(name, classifier),
            MinTrainingScore = 0.7,
        };
    }

    /// <summary>160×5 normal X; classes 4, 2, 9 from x0 − 0.7·x1; regression target sin(x0) + x2² (e^{y/2} for Poisson,
    /// which needs non-negative targets). "-cat" cases get column 4 replaced by a category 0…11 read off x0 with its
    /// order scrambled (so the categorical splits carry the signal), NaN in every 13th row.</summary>
    private static (Tensor X, Tensor? Y) TreeData(string name, bool classifier)
    {
        const int n = 160, p = 5;
        var g = new Generator(7);
        var x = new double[n * p];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var yc = new long[n];
        var yr = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = x[i * p] - 0.7 * x[i * p + 1] + 0.3 * g.NextNormal();
            yc[i] = s > 0.5 ? 4 : s > -0.5 ? 2 : 9;
            yr[i] = Math.Sin(x[i * p]) + x[i * p + 2] * x[i * p + 2] + 0.1 * g.NextNormal();
        }
        if (name.EndsWith("-cat"))
        {
            int[] scramble = [7, 2, 10, 0, 5, 11, 3, 8, 1, 6, 9, 4];
            for (int i = 0; i < n; i++)
                x[i * p + 4] = i % 13 == 0 ? double.NaN : scramble[Math.Clamp((int)Math.Floor((x[i * p] + 3) * 2), 0, 11)];
        }
        if (name.EndsWith("-poisson")) yr = yr.Select(v => Math.Exp(0.5 * v)).ToArray();
        return (Tensor.FromArray(x, n, p), classifier ? Tensor.FromArray(yc, [n]) : Tensor.FromArray(yr, [n]));
    }

    /// <summary>The table's cases, then a default-constructed case for each discovered type the table does not list.</summary>
    public static IReadOnlyList<Case> Cases { get; } = BuildCases();

    private static List<Case> BuildCases()
    {
        var listed = Table.Select(c => c.Make().GetType()).ToHashSet();
        var cases = Table.ToList();
        foreach (var t in EstimatorChecks.AllEstimatorTypes().Where(t => !listed.Contains(t) && EstimatorChecks.HasDefaultConstructor(t)))
            cases.Add(new Case($"{t.Name}-default", EstimatorChecks.DefaultKind(t), () => EstimatorChecks.CreateDefault(t), []));
        return cases;
    }

    public static TheoryData<Case> All() => Of(Cases);
    public static TheoryData<Case> RowWise() => Of(Cases.Where(c => c.RowWise));
    public static TheoryData<Case> Learning() => Of(Cases.Where(c => c.MinTrainingScore is not null));

    private static TheoryData<Case> Of(IEnumerable<Case> cases)
    {
        var d = new TheoryData<Case>();
        foreach (var c in cases) d.Add(c);
        return d;
    }

    public static TheoryData<Case, string, object?> BadSettings()
    {
        var d = new TheoryData<Case, string, object?>();
        foreach (var c in Cases)
            foreach (var (param, value) in c.Bad) d.Add(c, param, value);
        return d;
    }

    [Fact]
    public void EveryEstimatorIsUnderContract()
    {
        var types = EstimatorChecks.AllEstimatorTypes();
        Assert.True(types.Count >= 30, $"discovery found only {types.Count} estimator types");
        var listed = Table.Select(c => c.Make().GetType()).ToHashSet();
        var uncovered = types.Where(t => !listed.Contains(t) && !EstimatorChecks.HasDefaultConstructor(t)).Select(t => t.FullName).ToList();
        Assert.True(uncovered.Count == 0,
            $"estimators with neither a default constructor nor an entry in EstimatorContractTests.Table: {string.Join(", ", uncovered)}");
        // every discovered type is exercised by at least one case, and the names are unique
        Assert.Empty(types.Except(Cases.Select(c => c.Make().GetType())));
        Assert.Equal(Cases.Count, Cases.Select(c => c.Name).Distinct().Count());
        // the ones the hand-kept list used to miss are found
        foreach (var t in new[] { typeof(HistGradientBoostingClassifier), typeof(HistGradientBoostingRegressor), typeof(TSNE), typeof(TargetEncoder), typeof(GridSearchCV), typeof(RandomizedSearchCV) })
            Assert.Contains(t, types);
    }

    private static void AssertSame(List<double[]> a, List<double[]> b, string what)
    {
        int k = EstimatorChecks.FirstDifference(a, b);
        Assert.True(k < 0, $"{what}: output {k} differs");
    }

    [Theory, MemberData(nameof(All))]
    public void FitReturnsItself(Case c)
    {
        var (x, y) = c.Xy();
        var e = c.Make();
        Assert.False(e.IsFitted);
        Assert.Same(e, e.Fit(x, y));
        Assert.True(e.IsFitted);
    }

    [Theory, MemberData(nameof(All))]
    public void UnfittedUseThrows(Case c)
    {
        var (x, _) = c.Xy();
        var e = c.Make();
        var ex = Assert.Throws<NotFittedException>(() => EstimatorChecks.Outputs(e, x));
        Assert.Contains(e.GetType().Name, ex.Message);
    }

    [Theory, MemberData(nameof(All))]
    public void RefitIsIdempotent(Case c)
    {
        var (x, y) = c.Xy();
        var e = c.Make();
        var first = EstimatorChecks.Outputs(e.Fit(x, y), x);
        var second = EstimatorChecks.Outputs(e.Fit(x, y), x);
        AssertSame(first, second, "refit");
        AssertSame(first, EstimatorChecks.Outputs(e.Clone().Fit(x, y), x), "clone + fit");
    }

    [Theory, MemberData(nameof(All))]
    public void SaveLoadRoundTrips(Case c)
    {
        var (x, y) = c.Xy();
        var e = c.Make().Fit(x, y);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-contract-{c.Name}-{Guid.NewGuid():N}.json");
        try
        {
            if (c.SavedInstead is { } instead)
            {
                var refused = Assert.Throws<NotSupportedException>(() => e.Save(path));
                Assert.Contains(e.GetType().Name, refused.Message);
                Assert.False(File.Exists(path)); // a refused save leaves nothing behind
                var inner = instead(e);
                inner.Save(path);
                var back = ModelFile.Load(path);
                Assert.Equal(inner.GetType(), back.GetType());
                Assert.Equal(ComparableParams(inner), ComparableParams(back));
                Assert.Equal(((IPredictor)e).Predict(x).ToDoubleArray(), ((IPredictor)back).Predict(x).ToDoubleArray());
                return;
            }
            e.Save(path);
            var loaded = ModelFile.Load(path);
            Assert.Equal(e.GetType(), loaded.GetType());
            Assert.Equal(ComparableParams(e), ComparableParams(loaded));
            AssertSame(EstimatorChecks.Outputs(e, x), EstimatorChecks.Outputs(loaded, x), "save/load");
        }
        finally { File.Delete(path); }
    }

    /// <summary>Hyperparameters that compare by value (nested estimators and tensors compare by reference, so they are
    /// left out; arrays and dictionaries are compared element by element).</summary>
    private static Dictionary<string, object?> ComparableParams(IEstimator e) =>
        e.GetParams().Where(kv => kv.Value is not (IEstimator or Tensor or ValueTuple<string, IEstimator>[])).ToDictionary();

    [Theory, MemberData(nameof(RowWise))]
    public void SubsetOfRowsGivesSubsetOfOutputs(Case c)
    {
        var (x, y) = c.Xy();
        var e = c.Make().Fit(x, y);
        int n = x.Shape[0];
        var full = EstimatorChecks.Outputs(e, x);
        int[] rows = [5, 0, 17, 3, 3, 33, n - 1]; // out of order, with a repeat
        var part = EstimatorChecks.Outputs(e, EstimatorChecks.Rows(x, rows));
        Assert.Equal(full.Count, part.Count);
        for (int k = 0; k < full.Count; k++)
        {
            int width = full[k].Length / n;
            var expected = rows.SelectMany(r => full[k].Skip(r * width).Take(width)).ToArray();
            Assert.True(expected.SequenceEqual(part[k]), $"output {k} on a row subset differs");
        }
    }

    [Theory, MemberData(nameof(BadSettings))]
    public void InvalidHyperparameterFailsInFit(Case c, string param, object? value)
    {
        var (x, y) = c.Xy();
        var bad = c.Make().Clone(new Dictionary<string, object?> { [param] = value }); // constructing must not throw
        Assert.Equal(value, bad.GetParams()[param]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => bad.Fit(x, y));
        Assert.Equal(param.Split("__")[^1], ex.ParamName); // a pipeline step reports its own parameter
        Assert.Contains(param.Split("__")[^1], ex.Message);
    }

    [Theory, MemberData(nameof(Learning))]
    public void FitsItsTrainingData(Case c)
    {
        var (x, y) = c.Xy();
        var e = c.Make().Fit(x, y);
        double score = e is IClassifier k ? Glassbox.ML.Metrics.Classification.AccuracyScore(y!, k.Predict(x)) : Glassbox.ML.Metrics.Regression.R2Score(y!, ((IRegressor)e).Predict(x));
        Assert.True(score > c.MinTrainingScore, $"{c.Name} training score {score}");
    }

    [Theory, MemberData(nameof(All))]
    public void SampleWeightsOfOneAreTheUnweightedFitOrAreRefused(Case c)
    {
        var (x, y) = c.Xy();
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
        var plain = EstimatorChecks.Outputs(c.Make().Fit(x, y), x);
        var weighted = EstimatorChecks.Outputs(c.Make().Fit(x, y, ones), x);
        Assert.Equal(plain.Count, weighted.Count);
        if (c.UnitWeightsDiffer is null)
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

    /// <summary>Estimators that read NaN as "missing" (sklearn's allow-nan), and the meta-estimators that hand X on.</summary>
    private static readonly HashSet<Type> AllowNaN =
    [
        typeof(StandardScaler), typeof(MinMaxScaler), typeof(RobustScaler), typeof(SimpleImputer), typeof(OneHotEncoder), typeof(OrdinalEncoder),
        typeof(TargetEncoder), typeof(HistGradientBoostingClassifier), typeof(HistGradientBoostingRegressor),
        typeof(Pipeline), typeof(GridSearchCV), typeof(RandomizedSearchCV), typeof(RandomOverSampler), typeof(RandomUnderSampler),
    ];

    private static Tensor WithCell(Tensor x, int row, int col, double v)
    {
        var a = x.ToDoubleArray();
        a[row * x.Shape[1] + col] = v;
        return Tensor.FromArray(a, x.Shape[0], x.Shape[1]);
    }

    [Theory, MemberData(nameof(All))]
    public void NonFiniteInputIsRejectedNamingTheCell(Case c)
    {
        var (x, y) = c.Xy();
        var e = c.Make();
        // columns 1 and 3, or the last column for narrower data (isotonic regression takes one feature)
        int c1 = Math.Min(1, x.Shape[1] - 1), c3 = Math.Min(3, x.Shape[1] - 1);
        var ex = Assert.Throws<ArgumentException>(() => e.Fit(WithCell(x, 2, c1, double.PositiveInfinity), y));
        Assert.Contains($"{e.GetType().Name}.Fit: X contains infinity at [2, {c1}]", ex.Message);
        if (AllowNaN.Contains(e.GetType())) return;
        ex = Assert.Throws<ArgumentException>(() => e.Fit(WithCell(x, 4, c3, double.NaN), y));
        Assert.Contains($"{e.GetType().Name}.Fit: X contains NaN at [4, {c3}]", ex.Message);
        if (!c.RowWise) return; // outputs that ignore X have no input to check
        // predictions check their input the same way
        e.Fit(x, y);
        ex = Assert.Throws<ArgumentException>(() => EstimatorChecks.Outputs(e, WithCell(x, 7, 0, double.NaN)));
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
