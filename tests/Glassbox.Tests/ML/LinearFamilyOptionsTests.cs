using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Linear;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Options;
using Glassbox.ML.Svm;
using Glassbox.Testing;

namespace Glassbox.Tests.ML;

/// <summary>
/// The typed hyperparameters of the linear models, SVMs and neighbours: model files keep scikit-learn's spelling of
/// every enum and option (so files written before the types existed still load), grid values may still be given as
/// those strings, and the <see cref="Gamma"/> option resolves γ as libsvm does.
/// </summary>
public class LinearFamilyOptionsTests
{
    private static JsonObject SavedJson(IEstimator fitted, out string path)
    {
        path = Path.Combine(Path.GetTempPath(), $"glassbox-opts-{Guid.NewGuid():N}.json");
        fitted.Save(path);
        return (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
    }

    /// <summary>Fits, saves, checks the spelling of <paramref name="param"/> in the file, loads it back and checks the
    /// hyperparameter and the predictions survive.</summary>
    private static void AssertSpelledAndReloaded<T>(T estimator, DataKind kind, string param, string sklearn, Func<T, object?> value)
        where T : Estimator<T>, IPredictor
    {
        var (x, y) = EstimatorChecks.Data(kind);
        estimator.Fit(x, y);
        var json = SavedJson(estimator, out var path);
        try
        {
            Assert.Equal(sklearn, json["params"]![param]!.GetValue<string>());
            var loaded = Estimator<T>.Load(path);
            Assert.Equal(value(estimator), value(loaded));
            Assert.Equal(estimator.Predict(x).ToDoubleArray(), loaded.Predict(x).ToDoubleArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void EnumsAreWrittenInScikitLearnSpellingAndReadBack()
    {
        AssertSpelledAndReloaded(new LinearRegression(solver: LinearRegressionSolver.Gd, tol: 1e-8), DataKind.Regression, "Solver", "gd", m => m.Solver);
        AssertSpelledAndReloaded(new LogisticRegression(penalty: Penalty.Elasticnet, l1Ratio: 0.3), DataKind.Classification, "Penalty", "elasticnet", m => m.Penalty);
        AssertSpelledAndReloaded(new LogisticRegression(penalty: Penalty.None), DataKind.Classification, "Penalty", "none", m => m.Penalty);
        AssertSpelledAndReloaded(new SVC(kernel: Kernel.Poly, degree: 2), DataKind.Classification, "Kernel", "poly", m => m.Kernel);
        AssertSpelledAndReloaded(new SVC(decisionFunctionShape: DecisionFunctionShape.Ovo), DataKind.Classification, "DecisionFunctionShape", "ovo", m => m.DecisionFunctionShape);
        AssertSpelledAndReloaded(new SVR(kernel: Kernel.Sigmoid, gamma: 0.05), DataKind.Regression, "Kernel", "sigmoid", m => m.Kernel);
        AssertSpelledAndReloaded(new LinearSVC(HingeLoss.SquaredHinge, randomState: 0), DataKind.Classification, "Loss", "squared_hinge", m => m.Loss);
        AssertSpelledAndReloaded(new KNeighborsClassifier(4, NeighborWeights.Distance), DataKind.Classification, "Weights", "distance", m => m.Weights);
        AssertSpelledAndReloaded(new KNeighborsRegressor(3, algorithm: NeighborAlgorithm.KdTree), DataKind.Regression, "Algorithm", "kd_tree", m => m.Algorithm);
    }

    [Fact]
    public void OptionsAreWrittenInScikitLearnFormAndReadBack()
    {
        AssertSpelledAndReloaded(new SVC(gamma: Gamma.Auto), DataKind.Classification, "Gamma", "auto", m => m.Gamma);
        AssertSpelledAndReloaded(new SVR(), DataKind.Regression, "Gamma", "scale", m => m.Gamma);
        AssertSpelledAndReloaded(new LogisticRegression(classWeight: ClassWeight.Balanced), DataKind.Classification, "ClassWeight", "balanced", m => m.ClassWeight);
        AssertSpelledAndReloaded(new SVC(classWeight: ClassWeight.Balanced), DataKind.Classification, "ClassWeight", "balanced", m => m.ClassWeight);

        // a number is a JSON number, as in scikit-learn's get_params()
        var (x, y) = EstimatorChecks.Data(DataKind.Classification);
        var json = SavedJson(new SVC(gamma: 0.25).Fit(x, y), out var path);
        try
        {
            Assert.Equal(0.25, json["params"]!["Gamma"]!.GetValue<double>());
            Assert.Equal(Gamma.Of(0.25), SVC.Load(path).Gamma);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void FilesWrittenBeforeTheTypesStillLoad()
    {
        // before Gamma was typed, a number was stored as text ("0.25"); the enums were stored as the same strings
        var (x, y) = EstimatorChecks.Data(DataKind.Classification);
        var m = new SVC(kernel: Kernel.Rbf, gamma: 0.25, decisionFunctionShape: DecisionFunctionShape.Ovo).Fit(x, y);
        var json = SavedJson(m, out var path);
        try
        {
            json["params"]!["Gamma"] = "0.25";
            File.WriteAllText(path, json.ToJsonString());
            var loaded = SVC.Load(path);
            Assert.Equal(Gamma.Of(0.25), loaded.Gamma);
            Assert.Equal(Kernel.Rbf, loaded.Kernel);
            Assert.Equal(DecisionFunctionShape.Ovo, loaded.DecisionFunctionShape);
            Assert.Equal(m.DecisionFunction(x).ToDoubleArray(), loaded.DecisionFunction(x).ToDoubleArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void UnknownSpellingInAFileIsAFormatErrorListingTheAllowedValues()
    {
        var (x, y) = EstimatorChecks.Data(DataKind.Classification);
        var json = SavedJson(new KNeighborsClassifier(3).Fit(x, y), out var path);
        try
        {
            json["params"]!["Algorithm"] = "ball_tree";
            File.WriteAllText(path, json.ToJsonString());
            var e = Assert.Throws<ModelFormatException>(() => KNeighborsClassifier.Load(path));
            Assert.Contains("ball_tree", e.Message);
            Assert.Contains("\"kd_tree\"", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void GridValuesMayBeScikitLearnStringsAndUnknownOnesAreRejectedByClone()
    {
        var knn = new KNeighborsRegressor().Clone(new Dictionary<string, object?> { ["Weights"] = "distance", ["Algorithm"] = "kd_tree" });
        Assert.Equal(NeighborWeights.Distance, knn.Weights);
        Assert.Equal(NeighborAlgorithm.KdTree, knn.Algorithm);
        var svc = new SVC().Clone(new Dictionary<string, object?> { ["Kernel"] = "linear", ["Gamma"] = 0.5, ["DecisionFunctionShape"] = "ovo" });
        Assert.Equal(Kernel.Linear, svc.Kernel);
        Assert.Equal(Gamma.Of(0.5), svc.Gamma);
        Assert.Equal(DecisionFunctionShape.Ovo, svc.DecisionFunctionShape);
        Assert.Equal(Gamma.Auto, new SVR().Clone(new Dictionary<string, object?> { ["Gamma"] = "auto" }).Gamma);
        Assert.Equal(Penalty.L1, new LogisticRegression().Clone(new Dictionary<string, object?> { ["Penalty"] = "l1" }).Penalty);
        Assert.Equal(HingeLoss.Hinge, new LinearSVC().Clone(new Dictionary<string, object?> { ["Loss"] = "hinge" }).Loss);

        // a misspelt grid value fails at once, naming the parameter and the allowed strings (not later, in Fit)
        var e = Assert.Throws<ArgumentException>(() => new SVC().Clone(new Dictionary<string, object?> { ["Kernel"] = "cubic" }));
        Assert.Contains("Kernel", e.Message);
        Assert.Contains("\"linear\", \"poly\", \"rbf\" or \"sigmoid\"", e.Message);
        Assert.Throws<ArgumentException>(() => new SVC().Clone(new Dictionary<string, object?> { ["Gamma"] = "scaled" }));
        Assert.Throws<ArgumentException>(() => new LinearRegression().Clone(new Dictionary<string, object?> { ["Solver"] = "qr" }));
    }

    [Fact]
    public void UndefinedEnumValuesAndBadOptionsFailInFitNamingTheParameter()
    {
        var (x, y) = EstimatorChecks.Data(DataKind.Classification);
        void Check(string name, string allowed, Action fit)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(fit);
            Assert.Equal(name, e.ParamName);
            Assert.Contains(allowed, e.Message);
        }
        Check("Penalty", "\"l2\", \"l1\", \"elasticnet\" or \"none\"", () => new LogisticRegression(penalty: (Penalty)7).Fit(x, y));
        Check("ClassWeight", ClassWeights.Allowed, () => new LogisticRegression(classWeight: ClassWeight.BalancedSubsample).Fit(x, y));
        Check("ClassWeight", ClassWeights.Allowed, () => new SVC(classWeight: ClassWeight.Of(new Dictionary<long, double> { [0] = 0.0 })).Fit(x, y));
        Check("Gamma", Gamma.Allowed, () => new SVC(gamma: double.NaN).Fit(x, y));
        Check("DecisionFunctionShape", "\"ovr\" or \"ovo\"", () => new SVC(decisionFunctionShape: (DecisionFunctionShape)2).Fit(x, y));
        Check("BreakTies", "\"ovo\"", () => new SVC(decisionFunctionShape: DecisionFunctionShape.Ovo, breakTies: true).Fit(x, y));
        Check("Weights", "\"uniform\" or \"distance\"", () => new KNeighborsClassifier(weights: (NeighborWeights)5).Fit(x, y));
        Check("P", "1 (Manhattan) or 2 (Euclidean)", () => new KNeighborsClassifier(p: 3).Fit(x, y));
        Check("Solver", "\"lstsq\" or \"gd\"", () => new LinearRegression(solver: (LinearRegressionSolver)3).Fit(x, y));
        Check("L1Ratio", "[0, 1]", () => new ElasticNet(l1Ratio: 1.5).Fit(x, y));
        Check("L1Ratio", "\"elasticnet\"", () => new LogisticRegression(penalty: Penalty.Elasticnet).Fit(x, y));
    }

    [Fact]
    public void GammaResolvesAsScikitLearn()
    {
        // X = [[0, 2], [2, 4]]: d = 2, entries {0, 2, 2, 4} with mean 2 and variance 2 → scale γ = 1/(2·2)
        double[] x = [0, 2, 2, 4];
        Assert.Equal(0.25, Gamma.Scale.Resolve(x, 2), 15);
        Assert.Equal(0.5, Gamma.Auto.Resolve(x, 2), 15);
        Assert.Equal(0.3, ((Gamma)0.3).Resolve(x, 2));
        Assert.Equal(1.0, Gamma.Scale.Resolve([5, 5, 5, 5], 2)); // zero variance: libsvm's fallback γ = 1
        Assert.True(Gamma.Of(0).IsValid);
        Assert.False(Gamma.Of(-1e-9).IsValid);
        Assert.False(Gamma.Of(double.PositiveInfinity).IsValid);
        foreach (var g in new[] { Gamma.Scale, Gamma.Auto, Gamma.Of(0.125), Gamma.Of(3) })
            Assert.Equal(g, Gamma.FromJson(JsonNode.Parse(g.ToJson().ToJsonString())!));
        Assert.Equal("scale", Gamma.Scale.ToString());
        Assert.Equal("0.125", Gamma.Of(0.125).ToString());
        Assert.Throws<ArgumentException>(() => Gamma.FromJson(JsonValue.Create("fast")!));
        Assert.Throws<ArgumentException>(() => Gamma.FromJson(new JsonArray()));
    }
}
