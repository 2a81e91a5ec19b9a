using Glassbox.ML;
using Glassbox.ML.Cluster;
using Glassbox.ML.Mixture;
using Glassbox.ML.Svm;
using Glassbox.Testing;

namespace Glassbox.Tests.ML;

/// <summary>
/// Behaviour of SVC, SVR, LinearSVC, KMeans, MiniBatchKMeans and GaussianMixture that the sklearn fixtures do not pin
/// down (their contract on these blobs is in <see cref="EstimatorContractTests"/>): the kernel cache, the "ovr" vote/confidence
/// transform, EM monotonicity and seeded clustering of separated blobs. Values against sklearn are in
/// <see cref="SklearnParityTests"/> (families svm, cluster, mixture).
/// </summary>
public class SvmClusterMixtureTests
{
    /// <summary>The shared blobs of <see cref="EstimatorChecks.Blobs"/>; also used by the sample-weight tests.</summary>
    internal static (Tensor X, Tensor Y) Blobs(int n = 90, ulong seed = 7, double sep = 6) => EstimatorChecks.Blobs(n, seed, sep);

    [Fact]
    public void BadHyperparametersThrowInFitNamingTheParameter()
    {
        var (x, y) = Blobs();
        void Check(string name, Action fit) => Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(fit).ParamName);
        Check("C", () => new SVC(c: 0).Fit(x, y));
        Check("Kernel", () => new SVC(kernel: (Kernel)99).Fit(x, y));
        Check("Gamma", () => new SVC(gamma: -1.0).Fit(x, y));
        Check("Epsilon", () => new SVR(epsilon: -0.1).Fit(x, Tensor.FromArray(new double[x.Shape[0]], x.Shape[0])));
        Check("Loss", () => new LinearSVC(loss: (HingeLoss)99).Fit(x, y));
        Check("NClusters", () => new KMeans(0).Fit(x));
        Check("InitCenters", () => new KMeans(3, initCenters: Tensor.Zeros(2, 4)).Fit(x));
        Check("BatchSize", () => new MiniBatchKMeans(3, batchSize: 0).Fit(x));
        Check("CovarianceType", () => new GaussianMixture(2, (CovarianceType)99).Fit(x));
        Check("MeansInit", () => new GaussianMixture(2, meansInit: Tensor.Zeros(3, 4)).Fit(x));
    }

    [Fact]
    public void KernelCacheEvictsLeastRecentlyUsed()
    {
        // capacity: 8 bytes for rows of 1 float → 2 rows
        var cache = new KernelCache(4, 1, 8.0 / (1 << 20));
        int fills = 0;
        void Fill(int i, float[] r) { fills++; r[0] = i; }
        foreach (var i in new[] { 0, 1, 0, 2, 0, 1 }) Assert.Equal(i, cache.Get(i, 1, Fill)[0]);
        // misses: 0, 1, 2 (evicts 1, the LRU), 1 again (evicts 2) — 0 stays hot throughout
        Assert.Equal(4, fills);
        Assert.Equal(4, cache.Misses);
    }

    [Fact]
    public void SvcResultDoesNotDependOnCacheSizeOrThreads()
    {
        // a 2-row cache recomputes rows instead of reusing them: identical arithmetic, so identical results
        var (x, y) = Blobs(120, 11);
        var big = new SVC(c: 5, tol: 1e-6).Fit(x, y).DecisionFunction(x).ToDoubleArray();
        var tiny = new SVC(c: 5, tol: 1e-6, cacheSize: 1e-4).Fit(x, y).DecisionFunction(x).ToDoubleArray();
        Assert.Equal(big, tiny);
    }

    [Fact]
    public void LargeBinarySvcRowsComputedInParallelEqualSerial()
    {
        // 700 × 400 puts l·d above SvcQ.RowParallelWork, so a two-class fit splits each kernel row across threads;
        // every entry is still one independent dot product, so one thread must give the identical model
        var g = new Generator(21);
        int n = 700, d = 400;
        var xs = new double[n * d];
        var ys = new long[n];
        for (int i = 0; i < n; i++)
        {
            ys[i] = i % 2;
            for (int j = 0; j < d; j++) xs[i * d + j] = g.NextNormal() + (j < 5 && ys[i] == 1 ? 1.0 : 0.0);
        }
        var (x, y) = (Tensor.FromArray(xs, n, d), Tensor.FromArray(ys, n));
        Assert.True((long)n * d >= SvcQ.RowParallelWork);
        var par = new SVC(c: 2).Fit(x, y).DecisionFunction(x).ToDoubleArray();
        int saved = Glassbox.Kernels.Par.MaxThreads;
        double[] serial;
        try
        {
            Glassbox.Kernels.Par.MaxThreads = 1;
            serial = new SVC(c: 2).Fit(x, y).DecisionFunction(x).ToDoubleArray();
        }
        finally { Glassbox.Kernels.Par.MaxThreads = saved; }
        Assert.Equal(serial, par);
    }

    [Fact]
    public void ShrinkingChangesTheSolutionOnlyWithinTolerance()
    {
        // both runs stop at KKT violation < 1e-6, so decision values agree to about that (C = 5 scales α)
        var (x, y) = Blobs(120, 13);
        var a = new SVC(c: 5, tol: 1e-6).Fit(x, y).DecisionFunction(x).ToDoubleArray();
        var b = new SVC(c: 5, tol: 1e-6, shrinking: false).Fit(x, y).DecisionFunction(x).ToDoubleArray();
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) < 1e-4, $"entry {i}: {a[i]} vs {b[i]}");
    }

    [Fact]
    public void OvrDecisionIsVotesPlusTransformedConfidences()
    {
        // pairs (0,1): +1 → vote 0; (0,2): −1 → vote 2; (1,2): +0.5 → vote 1: a three-way tie broken by confidence
        // summed confidences: c0 = 1 − 1 = 0, c1 = −1 + 0.5 = −0.5, c2 = 1 − 0.5 = 0.5; each adds c/(3(|c| + 1))
        var r = SVC.OvrDecision([1, -1, 0.5], 1, 3);
        Assert.Equal(1.0, r[0], 15);
        Assert.Equal(1 - 0.5 / 4.5, r[1], 15);
        Assert.Equal(1 + 0.5 / 4.5, r[2], 15);
    }

    [Fact]
    public void SvcSeparatesBlobsAndPredictsByVotes()
    {
        var (x, y) = Blobs();
        var m = new SVC(kernel: Kernel.Linear).Fit(x, y);
        Assert.Equal(1.0, m.Score(x, y));
        // ovr decision arg-max agrees with the vote when votes are not tied (separable blobs: 2, 1, 0 votes)
        var dec = m.DecisionFunction(x).ToDoubleArray();
        var pred = m.Predict(x).ToArray<long>();
        for (int i = 0; i < pred.Length; i++)
            Assert.Equal(pred[i], (long)Array.IndexOf(dec[(i * 3)..(i * 3 + 3)], dec[(i * 3)..(i * 3 + 3)].Max()));
        Assert.Equal(m.NSupport.ToArray<long>().Sum(), m.Support.Shape[0]);
    }

    [Fact]
    public void KMeansIsTheSameForAnyThreadCount()
    {
        // 9,000 rows: three blocks of the fused assign-and-sum pass, so the block-ordered reduction is exercised
        var g = new Generator(17);
        var x = Tensor.FromArray(Enumerable.Range(0, 9000 * 6).Select(_ => g.NextNormal()).ToArray(), 9000, 6);
        int saved = Glassbox.Kernels.Par.MaxThreads;
        try
        {
            Glassbox.Kernels.Par.MaxThreads = 1;
            var a = new KMeans(5, nInit: 2, tol: 0, randomState: 3).Fit(x);
            Glassbox.Kernels.Par.MaxThreads = 3;
            var b = new KMeans(5, nInit: 2, tol: 0, randomState: 3).Fit(x);
            Assert.Equal(a.ClusterCenters.ToDoubleArray(), b.ClusterCenters.ToDoubleArray());
            Assert.Equal(a.Labels.ToArray<long>(), b.Labels.ToArray<long>());
            Assert.Equal(a.Inertia, b.Inertia);
            // with tol = 0 the run ends when the labels repeat, so the centres are the means of the final labels
            var lab = a.Labels.ToArray<long>();
            var xs = x.ToDoubleArray();
            var c = a.ClusterCenters.ToDoubleArray();
            for (int j = 0; j < 5; j++)
                for (int f = 0; f < 6; f++)
                {
                    double s = 0; int cnt = 0;
                    for (int i = 0; i < 9000; i++) if (lab[i] == j) { s += xs[i * 6 + f]; cnt++; }
                    Assert.Equal(s / cnt, c[j * 6 + f], 9);
                }
        }
        finally { Glassbox.Kernels.Par.MaxThreads = saved; }
    }

    [Fact]
    public void KMeansPlusPlusRecoversSeparatedBlobs()
    {
        var (x, y) = Blobs(150, 5);
        var m = new KMeans(3, randomState: 42).Fit(x);
        var lab = m.Labels.ToArray<long>();
        var truth = y.ToArray<long>();
        // the same partition up to renaming
        var map = new Dictionary<long, long>();
        for (int i = 0; i < lab.Length; i++)
        {
            if (!map.TryAdd(lab[i], truth[i])) Assert.Equal(map[lab[i]], truth[i]);
        }
        Assert.Equal(3, map.Count);
        Assert.Equal(-m.Inertia, m.Score(x), 9);
    }

    [Fact]
    public void GaussianMixtureLowerBoundNeverDecreases()
    {
        // EM monotonicity: from the same start, more iterations never lower the mean log-likelihood
        var (x, _) = Blobs(90, 9);
        var means = Tensor.FromArray(new double[] { 1, 1, 1, 1, 5, 0, 5, 0, 0, 5, 0, -5 }, 3, 4);
        var w = Tensor.FromArray(new double[] { 0.3, 0.3, 0.4 }, 3);
        var prec = Tensor.FromArray(Enumerable.Repeat(0.5, 12).ToArray(), 3, 4);
        double prev = double.NegativeInfinity;
        for (int it = 1; it <= 6; it++)
        {
            var m = new GaussianMixture(3, CovarianceType.Diag, tol: 0, maxIter: it, weightsInit: w, meansInit: means, precisionsInit: prec).Fit(x);
            Assert.True(m.LowerBound >= prev - 1e-12, $"iteration {it}: {m.LowerBound} < {prev}");
            prev = m.LowerBound;
        }
        var fitted = new GaussianMixture(3, CovarianceType.Diag, weightsInit: w, meansInit: means, precisionsInit: prec).Fit(x);
        Assert.Equal(fitted.Score(x), fitted.ScoreSamples(x).ToDoubleArray().Average(), 12);
        // BIC − AIC = p(ln n − 2) with p = 3·4 (variances) + 3·4 (means) + 2 (weights) = 26
        Assert.Equal(26 * (Math.Log(90) - 2), fitted.Bic(x) - fitted.Aic(x), 9);
    }

    [Fact]
    public void MiniBatchKMeansFindsTheBlobCentres()
    {
        var (x, _) = Blobs(300, 3);
        var m = new MiniBatchKMeans(3, batchSize: 30, randomState: 4).Fit(x);
        var c = m.ClusterCenters.ToDoubleArray();
        double[][] truth = [[0, 0, 0, 0], [6, 0, 6, 0], [0, 6, 0, -6]];
        foreach (var t in truth)
        {
            // every true centre has a learned centre within 0.6 (100 points of unit noise: the mean is ±0.1 per axis)
            double best = Enumerable.Range(0, 3).Min(k => Math.Sqrt(Enumerable.Range(0, 4).Sum(j => Math.Pow(c[k * 4 + j] - t[j], 2))));
            Assert.True(best < 0.6, $"no centre near ({string.Join(", ", t)}): {best}");
        }
    }
}
