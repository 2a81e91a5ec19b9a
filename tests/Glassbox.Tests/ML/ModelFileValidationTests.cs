using System.Text;
using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Cluster;
using Glassbox.ML.Decomposition;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Linear;
using Glassbox.ML.Mixture;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Preprocessing;
using Glassbox.ML.Svm;
using Glassbox.ML.Tree;
using Glassbox.Testing;
using static Glassbox.Testing.EstimatorChecks;

namespace Glassbox.Tests.ML;

/// <summary>
/// Every way a model file can be wrong — syntax, root, type, hyperparameters, learned state — is a
/// <see cref="ModelFormatException"/> naming the file and the field, raised at load.
/// </summary>
public class ModelFileValidationTests
{
    private static IEstimator LoadText(string json) => ModelFile.FromJsonBytes(Encoding.UTF8.GetBytes(json), "model.json");

    private static ModelFormatException Rejects(string json) => Assert.Throws<ModelFormatException>(() => LoadText(json));

    private static ModelFormatException Rejects(JsonObject o) => Rejects(o.ToJsonString());

    private static JsonObject Saved(IEstimator e, DataKind kind)
    {
        var (x, y) = EstimatorChecks.Data(kind);
        return ModelFile.EstimatorToJson(e.Fit(x, y));
    }

    private static JsonObject State(JsonObject o) => (JsonObject)o["state"]!;

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"type\": \"Ridge\", ", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object, got an array")]
    [InlineData("42", "expected a JSON object, got 42")]
    [InlineData("null", "expected a JSON object, got null")]
    public void SyntaxAndRootErrorsNameTheRoot(string json, string detail)
    {
        var e = Rejects(json);
        Assert.Equal("$", e.Field);
        Assert.Contains(detail, e.Detail);
        Assert.StartsWith("model.json: $: ", e.Message);
    }

    [Theory]
    [InlineData("""{"params": {}}""", "type", "missing")]
    [InlineData("""{"type": 3, "params": {}}""", "type", "expected a string, got 3")]
    [InlineData("""{"type": "Ridge"}""", "params", "missing")]
    [InlineData("""{"type": "Ridge", "params": [1]}""", "params", "expected an object, got an array")]
    [InlineData("""{"type": "Ridge", "params": {}, "extra": 1}""", "extra", "unknown field")]
    [InlineData("""{"type": "Ridge", "params": {}, "state": 5}""", "state", "expected an object, got 5")]
    [InlineData("""{"type": "Ridge", "params": {"Beta": 1.0}}""", "params.Beta", "Ridge has no such hyperparameter")]
    [InlineData("""{"type": "Ridge", "params": {"Alpha": "abc"}}""", "params.Alpha", "expected a number (or \"NaN\", \"Infinity\", \"-Infinity\"), got \"abc\"")]
    [InlineData("""{"type": "Ridge", "params": {"Alpha": [1.0]}}""", "params.Alpha", "expected a number")]
    [InlineData("""{"type": "Ridge", "params": {"Alpha": null}}""", "params.Alpha", "expected a number, got null")]
    [InlineData("""{"type": "Ridge", "params": {"Alpha": 1e999}}""", "params.Alpha", "out of the range of a double")]
    [InlineData("""{"type": "Ridge", "params": {"FitIntercept": 1}}""", "params.FitIntercept", "expected true or false, got 1")]
    [InlineData("""{"type": "DecisionTreeClassifier", "params": {"MaxDepth": 3000000000}}""", "params.MaxDepth", "out of the range of an int")]
    [InlineData("""{"type": "DecisionTreeClassifier", "params": {"MaxDepth": 2.5}}""", "params.MaxDepth", "expected an integer in the 64-bit range, got 2.5")]
    [InlineData("""{"type": "DecisionTreeClassifier", "params": {"Criterion": 7}}""", "params.Criterion", "expected a string, got 7")]
    [InlineData("""{"type": "SVC", "params": {"RandomState": -1.5}}""", "params.RandomState", "expected an integer")]
    [InlineData("""{"type": "MinMaxScaler", "params": {"FeatureRange": [0.0, "x"]}}""", "params.FeatureRange[1]", "expected a number")]
    [InlineData("""{"type": "Pipeline", "params": {}}""", "params.Steps", "missing")]
    [InlineData("""{"type": "Pipeline", "params": {"Steps": {}}}""", "params.Steps", "expected an array")]
    [InlineData("""{"type": "Pipeline", "params": {"Steps": [{"name": "a"}]}}""", "params.Steps[0].estimator", "missing")]
    [InlineData("""{"type": "Pipeline", "params": {"Steps": [{"name": 1, "estimator": {"type": "Ridge", "params": {}}}]}}""", "params.Steps[0].name", "expected a string")]
    [InlineData("""{"type": "GridSearchCV", "params": {}}""", "params.ParamGrid", "cannot be read from a model file")]
    public void HyperparameterErrorsNameTheField(string json, string field, string detail)
    {
        var e = Rejects(json);
        Assert.Equal(field, e.Field);
        Assert.Contains(detail, e.Detail);
        Assert.Equal($"model.json: {field}: {e.Detail}", e.Message);
    }

    [Fact]
    public void TheBriefsExampleMessage()
    {
        var e = Rejects("""{"type": "DecisionTreeClassifier", "params": {"MaxDepth": "abc"}}""");
        Assert.Equal("model.json: params.MaxDepth: expected an integer, got \"abc\"", e.Message);
    }

    [Theory]
    [InlineData("""{"type": "Ridge", "params": {"Alpha": -1.0}}""", "params.Alpha")]
    [InlineData("""{"type": "KMeans", "params": {"NClusters": 0}}""", "params.NClusters")]
    [InlineData("""{"type": "DecisionTreeClassifier", "params": {"MinSamplesSplit": 1}}""", "params.MinSamplesSplit")]
    [InlineData("""{"type": "Pipeline", "params": {"Steps": []}}""", "params.Steps")]
    [InlineData("""{"type": "Pipeline", "params": {"Steps": [{"name": "r", "estimator": {"type": "Ridge", "params": {}}}, {"name": "s", "estimator": {"type": "StandardScaler", "params": {}}}]}}""", "params.Steps")]
    public void OutOfRangeHyperparametersAreRejectedBeforeTheState(string json, string field)
    {
        // a state that would itself be wrong: the hyperparameter check comes first and is what is reported
        var o = JsonNode.Parse(json)!.AsObject();
        o["state"] = new JsonObject { ["n_features_in"] = 0 };
        var e = Rejects(o);
        Assert.Equal(field, e.Field);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
    }

    [Fact]
    public void UnfittedEstimatorsLoadWithoutState()
    {
        var r = (Ridge)LoadText("""{"type": "Ridge", "params": {"Alpha": 2.5}}""");
        Assert.Equal(2.5, r.Alpha);
        Assert.True(r.FitIntercept); // absent hyperparameters take the constructor's default
        Assert.False(r.IsFitted);
    }

    // ---- learned state ----------------------------------------------------------------------------------

    public static TheoryData<string, Func<JsonObject>, Action<JsonObject>, string, string> StateCases() => new()
    {
        { "coef too short", () => Saved(new Ridge(), DataKind.Regression), o => Vector(State(o), "coef", [1.0, 2.0]), "state.coef", "expected shape [4]" },
        { "coef missing", () => Saved(new Ridge(), DataKind.Regression), o => State(o).Remove("coef"), "state.coef", "missing" },
        { "coef null", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["coef"] = null, "state.coef", "expected a tensor, got null" },
        { "coef int64", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["coef"] = Long([1, 2, 3, 4]), "state.coef", "expected dtype float64, got int64" },
        { "coef NaN", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["coef"]!["data"]![2] = "NaN", "state.coef", "only finite values" },
        { "coef bad dtype", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["coef"]!["dtype"] = "float16", "state.coef.dtype", "expected \"float64\", \"int64\" or \"bool\"" },
        { "shape vs data", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["coef"]!["shape"] = new JsonArray(5), "state.coef.data", "holds 4 values but the shape [5] needs 5" },
        { "huge shape", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["coef"]!["shape"] = new JsonArray(2000000000, 2000000000, 4), "state.coef.data", "holds 4 values" },
        { "negative shape", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["coef"]!["shape"] = new JsonArray(-4), "state.coef.shape[0]", "must be ≥ 0" },
        { "data not numbers", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["coef"]!["data"]![0] = "x", "state.coef.data[0]", "expected a number" },
        { "intercept string", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["intercept"] = "abc", "state.intercept", "expected a number" },
        { "n_features_in missing", () => Saved(new Ridge(), DataKind.Regression), o => State(o).Remove("n_features_in"), "state.n_features_in", "missing" },
        { "n_features_in 0", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["n_features_in"] = 0, "state.n_features_in", "expected an integer in [1," },
        { "n_features_in fraction", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["n_features_in"] = 3.5, "state.n_features_in", "expected an integer" },
        { "n_features_in vs coef", () => Saved(new Ridge(), DataKind.Regression), o => State(o)["n_features_in"] = 5, "state.coef", "expected shape [5]" },
        { "classes empty", () => Saved(new LogisticRegression(), DataKind.Classification), o => State(o)["classes"] = Long([]), "state.classes", "at least one class, got []" },
        { "classes unsorted", () => Saved(new LogisticRegression(), DataKind.Classification), o => State(o)["classes"] = Long([7, 3, 11]), "state.classes", "sorted and distinct" },
        { "classes vs coef", () => Saved(new LogisticRegression(), DataKind.Classification), o => State(o)["classes"] = Long([3, 7]), "state.coef", "expected shape [4]" },
        // the models with one set of coefficients or trees per class (one for two) cannot hold a single class
        { "logistic one class", () => Saved(new LogisticRegression(), DataKind.Classification), o => State(o)["classes"] = Long([3]), "state.classes", "LogisticRegression needs at least 2 classes, got 1" },
        { "linear svc one class", () => Saved(new LinearSVC(), DataKind.Classification), o => State(o)["classes"] = Long([3]), "state.classes", "LinearSVC needs at least 2 classes, got 1" },
        { "svc one class", () => Saved(new SVC(), DataKind.Classification), o => State(o)["classes"] = Long([3]), "state.classes", "SVC needs at least 2 classes, got 1" },
        { "boosting one class", () => Saved(new GradientBoostingClassifier(nEstimators: 3, randomState: 0), DataKind.Classification), o => State(o)["classes"] = Long([3]), "state.classes", "GradientBoostingClassifier needs at least 2 classes, got 1" },
        { "hist boosting one class", () => Saved(new HistGradientBoostingClassifier(maxIter: 3), DataKind.Classification), o => State(o)["classes"] = Long([3]), "state.classes", "HistGradientBoostingClassifier needs at least 2 classes, got 1" },
        { "knn label index", () => Saved(new KNeighborsClassifier(3), DataKind.Classification), o => State(o)["y_index"]!["data"]![0] = 9, "state.y_index", "outside [0, 2]" },
        { "knn too few samples", () => Saved(new KNeighborsRegressor(3), DataKind.Regression), o => { State(o)["fit_X"] = Matrix(2, 4); State(o)["y"] = Vector([1.0, 2.0]); }, "state.fit_X", "fewer than NNeighbors" },
        { "knn y length", () => Saved(new KNeighborsRegressor(3), DataKind.Regression), o => State(o)["y"] = Vector([1.0, 2.0]), "state.y", "expected shape [60]" },
        { "tree child out of range", () => Saved(new DecisionTreeClassifier(maxDepth: 3, randomState: 0), DataKind.Classification), o => State(o)["tree.children_left"]!["data"]![0] = 999, "state.tree.children_left", "node 0: children 999" },
        { "tree cycle", () => Saved(new DecisionTreeRegressor(maxDepth: 3, randomState: 0), DataKind.Regression), o => State(o)["tree.children_right"]!["data"]![0] = 0, "state.tree.children_left", "must be distinct nodes after it" },
        { "tree half leaf", () => Saved(new DecisionTreeRegressor(maxDepth: 3, randomState: 0), DataKind.Regression), o => State(o)["tree.children_right"]!["data"]![0] = -1, "state.tree.children_right", "one child is a leaf marker" },
        { "tree feature", () => Saved(new DecisionTreeRegressor(maxDepth: 3, randomState: 0), DataKind.Regression), o => State(o)["tree.feature"]!["data"]![0] = 4, "state.tree.feature", "outside [-2, 3]" },
        { "tree values per node", () => Saved(new DecisionTreeClassifier(maxDepth: 3, randomState: 0), DataKind.Classification), o => State(o)["classes"] = Long([3, 7]), "state.tree.n_values", "expected 2 value(s) per node, got 3" },
        { "forest count", () => Saved(new RandomForestRegressor(nEstimators: 3, randomState: 0), DataKind.Regression), o => State(o)["n_trees"] = 2000000000, "state.n_trees", "expected an integer in [0," },
        { "forest missing tree", () => Saved(new RandomForestRegressor(nEstimators: 3, randomState: 0), DataKind.Regression), o => State(o).Remove("tree2.threshold"), "state.tree2.threshold", "missing" },
        { "boosting init", () => Saved(new GradientBoostingClassifier(nEstimators: 3, randomState: 0), DataKind.Classification), o => State(o)["init"] = Vector([0.1]), "state.init", "expected shape [3]" },
        { "hist tree child", () => Saved(new HistGradientBoostingRegressor(maxIter: 3), DataKind.Regression), o => State(o)["t1_0.left"]!["data"]![0] = 0, "state.t1_0.left", "node 0" },
        { "svc n_support", () => Saved(new SVC(), DataKind.Classification), o => State(o)["n_support"]!["data"]![0] = 1000, "state.support", "expected shape" },
        { "svc gamma", () => Saved(new SVC(), DataKind.Classification), o => State(o)["gamma"] = -1.0, "state.gamma", "expected > 0" },
        { "kmeans centers", () => Saved(new KMeans(nClusters: 3, nInit: 1, randomState: 0), DataKind.Transform), o => State(o)["cluster_centers"] = Matrix(2, 4), "state.cluster_centers", "expected shape [3, 4]" },
        { "kmeans labels", () => Saved(new KMeans(nClusters: 3, nInit: 1, randomState: 0), DataKind.Transform), o => State(o)["labels"]!["data"]![0] = 3, "state.labels", "outside [0, 2]" },
        { "gmm covariances", () => Saved(new GaussianMixture(nComponents: 2, randomState: 0), DataKind.Transform), o => State(o)["covariances"] = Vector([1.0, 2.0]), "state.covariances", "expected shape [32]" },
        { "pca mean", () => Saved(new PCA(nComponents: 2), DataKind.Transform), o => State(o)["mean"] = Vector([1.0]), "state.mean", "expected shape [4]" },
        { "pca components", () => Saved(new PCA(nComponents: 2), DataKind.Transform), o => State(o)["n_components"] = 3, "state.components", "expected shape [3, 4]" },
        { "scaler", () => Saved(new StandardScaler(), DataKind.Transform), o => State(o)["scale"] = Vector([1.0, 1.0]), "state.scale", "expected shape [4]" },
        { "polynomial index", () => Saved(new PolynomialFeatures(2), DataKind.Transform), o => State(o)["combo_features"]!["data"]![0] = 4, "state.combo_features", "outside [0, 3]" },
        { "encoder counts", () => Saved(new OneHotEncoder(), DataKind.Categorical), o => State(o)["category_counts"]!["data"]![0] = 100, "state.category_values", "category_counts add up to" },
        { "naive bayes var", () => Saved(new Glassbox.ML.NaiveBayes.GaussianNB(), DataKind.Classification), o => State(o)["var"]!["data"]![0] = 0.0, "state.var", "> 0" },
        { "pipeline step unfitted", () => Saved(new Pipeline(("s", new StandardScaler()), ("r", new Ridge())), DataKind.Regression),
            o => ((JsonObject)o["params"]!["Steps"]![0]!["estimator"]!).Remove("state"), "params.Steps[0].estimator.state", "its step 's' is not" },
        { "pipeline width", () => Saved(new Pipeline(("s", new StandardScaler()), ("r", new Ridge())), DataKind.Regression),
            o => State(o)["n_features_in"] = 3, "state.n_features_in", "first step 's' was fitted on 4 features" },
        { "pipeline step state", () => Saved(new Pipeline(("s", new StandardScaler()), ("r", new Ridge())), DataKind.Regression),
            o => ((JsonObject)o["params"]!["Steps"]![1]!["estimator"]!["state"]!)["coef"] = Vector([1.0]), "params.Steps[1].estimator.state.coef", "expected shape [4]" },
    };

    [Theory, MemberData(nameof(StateCases))]
    public void BadStateIsRejectedAtLoad(string name, Func<JsonObject> make, Action<JsonObject> damage, string field, string detail)
    {
        var o = make();
        LoadText(o.ToJsonString()); // the undamaged file loads
        damage(o);
        var e = Rejects(o);
        Assert.True(field == e.Field, $"{name}: field {e.Field} ({e.Message})");
        Assert.True(e.Detail.Contains(detail), $"{name}: {e.Message}");
    }

    private static JsonObject Vector(double[] v) => ModelFile.TensorToJson(Tensor.FromArray(v, [v.Length]));

    private static void Vector(JsonObject state, string name, double[] v) => state[name] = Vector(v);

    private static JsonObject Long(long[] v) => ModelFile.TensorToJson(Tensor.FromArray(v, [v.Length]));

    private static JsonObject Matrix(int rows, int cols) => ModelFile.TensorToJson(Tensor.FromArray(new double[rows * cols], rows, cols));

    // ---- files --------------------------------------------------------------------------------------------

    [Fact]
    public void LoadNamesTheFileAndOnlyThrowsModelFormatException()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"glassbox-modelfile-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "model.json");
            var (x, y) = EstimatorChecks.Data(DataKind.Regression);
            new Ridge().Fit(x, y).Save(path);
            Assert.Single(Directory.GetFiles(dir)); // no temporary file left behind
            Assert.IsType<Ridge>(ModelFile.Load(path));
            var wrongType = Assert.Throws<ModelFormatException>(() => ModelFile.Load<Lasso>(path));
            Assert.Equal("type", wrongType.Field);
            Assert.Contains("holds a Ridge, not a Lasso", wrongType.Message);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"Alpha\":1.0", "\"Alpha\":\"abc\""));
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
            Assert.Equal(path, e.Path);
            Assert.StartsWith($"{path}: params.Alpha: ", e.Message);
            Assert.Throws<FileNotFoundException>(() => ModelFile.Load(Path.Combine(dir, "absent.json")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void PublicTensorReaderRejectsMalformedTensors()
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.TensorFromJson(JsonNode.Parse("""{"shape": [3], "data": [1, 2]}""")!.AsObject()));
        Assert.Equal("tensor.data", e.Field);
        var t = ModelFile.TensorFromJson(JsonNode.Parse("""{"shape": [2], "data": [1.5, "NaN"]}""")!.AsObject()); // fixtures: no dtype = float64
        Assert.Equal(1.5, t.ToDoubleArray()[0]);
        Assert.True(double.IsNaN(t.ToDoubleArray()[1]));
    }
}
