using Glassbox.Autograd;
using Glassbox.Models;

namespace Glassbox.Tests.Models;

/// <summary>KV-cached inference and the sampling rules of <see cref="GPTSampler"/>.</summary>
public class GPTSamplerTests
{
    private static readonly GPTConfig Cfg = new() { BlockSize = 12, VocabSize = 9, NLayer = 2, NHead = 3, NEmbd = 12 };

    /// <summary>A float64 model with large random weights, so that a cache bug (a wrong position, a stale key, a mask
    /// off by one) changes the logits visibly rather than hiding under near-uniform attention.</summary>
    private static GPT RandomModel(ulong seed)
    {
        var model = new GPT(Cfg, DType.Float64, new Generator(seed));
        var g = new Generator(seed + 100);
        using (GradMode.NoGrad())
            foreach (var p in model.Parameters()) p.CopyFrom(Tensor.Randn(p.ShapeToArray(), DType.Float64, g) * 0.4);
        model.Eval();
        return model;
    }

    /// <summary>
    /// Tolerance for cached against full logits: both compute the same float64 sums, in a different grouping only
    /// where the attention over fewer keys is laid out differently (at most 12 keys, 36-term matmuls), so they agree to
    /// a few ulps of the O(10) logits; 1e-12 is a thousand times that, and a cache slip moves logits by O(1).
    /// </summary>
    private const double CacheTol = 1e-12;

    [Theory]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 })] // one token at a time
    [InlineData(new[] { 5, 1, 1, 3, 2 })]                      // a prompt, single steps, then chunks (explicit mask)
    [InlineData(new[] { 12 })]                                 // all at once through the cache
    public void CachedLogitsEqualFullLogitsStepByStep(int[] chunks)
    {
        var model = RandomModel(1);
        var idx = Tensor.Randint(0, Cfg.VocabSize, [2, Cfg.BlockSize], new Generator(3));
        using var _ = GradMode.NoGrad();
        var full = model.Forward(idx).ToDoubleArray();
        var cache = model.CreateCache(2);
        int pos = 0;
        foreach (int n in chunks)
        {
            var logits = model.Forward(idx.Narrow(1, pos, n).Contiguous(), cache).ToDoubleArray();
            Assert.Equal(pos + n, cache.Length);
            for (int b = 0; b < 2; b++)
                for (int t = 0; t < n; t++)
                    for (int v = 0; v < Cfg.VocabSize; v++)
                    {
                        double expected = full[(b * Cfg.BlockSize + pos + t) * Cfg.VocabSize + v];
                        double actual = logits[(b * n + t) * Cfg.VocabSize + v];
                        Assert.True(Math.Abs(expected - actual) <= CacheTol, $"batch {b} position {pos + t} token {v}: cached {actual}, full {expected}");
                    }
            pos += n;
        }
        Assert.Equal(Cfg.BlockSize, pos);
    }

    [Fact]
    public void GenerationWithAndWithoutCacheAgreeInsideTheWindow()
    {
        var model = RandomModel(2);
        var prompt = Tensor.FromArray(new long[] { 3, 1, 4, 1, 5, 2, 6, 5 }, 2, 4);
        foreach (var opts in new[] { SamplingOptions.Greedy, new SamplingOptions { Temperature = 0.8, TopK = 5 }, new SamplingOptions { TopP = 0.9 } })
        {
            var a = GPTSampler.Generate(model, prompt, Cfg.BlockSize - 4, opts, new Generator(11), useCache: true).ToArray<long>();
            var b = GPTSampler.Generate(model, prompt, Cfg.BlockSize - 4, opts, new Generator(11), useCache: false).ToArray<long>();
            Assert.Equal(b, a);
            Assert.Equal(new long[] { 3, 1, 4, 1 }, a[..4]);
        }
    }

    [Fact]
    public void GreedyGenerationIsTheArgMaxOfTheFullModelEachStep()
    {
        var model = RandomModel(3);
        var prompt = Tensor.FromArray(new long[] { 2, 7 }, 1, 2);
        // Past the window: 30 tokens with block size 12 exercises the cache rebuild (with) and the crop (without).
        var uncached = GPTSampler.Generate(model, prompt, 30, SamplingOptions.Greedy, useCache: false).ToArray<long>();
        using (GradMode.NoGrad())
        {
            var seq = new List<long> { 2, 7 };
            for (int i = 0; i < 30; i++)
            {
                var ctx = seq.Skip(Math.Max(0, seq.Count - Cfg.BlockSize)).ToArray();
                var last = model.Forward(Tensor.FromArray(ctx, 1, ctx.Length)).Select(1, -1).ToDoubleArray();
                seq.Add(Array.IndexOf(last, last.Max()));
            }
            Assert.Equal(seq, uncached);
        }
        var cached = GPTSampler.Generate(model, prompt, 30, SamplingOptions.Greedy, useCache: true).ToArray<long>();
        Assert.Equal(32, cached.Length);
        Assert.Equal(uncached[..Cfg.BlockSize], cached[..Cfg.BlockSize]); // identical while the window holds everything
        Assert.All(cached, t => Assert.InRange(t, 0, Cfg.VocabSize - 1));
    }

    [Fact]
    public void GenerationRestoresTrainingModeAndIsSeeded()
    {
        var model = RandomModel(4);
        model.Train();
        var prompt = Tensor.FromArray(new long[] { 0 }, 1, 1);
        var a = GPTSampler.Generate(model, prompt, 20, generator: new Generator(5)).ToArray<long>();
        var b = GPTSampler.Generate(model, prompt, 20, generator: new Generator(5)).ToArray<long>();
        var c = GPTSampler.Generate(model, prompt, 20, generator: new Generator(6)).ToArray<long>();
        Assert.True(model.Training);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    private static double[] Dist(double[] logits, SamplingOptions o)
    {
        var row = (double[])logits.Clone();
        GPTSampler.Distribution(row, o);
        return row;
    }

    private static readonly double[] Logits = [Math.Log(0.05), Math.Log(0.5), Math.Log(0.15), Math.Log(0.3)];

    [Fact]
    public void TemperatureScalesTheLogits()
    {
        var d = Dist(Logits, new SamplingOptions { Temperature = 0.5 });
        // softmax(log p / 0.5) = p² / Σp².
        double z = 0.05 * 0.05 + 0.25 + 0.15 * 0.15 + 0.09;
        Assert.Equal([0.0025 / z, 0.25 / z, 0.0225 / z, 0.09 / z], d, (x, y) => Math.Abs(x - y) < 1e-15);
        Assert.Equal([0.0, 1.0, 0.0, 0.0], Dist(Logits, SamplingOptions.Greedy));
    }

    [Fact]
    public void TopKKeepsTheKLargest()
    {
        var d = Dist(Logits, new SamplingOptions { TopK = 2 });
        Assert.Equal([0.0, 0.5 / 0.8, 0.0, 0.3 / 0.8], d, (x, y) => Math.Abs(x - y) < 1e-15);
        Assert.Equal([0.05, 0.5, 0.15, 0.3], Dist(Logits, new SamplingOptions { TopK = 10 }), (x, y) => Math.Abs(x - y) < 1e-15);
    }

    [Fact]
    public void TopPKeepsTheSmallestNucleus()
    {
        // Sorted: 0.5, 0.3, 0.15, 0.05. p = 0.7 needs two tokens (0.5 < 0.7 ≤ 0.8), p = 0.85 three, p = 0.4 one.
        Assert.Equal([0.0, 0.625, 0.0, 0.375], Dist(Logits, new SamplingOptions { TopP = 0.7 }), (x, y) => Math.Abs(x - y) < 1e-15);
        Assert.Equal([0.0, 0.5 / 0.95, 0.15 / 0.95, 0.3 / 0.95], Dist(Logits, new SamplingOptions { TopP = 0.85 }), (x, y) => Math.Abs(x - y) < 1e-15);
        Assert.Equal([0.0, 1.0, 0.0, 0.0], Dist(Logits, new SamplingOptions { TopP = 0.4 }));
        // Top-k first, then top-p within it.
        Assert.Equal([0.0, 1.0, 0.0, 0.0], Dist(Logits, new SamplingOptions { TopK = 2, TopP = 0.6 }));
    }

    [Fact]
    public void DrawsFollowTheDistribution()
    {
        // 30,000 draws from (0.05, 0.5, 0.15, 0.3): each count's standard deviation is √(n·p·(1 − p)) ≤ 87, so 5σ bounds.
        var logits = Tensor.FromArray(Enumerable.Repeat(Logits, 30_000).SelectMany(x => x).ToArray(), 30_000, 4);
        var tokens = GPTSampler.Sample(logits, generator: new Generator(8)).ToArray<long>();
        double[] p = [0.05, 0.5, 0.15, 0.3];
        for (int v = 0; v < 4; v++)
        {
            int count = tokens.Count(t => t == v);
            double sd = Math.Sqrt(30_000 * p[v] * (1 - p[v]));
            Assert.InRange(count, 30_000 * p[v] - 5 * sd, 30_000 * p[v] + 5 * sd);
        }
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        var logits = Tensor.Zeros(1, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => GPTSampler.Sample(logits, new SamplingOptions { Temperature = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => GPTSampler.Sample(logits, new SamplingOptions { TopK = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => GPTSampler.Sample(logits, new SamplingOptions { TopP = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => GPTSampler.Sample(logits, new SamplingOptions { TopP = 1.5 }));
        Assert.Throws<ArgumentException>(() => GPTSampler.Sample(Tensor.Zeros(4)));
        var model = RandomModel(5);
        Assert.Throws<ArgumentException>(() => GPTSampler.Generate(model, Tensor.Zeros([1, 0], DType.Int64), 3));
    }
}
