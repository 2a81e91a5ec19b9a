using System.Text.Json;
using Glassbox.ML.Ensemble;

namespace Glassbox.Tests.ML.Ensemble;

/// <summary>
/// The histogram kernels of <see cref="HistGrower"/> (HistGrower.Histogram.cs): against a naive reference histogram
/// over a sweep of node sizes and bin layouts, vector path against scalar path, and whole fits against predictions
/// recorded before the kernels were rewritten.
/// </summary>
public class HistKernelTests
{
    /// <summary>The obvious histogram: for each feature, the rows in the given order, one cell update each.</summary>
    private static HistBin[] NaiveHistogram(byte[] bins, int n, int p, int[] rows, double[] g, double[] h)
    {
        var hist = new HistBin[p * HistGrower.Stride];
        for (int f = 0; f < p; f++)
            foreach (int i in rows)
            {
                ref var c = ref hist[f * HistGrower.Stride + bins[f * n + i]];
                c.G += g[i]; c.H += h[i]; c.N += 1;
            }
        return hist;
    }

    /// <summary>
    /// Binned data with features of every kind the kernels treat differently: many bins (continuous), three bins
    /// with long runs of the first (a mostly-zero pixel), a constant column (one bin), and, optionally, NaN in
    /// features 0 and 2 (the missing bin, stored apart from the observed ones).
    /// </summary>
    private static (HistBinner binner, byte[] bins) Binned(int n, int p, bool withMissing, int seed)
    {
        var rng = new Generator((ulong)seed);
        var x = new double[n * p];
        for (int i = 0; i < n; i++)
            for (int f = 0; f < p; f++)
            {
                double v = (f % 3) switch
                {
                    0 => rng.NextNormal(),
                    1 => rng.NextDouble() < 0.7 ? 0 : rng.NextInt(2) + 1,
                    _ => 4.0,
                };
                if (withMissing && (f == 0 || f == 2) && rng.NextDouble() < 0.15) v = double.NaN;
                x[i * p + f] = v;
            }
        var binner = new HistBinner(x, n, p, 255);
        return (binner, binner.Transform(x, n, p));
    }

    private static HistGrower Grower(HistBinner binner, byte[] bins, int n, int p, bool vectorized) =>
        new(bins, n, p, binner.Edges, binner.HasMissing, maxLeafNodes: 31, maxDepth: null, minSamplesLeaf: 20, l2: 0, learningRate: 0.1)
        {
            Vectorized = vectorized,
        };

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(7, 3, true)]
    [InlineData(HistGrower.PartialThreshold - 1, 4, false)]
    [InlineData(HistGrower.PartialThreshold, 4, true)]
    [InlineData(HistGrower.PartialThreshold + 1, 5, true)]
    [InlineData(3001, 6, false)]
    [InlineData(3001, 6, true)]
    public void KernelHistogramEqualsNaiveReference(int m, int p, bool withMissing)
    {
        int n = m + m / 16 + 50; // room for the rows left out of the node
        var (binner, bins) = Binned(n, p, withMissing, seed: m + p);
        var rng = new Generator(7);
        // gradients on a grid of 2⁻¹⁰ with |g| ≤ 2: every partial sum of up to 3001 of them is a multiple of 2⁻¹⁰ below
        // 2¹³, so it needs at most 23 significant bits and double addition is exact in any order. The kernels' two
        // interleaved partial sums (m ≥ PartialThreshold) must then agree with the sequential reference exactly.
        var g = new double[n]; var h = new double[n];
        for (int i = 0; i < n; i++) { g[i] = (rng.NextInt(4097) - 2048) / 1024.0; h[i] = (rng.NextInt(1024) + 1) / 1024.0; }
        // the node's rows: an ordered subset (a node's rows stay in ascending order), with rows missing
        var rows = Enumerable.Range(0, n).Where(i => i % 17 != 3).Take(m).ToArray();
        Assert.Equal(m, rows.Length);
        var reference = NaiveHistogram(bins, n, p, rows, g, h);
        foreach (bool vectorized in new[] { false, true })
        {
            var hist = Grower(binner, bins, n, p, vectorized).DirectHistogram(rows, g, h);
            for (int f = 0; f < p; f++)
            {
                int nb = binner.Edges[f].Length + 1;
                // the observed bins and the missing bin are written; the cells between are never read
                var written = Enumerable.Range(0, nb).Concat(binner.HasMissing[f] ? new[] { HistBinner.MissingBin } : Array.Empty<int>()).ToArray();
                foreach (int b in written)
                {
                    var (e, r) = (hist[f * HistGrower.Stride + b], reference[f * HistGrower.Stride + b]);
                    Assert.True(e.G == r.G && e.H == r.H && e.N == r.N,
                        $"vectorized={vectorized} m={m} f={f} bin={b}: ({e.G}, {e.H}, {e.N}) vs reference ({r.G}, {r.H}, {r.N})");
                }
                Assert.Equal(m, written.Sum(b => hist[f * HistGrower.Stride + b].N));
            }
        }
    }

    [Fact]
    public void VectorAndScalarKernelsAgreeToTheBitOnArbitraryGradients()
    {
        // arbitrary doubles: sums round, but both paths add the same operands in the same order in every lane
        int n = 2600, p = 6;
        var (binner, bins) = Binned(n, p, withMissing: true, seed: 3);
        var rng = new Generator(11);
        var g = Enumerable.Range(0, n).Select(_ => rng.NextNormal() * 1e3).ToArray();
        var h = Enumerable.Range(0, n).Select(_ => rng.NextDouble() + 1e-9).ToArray();
        foreach (var rows in new[] { Enumerable.Range(0, n).ToArray(), Enumerable.Range(0, n).Where(i => i % 5 != 0).ToArray(), Enumerable.Range(100, 300).ToArray() })
        {
            var a = Grower(binner, bins, n, p, false).DirectHistogram(rows, g, h);
            var b = Grower(binner, bins, n, p, true).DirectHistogram(rows, g, h);
            for (int t = 0; t < a.Length; t++)
                Assert.True(a[t].G.Equals(b[t].G) && a[t].H.Equals(b[t].H) && a[t].N.Equals(b[t].N), $"cell {t}, {rows.Length} rows");
        }
    }

    /// <summary>Fits with the vector and the scalar kernels must grow identical trees: histograms, subtraction and
    /// split scans agree to the bit, so every split choice, threshold and leaf value does.</summary>
    [Theory]
    [InlineData("Multinomial")]
    [InlineData("Binary")]
    [InlineData("AbsoluteError")] // gradients ±1: many splits tie exactly, and the first must win on both paths
    [InlineData("SquaredError")]
    public void VectorAndScalarFitsGrowIdenticalTrees(string lossName)
    {
        var loss = Enum.Parse<HistBoosting.Loss>(lossName);
        var (x, yc, yr) = GoldenData(2500, 8);
        int k = loss == HistBoosting.Loss.Multinomial ? 3 : 1;
        var y = loss switch
        {
            HistBoosting.Loss.Multinomial => yc.Select(v => (double)v).ToArray(),
            HistBoosting.Loss.Binary => yc.Select(v => v == 2 ? 1.0 : 0.0).ToArray(),
            HistBoosting.Loss.AbsoluteError => yr.Select(v => Math.Round(v)).ToArray(),
            _ => yr,
        };
        var s = new HistSettings(MaxIter: 6, LearningRate: 0.1, MaxLeafNodes: 31, MaxDepth: null, MinSamplesLeaf: 20, L2: 0.5, MaxBins: 255,
            EarlyStopping: false, ValidationFraction: 0.1, NIterNoChange: 10, Tol: 1e-7, RandomState: 0);
        var a = HistBoosting.Fit(x, 2500, 8, loss, y, k == 3 ? 3 : 2, s, vectorizedKernels: false);
        var b = HistBoosting.Fit(x, 2500, 8, loss, y, k == 3 ? 3 : 2, s, vectorizedKernels: true);
        Assert.Equal(a.Trees.Length, b.Trees.Length);
        int splits = 0;
        for (int it = 0; it < a.Trees.Length; it++)
            for (int c = 0; c < k; c++)
            {
                var (ta, tb) = (a.Trees[it][c], b.Trees[it][c]);
                Assert.Equal(ta.Feature, tb.Feature);
                Assert.Equal(ta.Left, tb.Left);
                Assert.Equal(ta.Threshold, tb.Threshold);
                Assert.Equal(ta.MissingLeft, tb.MissingLeft);
                Assert.Equal(ta.Value, tb.Value);
                splits += ta.Feature.Count(f => f >= 0);
            }
        Assert.True(splits >= 6 * k * 10, $"only {splits} splits: the comparison would be too weak");
    }

    /// <summary>
    /// The data of the recorded predictions: 3 classes (and a regression target) from a few features, some of them
    /// with few distinct levels that are mostly 0 (long runs of one bin), NaN in 10% of feature 0.
    /// </summary>
    internal static (double[] x, long[] yc, double[] yr) GoldenData(int n, int p)
    {
        var g = new Generator(2026);
        var x = new double[n * p]; var yc = new long[n]; var yr = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int f = 0; f < p; f++)
            {
                double v = g.NextNormal();
                if (f % 3 == 1) v = Math.Max(0, Math.Round(v * 2));
                if (f == 0 && g.NextDouble() < 0.1) v = double.NaN;
                x[i * p + f] = v;
            }
            double x0 = double.IsNaN(x[i * p]) ? 1.5 : x[i * p];
            double s = x0 + 0.8 * x[i * p + 1] - 0.6 * x[i * p + 2] * x[i * p + 3] + 0.3 * g.NextNormal();
            yc[i] = s < -0.5 ? 0 : s < 0.7 ? 1 : 2;
            yr[i] = s + 0.5 * Math.Abs(x[i * p + 4]);
        }
        return (x, yc, yr);
    }

    /// <summary>
    /// Whole fits (3000 rows: the root and large children take the two-partial path, small nodes the direct one)
    /// reproduce, to the bit, predictions recorded with the kernels as they were before the 256-bit rewrite. Exact
    /// equality is the right bar: the rewrite keeps every sum's operands and order.
    /// </summary>
    [Fact]
    public void FitsReproducePredictionsRecordedBeforeTheKernelRewrite()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "ensemble", "hgb_kernels_before.json")));
        var root = doc.RootElement;
        int n = root.GetProperty("n").GetInt32(), p = root.GetProperty("p").GetInt32();
        var (x, yc, yr) = GoldenData(n, p);
        var xt = Tensor.FromArray(x, n, p);
        var proba = new HistGradientBoostingClassifier(maxIter: 12, randomState: 0).Fit(xt, Tensor.FromArray(yc, [n])).PredictProba(xt).ToDoubleArray();
        var pred = new HistGradientBoostingRegressor(maxIter: 12, maxLeafNodes: 15, randomState: 0).Fit(xt, Tensor.FromArray(yr, [n])).Predict(xt).ToDoubleArray();
        double[] Read(string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var rows = Enumerable.Range(0, n).Where(i => i % 50 == 0).ToArray();
        Assert.Equal(Read("classifier_proba_every_50th_row"), rows.SelectMany(i => new[] { proba[3 * i], proba[3 * i + 1], proba[3 * i + 2] }));
        Assert.Equal(Read("regressor_pred_every_50th_row"), rows.Select(i => pred[i]));
        // every row enters the weighted sums, so a changed tree anywhere shows up here
        Assert.Equal(root.GetProperty("classifier_proba_sum").GetDouble(), proba.Select((v, i) => v * (i % 11 + 1)).Sum());
        Assert.Equal(root.GetProperty("regressor_pred_sum").GetDouble(), pred.Select((v, i) => v * (i % 11 + 1)).Sum());
    }
}
