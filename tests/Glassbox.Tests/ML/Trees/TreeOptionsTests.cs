using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.Tests.ML.Trees;

/// <summary>
/// The typed options of the trees and forests (<see cref="Criterion"/>, <see cref="MaxFeatures"/>,
/// <see cref="ClassWeight"/>, <see cref="MaxSamples"/>): model files spell them as scikit-learn does, files written with
/// those spellings load into the typed values, grid values may still be sklearn strings, and each estimator accepts only
/// its own criteria.
/// </summary>
public class TreeOptionsTests
{
    private static (Tensor X, Tensor Y, Tensor YReg) Data()
    {
        var g = new Generator(11);
        int n = 90, p = 4;
        var x = new double[n * p];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var y = new long[n];
        var yr = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = x[i * p] + 0.5 * x[i * p + 1] > 0.3 ? 1 : 0;
            yr[i] = x[i * p] - x[i * p + 2];
        }
        return (Tensor.FromArray(x, n, p), Tensor.FromArray(y, [n]), Tensor.FromArray(yr, [n]));
    }

    /// <summary>Saves <paramref name="e"/> and returns the file's <c>params</c> object and the raw text.</summary>
    private static (JsonObject Params, string Text) Saved(IEstimator e)
    {
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-treeopts-{Guid.NewGuid():N}.json");
        try
        {
            e.Save(path);
            var text = File.ReadAllText(path);
            return ((JsonObject)JsonNode.Parse(text)!["params"]!, text);
        }
        finally { File.Delete(path); }
    }

    private static T LoadText<T>(string json) where T : IEstimator
    {
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-treeopts-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, json);
            return ModelFile.Load<T>(path);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ModelFilesSpellTheTreeOptionsAsScikitLearn()
    {
        var (x, y, yr) = Data();
        var (c, ctext) = Saved(new DecisionTreeClassifier(Criterion.LogLoss, maxFeatures: MaxFeatures.Sqrt, classWeight: ClassWeight.Balanced, randomState: 0).Fit(x, y));
        Assert.Equal("log_loss", c["Criterion"]!.GetValue<string>());
        Assert.Equal("sqrt", c["MaxFeatures"]!.GetValue<string>());
        Assert.Equal("balanced", c["ClassWeight"]!.GetValue<string>());
        Assert.Contains("\"Criterion\":\"log_loss\"", ctext);

        var (r, _) = Saved(new DecisionTreeRegressor(Criterion.FriedmanMse, maxFeatures: 3, randomState: 0).Fit(x, yr));
        Assert.Equal("friedman_mse", r["Criterion"]!.GetValue<string>());
        Assert.Equal("3", r["MaxFeatures"]!.ToJsonString());

        var (f, _) = Saved(new RandomForestClassifier(5, Criterion.Entropy, maxSamples: 0.5, classWeight: ClassWeight.BalancedSubsample, randomState: 0).Fit(x, y));
        Assert.Equal("entropy", f["Criterion"]!.GetValue<string>());
        Assert.Equal("sqrt", f["MaxFeatures"]!.GetValue<string>()); // the classifier's default
        Assert.Equal("0.5", f["MaxSamples"]!.ToJsonString());
        Assert.Equal("balanced_subsample", f["ClassWeight"]!.GetValue<string>());

        var (g, _) = Saved(new RandomForestRegressor(5, maxSamples: 40, randomState: 0).Fit(x, yr));
        Assert.Equal("squared_error", g["Criterion"]!.GetValue<string>());
        Assert.Equal("1.0", g["MaxFeatures"]!.ToJsonString()); // the regressor's default keeps its ".0": a fraction, not a count
        Assert.Equal("40", g["MaxSamples"]!.ToJsonString());

        var (d, _) = Saved(new RandomForestClassifier(5, classWeight: ClassWeight.Of(new Dictionary<long, double> { [0] = 1, [1] = 2.5 }), randomState: 0));
        Assert.Equal("""{"$class_weight":{"0":1,"1":2.5}}""", d["ClassWeight"]!.ToJsonString());
    }

    [Fact]
    public void FilesWithScikitLearnSpellingsLoadIntoTheTypedOptions()
    {
        // written as the string- and object-typed estimators wrote them; parameters left out take their defaults
        var dtc = LoadText<DecisionTreeClassifier>("""
            {"type": "DecisionTreeClassifier", "params": {"Criterion": "entropy", "MaxDepth": 3, "MaxFeatures": 0.5,
             "ClassWeight": {"$class_weight": {"0": 1.0, "1": 3.0}}, "RandomState": 4}}
            """);
        Assert.Equal(Criterion.Entropy, dtc.Criterion);
        Assert.Equal(MaxFeatures.Fraction(0.5), dtc.MaxFeatures);
        Assert.Equal(3.0, dtc.ClassWeight!.Weights![1]);
        var dtr = LoadText<DecisionTreeRegressor>("""{"type": "DecisionTreeRegressor", "params": {"MaxFeatures": "log2"}}""");
        Assert.Equal(Criterion.SquaredError, dtr.Criterion);
        Assert.Equal(MaxFeatures.Log2, dtr.MaxFeatures);
        var rfc = LoadText<RandomForestClassifier>("""
            {"type": "RandomForestClassifier", "params": {"NEstimators": 7, "Criterion": "gini", "MaxFeatures": 2, "MaxSamples": 30,
             "ClassWeight": "balanced_subsample"}}
            """);
        Assert.Equal(MaxFeatures.Count(2), rfc.MaxFeatures);
        Assert.Equal(MaxSamples.Count(30), rfc.MaxSamples);
        Assert.Same(ClassWeight.BalancedSubsample, rfc.ClassWeight);
        var rfr = LoadText<RandomForestRegressor>("""{"type": "RandomForestRegressor", "params": {"Criterion": "friedman_mse", "MaxFeatures": 1.0, "MaxSamples": 0.75}}""");
        Assert.Equal(Criterion.FriedmanMse, rfr.Criterion);
        Assert.Equal(MaxFeatures.Fraction(1.0), rfr.MaxFeatures);
        Assert.Equal(MaxSamples.Fraction(0.75), rfr.MaxSamples);

        // the saved and reloaded fitted model predicts the same
        var (x, y, _) = Data();
        var fitted = new RandomForestClassifier(6, Criterion.LogLoss, maxSamples: 0.7, classWeight: ClassWeight.Balanced, randomState: 2).Fit(x, y);
        var (_, text) = Saved(fitted);
        var back = LoadText<RandomForestClassifier>(text);
        Assert.Equal(Criterion.LogLoss, back.Criterion);
        Assert.Equal(fitted.PredictProba(x).ToDoubleArray(), back.PredictProba(x).ToDoubleArray());
    }

    [Fact]
    public void AFileWithAnUnknownOrMisplacedCriterionIsRejected()
    {
        var unknown = Assert.Throws<ModelFormatException>(() =>
            LoadText<DecisionTreeClassifier>("""{"type": "DecisionTreeClassifier", "params": {"Criterion": "mse"}}"""));
        Assert.Contains("Criterion", unknown.Message);
        Assert.Contains("\"log_loss\"", unknown.Message); // lists the allowed spellings
        // a criterion of the other twin parses as a Criterion but fails the regressor's own check
        var misplaced = Assert.Throws<ModelFormatException>(() =>
            LoadText<DecisionTreeRegressor>("""{"type": "DecisionTreeRegressor", "params": {"Criterion": "gini"}}"""));
        Assert.Contains("Criterion", misplaced.Message);
        var badSamples = Assert.Throws<ModelFormatException>(() =>
            LoadText<RandomForestRegressor>("""{"type": "RandomForestRegressor", "params": {"MaxSamples": "all"}}"""));
        Assert.Contains("MaxSamples", badSamples.Message);
    }

    [Fact]
    public void EachTwinAcceptsOnlyItsOwnCriteria()
    {
        var (x, y, yr) = Data();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionTreeRegressor(Criterion.Gini).Fit(x, yr));
        Assert.Equal("Criterion", e.ParamName);
        Assert.Contains("\"squared_error\", \"friedman_mse\"", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomForestClassifier(3, Criterion.SquaredError).Fit(x, y));
        Assert.Equal("Criterion", e.ParamName);
        Assert.Contains("\"gini\", \"entropy\", \"log_loss\"", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionTreeClassifier((Criterion)99).Fit(x, y));
        Assert.Equal("Criterion", e.ParamName);
    }

    [Fact]
    public void LogLossIsEntropyUnderItsOtherName()
    {
        var (x, y, _) = Data();
        var a = new DecisionTreeClassifier(Criterion.Entropy, randomState: 5).Fit(x, y);
        var b = new DecisionTreeClassifier(Criterion.LogLoss, randomState: 5).Fit(x, y);
        Assert.Equal(a.Tree.Threshold.ToDoubleArray(), b.Tree.Threshold.ToDoubleArray());
        Assert.Equal(a.Tree.Impurity.ToDoubleArray(), b.Tree.Impurity.ToDoubleArray());
    }

    [Fact]
    public void GridValuesMayBeScikitLearnStringsAndNumbers()
    {
        var t = new DecisionTreeClassifier().Clone(new Dictionary<string, object?> { ["Criterion"] = "entropy", ["MaxFeatures"] = "log2" });
        Assert.Equal(Criterion.Entropy, t.Criterion);
        Assert.Equal(MaxFeatures.Log2, t.MaxFeatures);
        var f = new RandomForestRegressor().Clone(new Dictionary<string, object?> { ["MaxFeatures"] = 2, ["MaxSamples"] = 0.25 });
        Assert.Equal(MaxFeatures.Count(2), f.MaxFeatures);
        Assert.Equal(MaxSamples.Fraction(0.25), f.MaxSamples);
        var c = new RandomForestClassifier().Clone(new Dictionary<string, object?> { ["ClassWeight"] = "balanced_subsample", ["MaxSamples"] = 50 });
        Assert.Same(ClassWeight.BalancedSubsample, c.ClassWeight);
        Assert.Equal(MaxSamples.Count(50), c.MaxSamples);
        // an unknown spelling is refused when the candidate is built, naming the parameter and the allowed strings
        var e = Assert.Throws<ArgumentException>(() => new DecisionTreeClassifier().Clone(new Dictionary<string, object?> { ["Criterion"] = "mse" }));
        Assert.Contains("Criterion", e.Message);
        Assert.Contains("\"gini\"", e.Message);
    }

    [Fact]
    public void MaxSamplesResolvesAsScikitLearn()
    {
        // _get_n_samples_bootstrap: a count as is, a fraction max(1, round(f·n)) with NumPy's half-to-even rounding
        Assert.Equal(30, MaxSamples.Count(30).Resolve(100));
        Assert.Equal(50, MaxSamples.Fraction(0.5).Resolve(100));
        Assert.Equal(2, MaxSamples.Fraction(0.5).Resolve(5));   // 2.5 → 2
        Assert.Equal(4, MaxSamples.Fraction(0.5).Resolve(7));   // 3.5 → 4
        Assert.Equal(1, MaxSamples.Fraction(0.001).Resolve(10)); // 0.01 → at least one draw
        Assert.True(MaxSamples.Fraction(1.0).IsValid);
        Assert.False(MaxSamples.Fraction(0).IsValid);
        Assert.False(MaxSamples.Fraction(double.NaN).IsValid);
        Assert.False(MaxSamples.Count(0).IsValid);
        Assert.Equal("1.0", MaxSamples.Fraction(1.0).ToJson().ToJsonString());
        Assert.Equal(MaxSamples.Fraction(1.0), MaxSamples.FromJson(JsonNode.Parse("1.0")!));
        Assert.Equal(MaxSamples.Count(1), MaxSamples.FromJson(JsonNode.Parse("1")!));
        // a count above n_samples is refused in Fit (only Fit knows n)
        var (x, y, _) = Data();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomForestClassifier(3, maxSamples: 91, randomState: 0).Fit(x, y));
        Assert.Equal("MaxSamples", e.ParamName);
        Assert.Contains("n_samples = 90", e.Message);
    }
}
