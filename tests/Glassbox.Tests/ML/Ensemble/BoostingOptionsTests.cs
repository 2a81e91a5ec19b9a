using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Options;

namespace Glassbox.Tests.ML.Ensemble;

/// <summary>
/// The typed hyperparameters of the boosting estimators: model files keep scikit-learn's spellings (so files written
/// before the options were typed still load), grid values may be scikit-learn strings, and bad values fail as before.
/// </summary>
public class BoostingOptionsTests
{
    /// <summary>40×3 data, seeded: a regression target and a two-class label read off it.</summary>
    private static (Tensor X, Tensor Y, Tensor Labels) Data()
    {
        var g = new Generator(7);
        var x = new double[40 * 3];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextDouble() * 4 - 2;
        var y = Enumerable.Range(0, 40).Select(i => x[3 * i] - 0.5 * x[3 * i + 1]).ToArray();
        var labels = y.Select(v => v > 0 ? 1.0 : 0.0).ToArray();
        return (Tensor.FromArray(x, [40, 3]), Tensor.FromArray(y, [40]), Tensor.FromArray(labels, [40]));
    }

    /// <summary>The saved <c>params</c> object of <paramref name="est"/>, and the file it was read from.</summary>
    private static (JsonObject Params, string Path) SavedParams(IEstimator est, string dir)
    {
        string path = Path.Combine(dir, "model.json");
        ModelFile.Save(est, path);
        return ((JsonObject)JsonNode.Parse(File.ReadAllText(path))!["params"]!, path);
    }

    [Fact]
    public void GradientBoostingFilesSpellOptionsAsScikitLearnAndReadBack()
    {
        var (x, y, labels) = Data();
        using var dir = new TempDir();
        var r = new GradientBoostingRegressor(GradientBoostingRegressorLoss.Huber, nEstimators: 5, criterion: GradientBoostingCriterion.SquaredError,
            maxFeatures: MaxFeatures.Sqrt, randomState: 0).Fit(x, y);
        var (ps, path) = SavedParams(r, dir.Path);
        Assert.Equal("huber", ps["Loss"]!.GetValue<string>());
        Assert.Equal("squared_error", ps["Criterion"]!.GetValue<string>());
        Assert.Equal("sqrt", ps["MaxFeatures"]!.GetValue<string>());
        var back = ModelFile.Load<GradientBoostingRegressor>(path);
        Assert.Equal(GradientBoostingRegressorLoss.Huber, back.Loss);
        Assert.Equal(MaxFeatures.Sqrt, back.MaxFeatures);
        Assert.Equal(r.Predict(x).ToDoubleArray(), back.Predict(x).ToDoubleArray());

        var c = new GradientBoostingClassifier(GradientBoostingClassifierLoss.Exponential, nEstimators: 4, maxFeatures: 2, randomState: 0).Fit(x, labels);
        (ps, path) = SavedParams(c, dir.Path);
        Assert.Equal("exponential", ps["Loss"]!.GetValue<string>());
        Assert.Equal("friedman_mse", ps["Criterion"]!.GetValue<string>());
        Assert.Equal(2, ps["MaxFeatures"]!.GetValue<int>());
        Assert.Equal(c.PredictProba(x).ToDoubleArray(), ModelFile.Load<GradientBoostingClassifier>(path).PredictProba(x).ToDoubleArray());
    }

    [Fact]
    public void OldGradientBoostingFileWithScikitLearnStringsLoads()
    {
        // an unfitted file as written before the options were typed: strings for loss and criterion, a number for max_features
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "old.json");
        File.WriteAllText(path, """
            {"type":"GradientBoostingRegressor","params":{"Loss":"quantile","LearningRate":0.1,
            "NEstimators":7,"Subsample":1.0,"Criterion":"squared_error","MinSamplesSplit":2,"MinSamplesLeaf":1,"MaxDepth":3,
            "MaxFeatures":0.5,"RandomState":3,"Alpha":0.25,"NIterNoChange":null,"ValidationFraction":0.1,"Tol":0.0001,"CcpAlpha":0.0,
            "MaxLeafNodes":null}}
            """);
        var m = ModelFile.Load<GradientBoostingRegressor>(path);
        Assert.Equal(GradientBoostingRegressorLoss.Quantile, m.Loss);
        Assert.Equal(GradientBoostingCriterion.SquaredError, m.Criterion);
        Assert.Equal(MaxFeatures.Fraction(0.5), m.MaxFeatures);
        Assert.Equal(0.25, m.Alpha);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"quantile\"", "\"pinball\""));
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<GradientBoostingRegressor>(path));
        Assert.Contains("\"squared_error\", \"absolute_error\", \"huber\" or \"quantile\"", e.Message);
    }

    [Fact]
    public void GridStringsConvertAndUnknownOnesAreRefusedAtClone()
    {
        var gb = new GradientBoostingClassifier();
        var c = gb.Clone(new Dictionary<string, object?> { ["Loss"] = "exponential", ["Criterion"] = "squared_error", ["MaxFeatures"] = "log2" });
        Assert.Equal(GradientBoostingClassifierLoss.Exponential, c.Loss);
        Assert.Equal(GradientBoostingCriterion.SquaredError, c.Criterion);
        Assert.Equal(MaxFeatures.Log2, c.MaxFeatures);
        // "deviance" was scikit-learn's name of log_loss before 1.1; like 1.2's deprecation path ends, it is not accepted
        var e = Assert.Throws<ArgumentException>(() => gb.Clone(new Dictionary<string, object?> { ["Loss"] = "deviance" }));
        Assert.Contains("'deviance' is not one of \"log_loss\" or \"exponential\"", e.Message);
        Assert.Throws<ArgumentException>(() => new GradientBoostingRegressor().Clone(new Dictionary<string, object?> { ["Criterion"] = "mse" }));
    }

    [Fact]
    public void InvalidGradientBoostingValuesNameTheParameterAndTheAllowedValues()
    {
        var (x, y, _) = Data();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingRegressor(criterion: (GradientBoostingCriterion)7).Fit(x, y));
        Assert.Equal("Criterion", e.ParamName);
        Assert.Contains("\"friedman_mse\" or \"squared_error\"", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingRegressor(maxFeatures: 0).Fit(x, y));
        Assert.Equal("MaxFeatures", e.ParamName);
        Assert.Contains(MaxFeatures.Allowed, e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingRegressor(subsample: 1.5).Fit(x, y));
        Assert.Equal("Subsample", e.ParamName);
        Assert.Contains("in (0, 1]", e.Message);
    }

    [Fact]
    public void HistGradientBoostingFilesSpellLossAndCategoricalFeaturesAsScikitLearn()
    {
        var (x, y, labels) = Data();
        var xc = x.ToDoubleArray();
        for (int i = 0; i < 40; i++) xc[3 * i + 2] = i % 4; // column 2 holds categories 0..3
        var xt = Tensor.FromArray(xc, [40, 3]);
        using var dir = new TempDir();
        var r = new HistGradientBoostingRegressor(maxIter: 3, minSamplesLeaf: 5, earlyStopping: false, categoricalFeatures: new[] { 2 },
            loss: HistGradientBoostingRegressorLoss.Poisson).Fit(xt, Tensor.FromArray(y.ToDoubleArray().Select(Math.Exp).ToArray(), [40]));
        var (ps, path) = SavedParams(r, dir.Path);
        Assert.Equal("poisson", ps["Loss"]!.GetValue<string>());
        Assert.Equal("[2]", ps["CategoricalFeatures"]!.ToJsonString());
        var back = ModelFile.Load<HistGradientBoostingRegressor>(path);
        Assert.Equal(CategoricalFeatures.Indices(2), back.CategoricalFeatures);
        Assert.Equal(r.Predict(xt).ToDoubleArray(), back.Predict(xt).ToDoubleArray());

        var c = new HistGradientBoostingClassifier(maxIter: 3, minSamplesLeaf: 5, earlyStopping: false,
            categoricalFeatures: CategoricalFeatures.Mask(false, false, true)).Fit(xt, labels);
        (ps, path) = SavedParams(c, dir.Path);
        Assert.Equal("[false,false,true]", ps["CategoricalFeatures"]!.ToJsonString());
        var cb = ModelFile.Load<HistGradientBoostingClassifier>(path);
        Assert.True(cb.CategoricalFeatures!.IsMask);
        Assert.Equal(c.PredictProba(xt).ToDoubleArray(), cb.PredictProba(xt).ToDoubleArray());
    }

    [Fact]
    public void OldHistGradientBoostingFileLoadsAndBadListsAreNamed()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "old.json");
        string Text(string loss, string categorical) => $$$"""
            {"type":"HistGradientBoostingRegressor","params":{"LearningRate":0.1,"MaxIter":5,"MaxLeafNodes":31,"MaxDepth":null,
            "MinSamplesLeaf":20,"L2Regularization":0.0,"MaxBins":255,"RandomState":null,"EarlyStopping":false,"ValidationFraction":0.1,
            "NIterNoChange":10,"Tol":1e-7,"CategoricalFeatures":{{{categorical}}},"Loss":"{{{loss}}}","Quantile":0.3}}
            """;
        File.WriteAllText(path, Text("quantile", "[true,false,true]"));
        var m = ModelFile.Load<HistGradientBoostingRegressor>(path);
        Assert.Equal(HistGradientBoostingRegressorLoss.Quantile, m.Loss);
        Assert.Equal(CategoricalFeatures.Mask(true, false, true), m.CategoricalFeatures);
        File.WriteAllText(path, Text("squared_error", "[]")); // an empty list: no categorical feature
        Assert.Empty(ModelFile.Load<HistGradientBoostingRegressor>(path).CategoricalFeatures!.FeatureIndices!);
        File.WriteAllText(path, Text("gamma", "null"));
        Assert.Contains("\"squared_error\", \"absolute_error\", \"quantile\" or \"poisson\"",
            Assert.Throws<ModelFormatException>(() => ModelFile.Load<HistGradientBoostingRegressor>(path)).Message);
        File.WriteAllText(path, Text("squared_error", "[0.5]"));
        Assert.Contains("entry 0 (0.5) is not an int index", Assert.Throws<ModelFormatException>(() => ModelFile.Load<HistGradientBoostingRegressor>(path)).Message);
        File.WriteAllText(path, Text("squared_error", "[-1]")); // a well-formed list the constraint refuses
        Assert.Throws<ModelFormatException>(() => ModelFile.Load<HistGradientBoostingRegressor>(path));
    }

    [Fact]
    public void CategoricalFeaturesCopiesCompareByValueAndResolveToAMask()
    {
        var ix = new[] { 2, 0, 2 };
        var cf = CategoricalFeatures.Indices(ix);
        ix[0] = 1; // the option keeps its own copy
        Assert.Equal(CategoricalFeatures.Indices(2, 0, 2), cf);
        Assert.NotEqual(CategoricalFeatures.Mask(true, false, true), cf);
        Assert.Equal("[2, 0, 2]", cf.ToString());
        Assert.Equal("[True, False]", CategoricalFeatures.Mask(true, false).ToString());
        Assert.Equal(new[] { true, false, true }, cf.ToMask("Test", 3));
        Assert.Null(CategoricalFeatures.Mask(false, false).ToMask("Test", 2)); // no true entry: none is categorical
        Assert.False(CategoricalFeatures.Indices(0, -2).IsValid);
        Assert.Throws<ArgumentException>(() => CategoricalFeatures.FromJson(JsonNode.Parse("[true, 1]")!));
        Assert.Throws<ArgumentException>(() => CategoricalFeatures.FromJson(JsonNode.Parse("\"0\"")!));
    }

    [Fact]
    public void HistGradientBoostingGridStringsConvert()
    {
        var m = new HistGradientBoostingRegressor().Clone(new Dictionary<string, object?> { ["Loss"] = "absolute_error" });
        Assert.Equal(HistGradientBoostingRegressorLoss.AbsoluteError, m.Loss);
        Assert.Throws<ArgumentException>(() => m.Clone(new Dictionary<string, object?> { ["Loss"] = "gamma" }));
        // a grid may list categorical features as sklearn does, as indices or as a mask
        var byIndex = m.Clone(new Dictionary<string, object?> { ["CategoricalFeatures"] = new[] { 0, 3 } });
        Assert.Equal(CategoricalFeatures.Indices(0, 3), byIndex.CategoricalFeatures);
        var byMask = m.Clone(new Dictionary<string, object?> { ["CategoricalFeatures"] = new[] { true, false } });
        Assert.Equal(CategoricalFeatures.Mask(true, false), byMask.CategoricalFeatures);
    }

    /// <summary>A fresh folder under the temp path, deleted with its files on dispose.</summary>
    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("glassbox-boosting-options-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
