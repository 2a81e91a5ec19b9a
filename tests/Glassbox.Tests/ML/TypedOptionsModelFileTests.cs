using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Cluster;
using Glassbox.ML.Decomposition;
using Glassbox.ML.Manifold;
using Glassbox.ML.Mixture;
using Glassbox.ML.Preprocessing;
using Glassbox.Testing;

namespace Glassbox.Tests.ML;

/// <summary>
/// The enum hyperparameters of the clustering, mixture, decomposition, manifold and preprocessing estimators are
/// written to model files in scikit-learn's spelling (the spelling files had when these options were strings), files
/// with those strings load back to the enum members, and an unknown string is a format error listing the allowed ones.
/// </summary>
public class TypedOptionsModelFileTests
{
    /// <summary>One row: an estimator (fitted on the data kind), the parameter, the string it must be saved as, and the
    /// member that string must load back as.</summary>
    public static TheoryData<string, Func<IEstimator>, DataKind, string, string, object> Rows() => new()
    {
        { "kmeans init", () => new KMeans(3, KMeansInit.Random, nInit: 1, randomState: 0), DataKind.Transform, "Init", "random", KMeansInit.Random },
        { "kmeans init default", () => new KMeans(3, nInit: 1, randomState: 0), DataKind.Transform, "Init", "k-means++", KMeansInit.KMeansPlusPlus },
        { "kmeans algorithm", () => new KMeans(3, nInit: 1, randomState: 0, algorithm: KMeansAlgorithm.Elkan), DataKind.Transform, "Algorithm", "elkan", KMeansAlgorithm.Elkan },
        { "minibatch init", () => new MiniBatchKMeans(3, KMeansInit.Random, batchSize: 16, randomState: 0), DataKind.Transform, "Init", "random", KMeansInit.Random },
        { "gmm covariance", () => new GaussianMixture(2, CovarianceType.Spherical, randomState: 0), DataKind.Transform, "CovarianceType", "spherical", CovarianceType.Spherical },
        { "gmm init", () => new GaussianMixture(2, initParams: MixtureInit.RandomFromData, randomState: 0), DataKind.Transform, "InitParams", "random_from_data", MixtureInit.RandomFromData },
        { "pca solver", () => new PCA(2, svdSolver: SvdSolver.CovarianceEigh), DataKind.Transform, "SvdSolver", "covariance_eigh", SvdSolver.CovarianceEigh },
        { "imputer", () => new SimpleImputer(ImputeStrategy.MostFrequent), DataKind.Transform, "Strategy", "most_frequent", ImputeStrategy.MostFrequent },
        { "onehot", () => new OneHotEncoder(HandleUnknown.Ignore), DataKind.Categorical, "HandleUnknown", "ignore", HandleUnknown.Ignore },
        { "ordinal", () => new OrdinalEncoder(HandleUnknown.UseEncodedValue, -1), DataKind.Categorical, "HandleUnknown", "use_encoded_value", HandleUnknown.UseEncodedValue },
    };

    private static JsonObject SavedJson(IEstimator e, string path)
    {
        e.Save(path);
        return (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
    }

    [Theory, MemberData(nameof(Rows))]
    public void EnumIsSavedInScikitLearnSpellingAndLoadsBack(string name, Func<IEstimator> make, DataKind kind, string param, string sklearn, object member)
    {
        var (x, y) = EstimatorChecks.Data(kind);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-typed-{name.Replace(' ', '-')}-{Guid.NewGuid():N}.json");
        try
        {
            var e = make().Fit(x, y);
            var json = SavedJson(e, path);
            Assert.Equal(sklearn, json["params"]![param]!.GetValue<string>());
            var back = ModelFile.Load(path);
            Assert.Equal(member, back.GetParams()[param]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void FileWithScikitLearnStringsLoadsAndAnUnknownOneIsRefused()
    {
        var (x, _) = EstimatorChecks.Data(DataKind.Transform);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-typed-old-{Guid.NewGuid():N}.json");
        try
        {
            // a file as written when Algorithm was a string: sklearn 1.2's deprecated alias "full" is still a valid value
            var json = SavedJson(new KMeans(3, nInit: 1, randomState: 0).Fit(x), path);
            json["params"]!["Algorithm"] = "full";
            File.WriteAllText(path, json.ToJsonString());
            var old = ModelFile.Load<KMeans>(path);
            Assert.Equal(KMeansAlgorithm.Full, old.Algorithm);
            Assert.Equal(KMeansInit.KMeansPlusPlus, old.Init);

            json["params"]!["Algorithm"] = "hamerly";
            File.WriteAllText(path, json.ToJsonString());
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
            Assert.Contains("Algorithm", e.Message);
            Assert.Contains("\"lloyd\", \"elkan\", \"auto\" or \"full\"", e.Message);
            Assert.Contains("hamerly", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void FittedPcaSolverIsStoredAsScikitLearnsStringAndCheckedOnLoad()
    {
        var (x, _) = EstimatorChecks.Data(DataKind.Transform);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-typed-pca-{Guid.NewGuid():N}.json");
        try
        {
            var json = SavedJson(new PCA(2).Fit(x), path); // "auto" on 60×4 resolves to "full"
            Assert.Equal("full", json["state"]!["fit_svd_solver"]!.GetValue<string>());
            Assert.Equal(SvdSolver.Full, ModelFile.Load<PCA>(path).SvdSolverFitted);

            json["state"]!["fit_svd_solver"] = "auto"; // never a fitted solver
            File.WriteAllText(path, json.ToJsonString());
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
            Assert.Contains("fit_svd_solver", e.Message);
            Assert.Contains("\"full\", \"covariance_eigh\" or \"randomized\"", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void GridValuesMayBeScikitLearnStrings()
    {
        var km = (KMeans)new KMeans(3).Clone(new Dictionary<string, object?> { ["init"] = "random", ["algorithm"] = "elkan" });
        Assert.Equal((KMeansInit.Random, KMeansAlgorithm.Elkan), (km.Init, km.Algorithm));
        var gm = (GaussianMixture)new GaussianMixture().Clone(new Dictionary<string, object?> { ["CovarianceType"] = "tied" });
        Assert.Equal(CovarianceType.Tied, gm.CovarianceType);
        var unknown = Assert.Throws<ArgumentException>(() => new SimpleImputer().Clone(new Dictionary<string, object?> { ["Strategy"] = "mode" }));
        Assert.Contains("\"mean\", \"median\", \"most_frequent\" or \"constant\"", unknown.Message);
    }

    [Fact]
    public void AnEncoderRefusesTheOtherEncodersPolicy()
    {
        var (x, _) = EstimatorChecks.Data(DataKind.Categorical);
        var onehot = Assert.Throws<ArgumentOutOfRangeException>(() => new OneHotEncoder(HandleUnknown.UseEncodedValue).Fit(x));
        Assert.Equal("HandleUnknown", onehot.ParamName);
        Assert.Contains("one of \"error\", \"ignore\"", onehot.Message);
        var ordinal = Assert.Throws<ArgumentOutOfRangeException>(() => new OrdinalEncoder(HandleUnknown.Ignore).Fit(x));
        Assert.Equal("HandleUnknown", ordinal.ParamName);
        Assert.Contains("one of \"error\", \"use_encoded_value\"", ordinal.Message);
    }

    [Fact]
    public void ColumnTransformerRejectsAnUndefinedRemainder()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ColumnTransformer([], (Remainder)7));
        Assert.Equal("remainder", e.ParamName);
        Assert.Contains("\"drop\" or \"passthrough\"", e.Message);
    }
}

/// <summary>The typed metric average and scorer names, and the string overloads kept beside them.</summary>
public class TypedMetricOptionsTests
{
    [Fact]
    public void AverageEnumSpellsScikitLearnsStrings()
    {
        var yt = Tensor.FromArray(new long[] { 0, 1, 2, 2, 1, 0, 2, 1 }, 8);
        var yp = Tensor.FromArray(new long[] { 0, 2, 2, 2, 1, 1, 0, 1 }, 8);
        foreach (var a in Enum.GetValues<Glassbox.ML.Metrics.Average>().Where(a => a != Glassbox.ML.Metrics.Average.Binary))
        {
            string s = Glassbox.ML.Options.SklearnNames.Of(a);
            Assert.Equal(a, Glassbox.ML.Options.SklearnNames.Parse<Glassbox.ML.Metrics.Average>(s));
        }
        // micro precision of single-label data is the accuracy: 5 of 8 right
        Assert.Equal(5.0 / 8, Glassbox.ML.Metrics.Classification.PrecisionScore(yt, yp, Glassbox.ML.Metrics.Average.Micro), 15);
        // "samples" (multilabel averaging) is not implemented, so it is not a member
        var e = Assert.Throws<ArgumentException>(() => Glassbox.ML.Options.SklearnNames.Parse<Glassbox.ML.Metrics.Average>("samples", "average"));
        Assert.Contains("\"binary\", \"micro\", \"macro\" or \"weighted\"", e.Message);
    }

    [Fact]
    public void ScoringNamesAreScikitLearnsAndUnknownOnesAreListed()
    {
        Assert.Equal("neg_mean_squared_error", Glassbox.ML.Options.SklearnNames.Of(Glassbox.ML.ModelSelection.Scoring.NegMeanSquaredError));
        Assert.Equal("f1_macro", Glassbox.ML.Options.SklearnNames.Of(Glassbox.ML.ModelSelection.Scoring.F1Macro));
        Assert.Equal("roc_auc", Glassbox.ML.Options.SklearnNames.Of(Glassbox.ML.ModelSelection.Scoring.RocAuc));
        var (x, y) = EstimatorChecks.Data(DataKind.Regression);
        var ridge = new Glassbox.ML.Linear.Ridge().Fit(x, y);
        Assert.Equal(Glassbox.ML.ModelSelection.Scorers.Get(Glassbox.ML.ModelSelection.Scoring.R2)(ridge, x, y!),
            Glassbox.ML.ModelSelection.Scorers.Get("r2")(ridge, x, y!));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Glassbox.ML.ModelSelection.Scorers.Get("mse"));
        Assert.Contains("\"neg_mean_squared_error\"", e.Message);
        // a grid search given sklearn's string takes it as the enum
        var search = (Glassbox.ML.ModelSelection.GridSearchCV)new Glassbox.ML.ModelSelection.GridSearchCV(new Glassbox.ML.Linear.Ridge(),
            new Dictionary<string, object?[]> { ["Alpha"] = [1.0] }).Clone(new Dictionary<string, object?> { ["scoring"] = "neg_mean_absolute_error" });
        Assert.Equal(Glassbox.ML.ModelSelection.Scoring.NegMeanAbsoluteError, search.Scoring);
    }
}
