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
