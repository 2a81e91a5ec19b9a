using System.Text.Json.Nodes;
using Glassbox.ML.Cluster;
using Glassbox.ML.Options;
using Glassbox.ML.Mixture;
using Glassbox.Testing.Parity;
using Glassbox.ML.Tree;
using Glassbox.Testing;
using Glassbox.ML.Replay;

namespace Glassbox.Tests.ML;

/// <summary>
/// Seeded KMeans and GaussianMixture against sklearn fits with the same <c>random_state</c>
/// (tools/reference/sklearn_svm_cluster_fixtures.py, "seeded" cases): the seedings draw NumPy's MT19937 stream in
/// sklearn's order, so the runs start from the same points and must end in the same clustering. Labels and
/// iteration counts are compared exactly; centres, weights and means to 1e-9 / 1e-6 (float64 sums over a few
/// hundred points in a different order, amplified through EM's iterations).
/// </summary>
public class SeededSklearnStreamTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");

    [Fact]
    public void RandomStateStreamsMatchNumpy()
    {
        // np.random.RandomState(0).random_sample(3); RandomState(0).permutation(10); RandomState(7).permutation(100)[:8];
        // RandomState(3): randint(1000), then uniform(size=2)
        var r = new SklearnRandom(0);
        Assert.Equal([0.5488135039273248, 0.7151893663724195, 0.6027633760716439], new[] { r.RandomSample(), r.RandomSample(), r.RandomSample() });
        Assert.Equal([2, 8, 4, 9, 1, 6, 7, 3, 0, 5], new SklearnRandom(0).Permutation(10));
        Assert.Equal([37, 26, 78, 91, 49, 15, 93, 71], new SklearnRandom(7).Permutation(100)[..8]);
        var r3 = new SklearnRandom(3);
        Assert.Equal(874u, r3.RandInt(1000));
        Assert.Equal([0.07072488001099086, 0.8399490437724049], new[] { r3.RandomSample(), r3.RandomSample() });
        Assert.Empty(new SklearnRandom(1).Permutation(0));
        Assert.Equal([0], new SklearnRandom(1).Permutation(1));
    }

    public static TheoryData<int> KMeansCases() => Indices("cluster");
    public static TheoryData<int> MixtureCases() => Indices("mixture");

    private static TheoryData<int> Indices(string family)
    {
        var d = new TheoryData<int>();
        int n = SklearnFixture.Cases(SklearnFixture.Load(Folder, family), "seeded").Count();
        for (int i = 0; i < n; i++) d.Add(i);
        return d;
    }

    [Theory, MemberData(nameof(KMeansCases))]
    public void SeededKMeansEqualsSklearn(int index)
    {
        var root = SklearnFixture.Load(Folder, "cluster");
        var c = SklearnFixture.Cases(root, "seeded").ElementAt(index);
        var x = Fixtures.Tensor(root[c["data"]!.GetValue<string>()]!["X"]);
        var p = (JsonObject)c["params"]!;
        var m = new KMeans(p["n_clusters"]!.GetValue<int>(), init: SklearnNames.Parse<KMeansInit>(p["init"]?.GetValue<string>() ?? "k-means++"),
            nInit: p["n_init"]!.GetValue<int>(), randomState: p["random_state"]!.GetValue<int>()).Fit(x);
        Assert.Equal(Fixtures.Tensor(c["labels"]).ToArray<long>(), m.Labels.ToArray<long>());
        Assert.Equal(c["n_iter"]!.GetValue<int>(), m.NIter);
        Assert.True(Fixtures.MaxAbsDiff(Fixtures.Tensor(c["cluster_centers"]), m.ClusterCenters) < 1e-9);
        double inertia = c["inertia"]!.GetValue<double>();
        Assert.True(Math.Abs(m.Inertia - inertia) <= 1e-10 * inertia, $"inertia {m.Inertia} vs sklearn {inertia}");
    }

    [Theory, MemberData(nameof(MixtureCases))]
    public void SeededGaussianMixtureEqualsSklearn(int index)
    {
        var root = SklearnFixture.Load(Folder, "mixture");
        var c = SklearnFixture.Cases(root, "seeded").ElementAt(index);
        var data = root[c["data"]!.GetValue<string>()]!;
        var (x, xt) = (Fixtures.Tensor(data["X"]), Fixtures.Tensor(data["X_test"]));
        var p = (JsonObject)c["params"]!;
        var m = new GaussianMixture(p["n_components"]!.GetValue<int>(), covarianceType: SklearnNames.Parse<CovarianceType>(p["covariance_type"]!.GetValue<string>()),
            tol: p["tol"]!.GetValue<double>(), maxIter: p["max_iter"]!.GetValue<int>(), nInit: p["n_init"]?.GetValue<int>() ?? 1,
            initParams: SklearnNames.Parse<MixtureInit>(p["init_params"]!.GetValue<string>()), randomState: p["random_state"]!.GetValue<int>()).Fit(x);
        Assert.Equal(c["n_iter"]!.GetValue<int>(), m.NIter);
        Assert.True(Fixtures.MaxAbsDiff(Fixtures.Tensor(c["weights"]), m.Weights) < 1e-6);
        Assert.True(Fixtures.MaxAbsDiff(Fixtures.Tensor(c["means"]), m.Means) < 1e-6);
        Assert.Equal(c["lower_bound"]!.GetValue<double>(), m.LowerBound, 6);
        Assert.Equal(Fixtures.Tensor(c["predict"]).ToArray<long>(), m.Predict(xt).ToArray<long>());
    }
}
