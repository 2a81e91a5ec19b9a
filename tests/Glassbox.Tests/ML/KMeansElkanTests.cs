using Glassbox.ML.Cluster;

namespace Glassbox.Tests.ML;

/// <summary>
/// KMeans(algorithm: KMeansAlgorithm.Elkan) against our own Lloyd: from the same initial centres (explicit, or the same seeded
/// k-means++ / random draws) both must end in the same labels and n_iter exactly, and — since identical labels give
/// identical per-block sums — the same centres and inertia to rounding (1e-10; in practice bit for bit). The data are
/// continuous random draws, so no point is tied between two centres (the one case where the two may differ: Elkan keeps
/// the current centre, Lloyd's argmin the lower index). Also: the bounds really skip distance computations, and the
/// algorithm names of sklearn 1.2. Values against sklearn's elkan are the parity family "kmeans_elkan".
/// </summary>
public class KMeansElkanTests
{
    /// <summary>k Gaussian blobs in d dimensions, centres N(0, sep²) per coordinate, unit noise, n rows (seeded).</summary>
    private static Tensor Blobs(int n, int d, int k, double sep, ulong seed)
    {
        var g = new Generator(seed);
        var centres = new double[k * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = sep * g.NextNormal();
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = g.NextInt(k);
            for (int j = 0; j < d; j++) x[i * d + j] = centres[c * d + j] + g.NextNormal();
        }
        return Tensor.FromArray(x, n, d);
    }

    private static Tensor Rows(Tensor t, IEnumerable<int> rows)
    {
        int d = t.Shape[1];
        var src = t.ToDoubleArray();
        var idx = rows.ToArray();
        var r = new double[idx.Length * d];
        for (int i = 0; i < idx.Length; i++) Array.Copy(src, idx[i] * d, r, i * d, d);
        return Tensor.FromArray(r, idx.Length, d);
    }

    private static void Same(KMeans lloyd, KMeans elkan, string what)
    {
        Assert.Equal(lloyd.Labels.ToArray<long>(), elkan.Labels.ToArray<long>());
        Assert.Equal(lloyd.NIter, elkan.NIter);
        var a = lloyd.ClusterCenters.ToDoubleArray();
        var b = elkan.ClusterCenters.ToDoubleArray();
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-10 * Math.Max(1, Math.Abs(a[i])), $"{what}: centre[{i}] {a[i]} vs {b[i]}");
        Assert.True(Math.Abs(lloyd.Inertia - elkan.Inertia) <= 1e-10 * Math.Max(1, lloyd.Inertia), $"{what}: inertia {lloyd.Inertia} vs {elkan.Inertia}");
    }

    /// <summary>The shapes: separated and overlapping blobs, d = 50, d = 1, k = 1, k = n, every row three times.</summary>
    public static TheoryData<string> Shapes() => ["blobs", "overlap", "d50", "d1", "k1", "kn", "duplicates"];

    private static (Tensor X, int K) Data(string shape) => shape switch
    {
        "blobs" => (Blobs(300, 4, 4, 4, 1), 4),
        "overlap" => (Blobs(240, 3, 7, 1, 2), 7),
        "d50" => (Blobs(150, 50, 5, 1.5, 3), 5),
        "d1" => (Blobs(120, 1, 3, 2, 4), 3),
        "k1" => (Blobs(80, 3, 2, 3, 5), 1),
        "kn" => (Blobs(15, 2, 3, 3, 6), 15),
        "duplicates" => (Rows(Blobs(60, 3, 4, 2, 7), Enumerable.Range(0, 180).Select(i => i % 60)), 4),
        _ => throw new ArgumentException(shape),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ElkanIsLloydFromTheSameCentres(string shape)
    {
        var (x, k) = Data(shape);
        var init = Rows(x, Enumerable.Range(0, k));
        Same(new KMeans(k, initCenters: init).Fit(x), new KMeans(k, initCenters: init, algorithm: KMeansAlgorithm.Elkan).Fit(x), shape + ", explicit init");
        // tol = 0: only strict convergence (or max_iter) stops, so every iteration's labels are compared
        Same(new KMeans(k, initCenters: init, tol: 0).Fit(x), new KMeans(k, initCenters: init, tol: 0, algorithm: KMeansAlgorithm.Elkan).Fit(x), shape + ", tol 0");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ElkanIsLloydFromTheSameSeededDraws(string shape)
    {
        var (x, k) = Data(shape);
        Same(new KMeans(k, nInit: 4, randomState: 11).Fit(x), new KMeans(k, nInit: 4, randomState: 11, algorithm: KMeansAlgorithm.Elkan).Fit(x), shape + ", k-means++");
        Same(new KMeans(k, init: KMeansInit.Random, nInit: 3, randomState: 12).Fit(x),
            new KMeans(k, init: KMeansInit.Random, nInit: 3, randomState: 12, algorithm: KMeansAlgorithm.Elkan).Fit(x), shape + ", random");
    }

    [Fact]
    public void ElkanIsLloydWithSampleWeights()
    {
        var x = Blobs(200, 5, 5, 1.5, 8);
        var g = new Generator(9);
        var w = Tensor.FromArray(Enumerable.Range(0, 200).Select(i => i % 7 == 0 ? 0.0 : 0.2 + 3 * g.NextDouble()).ToArray(), 200);
        var init = Rows(x, [0, 1, 2, 3, 4]);
        Same(new KMeans(5, initCenters: init).Fit(x, null, w), new KMeans(5, initCenters: init, algorithm: KMeansAlgorithm.Elkan).Fit(x, null, w), "weighted");
        Same(new KMeans(5, nInit: 3, randomState: 2).Fit(x, null, w), new KMeans(5, nInit: 3, randomState: 2, algorithm: KMeansAlgorithm.Elkan).Fit(x, null, w), "weighted, seeded");
    }

    [Fact]
    public void ElkanRelocatesEmptyClustersAsLloyd()
    {
        // a fourth centre far from every point gets no members in the first assignment: sklearn's elkan relocates it
        // (elkan_iter_chunked_dense calls _relocate_empty_clusters_dense) to the point farthest from its centre
        var x = Blobs(120, 2, 3, 4, 10);
        var init = Tensor.FromArray(Rows(x, [0, 1, 2]).ToDoubleArray().Concat([100.0, 100.0]).ToArray(), 4, 2);
        var lloyd = new KMeans(4, initCenters: init).Fit(x);
        var elkan = new KMeans(4, initCenters: init, algorithm: KMeansAlgorithm.Elkan).Fit(x);
        Same(lloyd, elkan, "empty cluster");
        Assert.Equal(4, elkan.Labels.ToArray<long>().Distinct().Count());
    }

    [Fact]
    public void ElkanIsLloydWhenStoppedByMaxIter()
    {
        // not strictly converged: both re-assign against the returned centres (Elkan through its bounds)
        var x = Blobs(400, 3, 6, 1, 13);
        var init = Rows(x, Enumerable.Range(0, 6));
        for (int it = 1; it <= 3; it++)
        {
            var lloyd = new KMeans(6, initCenters: init, maxIter: it, tol: 0).Fit(x);
            var elkan = new KMeans(6, initCenters: init, maxIter: it, tol: 0, algorithm: KMeansAlgorithm.Elkan).Fit(x);
            Same(lloyd, elkan, $"max_iter {it}");
            Assert.Equal(it, elkan.NIter);
        }
    }

    [Fact]
    public void TheBoundsSkipMostDistances()
    {
        // 8 separated blobs: after the first passes almost every point's upper bound is below half the distance to the
        // next centre, so it is not looked at. Lloyd computes n·k distances per pass (NIter passes, plus one final
        // assignment when not strictly converged); Elkan's count, first assignment included, must be far below that.
        int n = 4000, k = 8;
        var x = Blobs(n, 8, k, 5, 14);
        var m = new KMeans(k, nInit: 1, randomState: 3, algorithm: KMeansAlgorithm.Elkan).Fit(x);
        long lloydDistances = (long)n * k * m.NIter;
        Assert.True(m.NIter >= 2, $"n_iter {m.NIter}");
        Assert.True(m.ElkanDistances > 0);
        Assert.True(m.ElkanDistances < 0.4 * lloydDistances, $"elkan computed {m.ElkanDistances} distances, lloyd {lloydDistances}");
        // and the first assignment alone already prunes: n points, k centres, fewer than n·k distances
        var one = new KMeans(k, nInit: 1, randomState: 3, maxIter: 1, algorithm: KMeansAlgorithm.Elkan).Fit(x);
        Assert.True(one.ElkanDistances < 2L * n * k, $"one iteration: {one.ElkanDistances}");
        Assert.Equal(0, new KMeans(k, nInit: 1, randomState: 3).Fit(x).ElkanDistances);
    }

    [Fact]
    public void AlgorithmNamesAreThoseOfSklearn12()
    {
        var x = Blobs(60, 2, 3, 3, 15);
        var lloyd = new KMeans(3, nInit: 2, randomState: 0).Fit(x);
        foreach (var alias in new[] { KMeansAlgorithm.Auto, KMeansAlgorithm.Full })
        {
            var m = new KMeans(3, nInit: 2, randomState: 0, algorithm: alias).Fit(x);
            Assert.Equal(KMeansAlgorithm.Lloyd, m.EffectiveAlgorithm);
            Assert.Equal(lloyd.ClusterCenters.ToDoubleArray(), m.ClusterCenters.ToDoubleArray());
        }
        // one cluster: sklearn 1.2 warns and runs lloyd
        var single = new KMeans(1, randomState: 0, algorithm: KMeansAlgorithm.Elkan).Fit(x);
        Assert.Equal(KMeansAlgorithm.Lloyd, single.EffectiveAlgorithm);
        Assert.Equal(0, single.ElkanDistances);
        Assert.Equal(KMeansAlgorithm.Elkan, new KMeans(2, algorithm: KMeansAlgorithm.Elkan).EffectiveAlgorithm);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(3, algorithm: (KMeansAlgorithm)99).Fit(x));
        Assert.Equal("Algorithm", e.ParamName);
        Assert.Contains("\"lloyd\", \"elkan\", \"auto\" or \"full\"", e.Message);
        // sklearn's names are what a grid and a model file give; an unknown one is refused when cloning, listing the allowed
        var unknown = Assert.Throws<ArgumentException>(() => new KMeans(3).Clone(new Dictionary<string, object?> { ["Algorithm"] = "hamerly" }));
        Assert.Contains("\"lloyd\", \"elkan\", \"auto\" or \"full\"", unknown.Message);
        Assert.Equal(KMeansAlgorithm.Full, ((KMeans)new KMeans(3).Clone(new Dictionary<string, object?> { ["algorithm"] = "full" })).Algorithm);
    }
}
