using Glassbox.Data.Transforms;

namespace Glassbox.Tests.Data;

/// <summary>
/// Padding modes of <see cref="RandomCrop"/>, <see cref="RandomErasing"/>, <see cref="Cutout"/> and <see cref="Mixup"/>:
/// exact values by replaying each transform's documented draw order from the same seed, distribution checks with
/// bounds of at least five standard errors (a false failure is then rarer than one run in a million; the seeds are
/// fixed anyway, so the tests are deterministic), and determinism across runs.
/// </summary>
public class AugmentationTests
{
    private static Tensor Rand(ulong seed, params int[] shape)
    {
        var g = new Generator(seed);
        var d = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < d.Length; i++) d[i] = g.NextFloat() + 0.5f; // never 0, so an erased pixel is visible
        return Tensor.FromArray(d, shape);
    }

    [Fact]
    public void RandomCropPaddingModesFillTheBorderAsDocumented()
    {
        // One row 1 2 3 4 padded by 2; cropping the whole padded size leaves one offset (0, 0), so the output is the padding.
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 1, 1, 3, 4);
        float[] Padded(CropPadding m) => new RandomCrop(3 + 4, 4 + 4, 2, new Generator(0), m).Apply(x).ToArray<float>()[(3 * 8)..(4 * 8)]; // padded row 3 = input row 1
        Assert.Equal([0, 0, 5, 6, 7, 8, 0, 0], Padded(CropPadding.Zeros));
        Assert.Equal([7, 6, 5, 6, 7, 8, 7, 6], Padded(CropPadding.Reflect));
        Assert.Equal([5, 5, 5, 6, 7, 8, 8, 8], Padded(CropPadding.Replicate));
        // Rows reflect too: padded rows 0 and 6 (2 above and below the image) are input rows 2 and 0.
        var reflect = new RandomCrop(7, 8, 2, new Generator(0), CropPadding.Reflect).Apply(x);
        Assert.Equal([11, 10, 9, 10, 11, 12, 11, 10], reflect.ToArray<float>()[..8]);
        Assert.Equal([3, 2, 1, 2, 3, 4, 3, 2], reflect.ToArray<float>()[(6 * 8)..]);
    }

    /// <summary>Reference: builds the padded image explicitly (numpy.pad's rules), then crops at the replayed offsets.</summary>
    private static float[] NaivePaddedCrop(Tensor x, int size, int pad, CropPadding mode, Generator g)
    {
        int n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3), ph = h + 2 * pad, pw = w + 2 * pad;
        int Map(int q, int len) => q >= 0 && q < len ? q : mode switch
        {
            CropPadding.Reflect => q < 0 ? -q : len - 2 - (q - len),
            CropPadding.Replicate => Math.Clamp(q, 0, len - 1),
            _ => -1,
        };
        var outp = new float[n * c * size * size];
        for (int b = 0; b < n; b++)
        {
            var padded = new float[c, ph, pw];
            for (int ch = 0; ch < c; ch++) for (int i = 0; i < ph; i++) for (int j = 0; j < pw; j++)
            {
                int r = Map(i - pad, h), col = Map(j - pad, w);
                padded[ch, i, j] = r < 0 || col < 0 ? 0f : (float)x[b, ch, r, col];
            }
            int top = g.NextInt(ph - size + 1), left = g.NextInt(pw - size + 1);
            for (int ch = 0; ch < c; ch++) for (int i = 0; i < size; i++) for (int j = 0; j < size; j++)
                outp[((b * c + ch) * size + i) * size + j] = padded[ch, top + i, left + j];
        }
        return outp;
    }

    [Theory]
    [InlineData(CropPadding.Reflect, 5, 2)]
    [InlineData(CropPadding.Reflect, 7, 4)]
    [InlineData(CropPadding.Replicate, 9, 3)]
    [InlineData(CropPadding.Replicate, 1, 1)]
    [InlineData(CropPadding.Zeros, 6, 3)]
    public void RandomCropWithPaddingModesMatchesTheReference(CropPadding mode, int size, int pad)
    {
        var x = Rand(2, 7, 3, 5, 6);
        var y = new RandomCrop(size, pad, new Generator(11), mode).Apply(x);
        Assert.Equal([7, 3, size, size], y.ShapeToArray());
        Assert.Equal(NaivePaddedCrop(x, size, pad, mode, new Generator(11)), y.ToArray<float>());
        var e = Assert.Throws<ArgumentException>(() => new RandomCrop(3, 5, new Generator(1), CropPadding.Reflect).Apply(x));
        Assert.Contains("RandomCrop", e.Message);
        Assert.Contains("[7, 3, 5, 6]", e.Message);
    }

    /// <summary>Replays <see cref="RandomErasing"/>'s documented draws for one image.</summary>
    private static (int Top, int Left, int H, int W)? ReplayErase(Generator g, double p, (double, double) scale, (double, double) ratio, int h, int w)
    {
        if (!(g.NextDouble() < p)) return null;
        for (int a = 0; a < 10; a++)
        {
            double s = scale.Item1 + (scale.Item2 - scale.Item1) * g.NextDouble();
            double r = Math.Exp(Math.Log(ratio.Item1) + (Math.Log(ratio.Item2) - Math.Log(ratio.Item1)) * g.NextDouble());
            int eh = (int)Math.Round(Math.Sqrt(s * h * w * r)), ew = (int)Math.Round(Math.Sqrt(s * h * w / r));
            if (eh >= h || ew >= w) continue;
            int top = g.NextInt(h - eh + 1);
            return (top, g.NextInt(w - ew + 1), eh, ew);
        }
        return null;
    }

    [Fact]
    public void RandomErasingOverwritesExactlyTheReplayedRectangleWithPerChannelValues()
    {
        var x = Rand(3, 12, 3, 10, 13);
        double[] fill = [-1, 0.25, 7];
        var y = new RandomErasing(0.7, value: fill, generator: new Generator(5)).Apply(x);
        var g = new Generator(5);
        int erased = 0;
        for (int n = 0; n < 12; n++)
        {
            var r = ReplayErase(g, 0.7, (0.02, 0.33), (0.3, 3.3), 10, 13);
            if (r is not null) erased++;
            for (int c = 0; c < 3; c++) for (int i = 0; i < 10; i++) for (int j = 0; j < 13; j++)
            {
                bool inside = r is var (t, l, eh, ew) && i >= t && i < t + eh && j >= l && j < l + ew;
                Assert.Equal(inside ? (float)fill[c] : (float)x[n, c, i, j], (float)y[n, c, i, j]);
            }
        }
        Assert.InRange(erased, 2, 11); // the seed exercises both branches
        Assert.Contains("3 channels", Assert.Throws<ArgumentException>(() => new RandomErasing(1, value: [1, 2]).Apply(x)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomErasing(scale: (0.5, 0.2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomErasing(ratio: (0, 1)));
    }

    [Fact]
    public void RandomErasingRateAndAreaFollowTheirParameters()
    {
        // 32×32 with scale (0.1, 0.2), ratio (0.5, 2): h, w ∈ [7, 21], so no attempt ever fails and each decision is one erase.
        const int N = 4000;
        var x = Tensor.Full([N, 1, 32, 32], 1.0);
        var y = new RandomErasing(0.3, (0.1, 0.2), (0.5, 2), generator: new Generator(77)).Apply(x).ToArray<float>();
        int erased = 0;
        double areaSum = 0;
        for (int n = 0; n < N; n++)
        {
            int zeros = y.AsSpan(n * 1024, 1024).Count(0f);
            if (zeros == 0) continue;
            erased++;
            areaSum += zeros / 1024.0;
        }
        // Binomial(4000, 0.3): mean 1200, sd √(4000·0.3·0.7) = 29; ±5 sd.
        Assert.InRange(erased, 1200 - 145, 1200 + 145);
        // Area fraction ≈ s ~ U(0.1, 0.2): mean 0.15, sd 0.029 per image, so the mean of ~1200 has se 0.0008;
        // rounding h and w to integers adds a bias below 0.25·(1/h + 1/w)·s ≈ 0.005 at worst. Bound 0.01.
        Assert.InRange(areaSum / erased, 0.14, 0.16);
    }

    [Fact]
    public void RandomErasingWithNoiseDrawsStandardNormalValues()
    {
        var x = Tensor.Full([200, 2, 16, 16], 100.0, DType.Float64);
        var y = RandomErasing.WithNoise(1, generator: new Generator(8)).Apply(x).ToArray<double>();
        var noise = y.Where(v => v != 100.0).ToArray();
        Assert.True(noise.Length > 10_000, $"{noise.Length} erased values");
        double mean = noise.Average(), var = noise.Select(v => (v - mean) * (v - mean)).Average();
        double se = 1 / Math.Sqrt(noise.Length); // of the mean; the variance's se is √2 times that
        Assert.InRange(mean, -5 * se, 5 * se);
        Assert.InRange(var, 1 - 5 * Math.Sqrt(2) * se, 1 + 5 * Math.Sqrt(2) * se);
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(16, 1)]
    [InlineData(1, 3)]
    public void CutoutZeroesTheClippedSquareAroundTheReplayedCentre(int size, int holes)
    {
        var x = Rand(4, 20, 2, 9, 11);
        var y = new Cutout(size, holes, value: -3, generator: new Generator(31)).Apply(x);
        var g = new Generator(31);
        var expect = x.ToArray<float>();
        for (int n = 0; n < 20; n++)
            for (int k = 0; k < holes; k++)
            {
                int cy = g.NextInt(9), cx = g.NextInt(11);
                for (int i = 0; i < 9; i++) for (int j = 0; j < 11; j++)
                    if (i >= cy - size / 2 && i < cy - size / 2 + size && j >= cx - size / 2 && j < cx - size / 2 + size)
                        for (int c = 0; c < 2; c++) expect[((n * 2 + c) * 9 + i) * 11 + j] = -3f;
            }
        Assert.Equal(expect, y.ToArray<float>());
    }

    [Fact]
    public void CutoutHoleHasTheFullSizeInsideAndIsClippedAtTheBorder()
    {
        var c = new Cutout(4, generator: new Generator(0));
        // Centres are uniform over all pixels, so over many draws both whole and clipped holes occur.
        int whole = 0, clipped = 0;
        for (int k = 0; k < 400; k++)
        {
            var (t, b, l, r) = c.Draw(32, 32);
            Assert.InRange(t, 0, 31); Assert.InRange(b, t + 1, 32); Assert.InRange(l, 0, 31); Assert.InRange(r, l + 1, 32);
            if (b - t == 4 && r - l == 4) whole++; else clipped++;
        }
        // P(clipped) = 1 − (29/32)² = 0.179: Binomial(400, 0.179) has mean 72, sd 7.7.
        Assert.InRange(clipped, 72 - 39, 72 + 39);
        Assert.Equal(400, whole + clipped);
        Assert.Contains("Cutout", Assert.Throws<ArgumentException>(() => c.Apply(Tensor.Zeros(2, 3, 4))).Message);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void MixupLambdaFollowsBetaAlphaAlpha(double alpha)
    {
        const int N = 20_000;
        var m = new Mixup(alpha, new Generator(123));
        var l = new double[N];
        for (int i = 0; i < N; i++) l[i] = m.SampleLambda();
        Assert.All(l, v => Assert.InRange(v, 0, 1));
        // Beta(α, α): mean ½, variance 1/(4(2α + 1)); fourth central moment < 1/16 (values in [0, 1] about ½).
        double mean = l.Average(), var = l.Select(v => (v - mean) * (v - mean)).Average();
        double sigma2 = 1 / (4 * (2 * alpha + 1));
        Assert.InRange(mean, 0.5 - 5 * Math.Sqrt(sigma2 / N), 0.5 + 5 * Math.Sqrt(sigma2 / N));
        double seVar = Math.Sqrt((1.0 / 16 - sigma2 * sigma2) / N);
        Assert.InRange(var, sigma2 - 5 * seVar, sigma2 + 5 * seVar);
        // The CDF at ¼: for α = 1 (uniform) it is ¼; by symmetry P(λ < ¼) = P(λ > ¾) for every α.
        double below = l.Count(v => v < 0.25) / (double)N, above = l.Count(v => v > 0.75) / (double)N;
        Assert.InRange(below - above, -5 * Math.Sqrt(2.0 / N) * 0.5, 5 * Math.Sqrt(2.0 / N) * 0.5);
        if (alpha == 1) Assert.InRange(below, 0.25 - 5 * Math.Sqrt(0.1875 / N), 0.25 + 5 * Math.Sqrt(0.1875 / N));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(4.5)]
    public void GammaSamplerHasMeanAndVarianceA(double a)
    {
        const int N = 40_000;
        var g = new Generator(9);
        var v = new double[N];
        for (int i = 0; i < N; i++) v[i] = BetaSampler.Gamma(g, a);
        double mean = v.Average();
        // Gamma(a, 1): mean a, variance a, so the mean of N has se √(a/N).
        Assert.InRange(mean, a - 5 * Math.Sqrt(a / N), a + 5 * Math.Sqrt(a / N));
        Assert.All(v, x => Assert.True(x >= 0));
    }

    [Fact]
    public void MixupMixesReplayedPairsAndCarriesBothTargetSets()
    {
        var x = Rand(6, 9, 2, 3, 5);
        var y = Tensor.FromArray(new long[] { 0, 1, 2, 3, 4, 0, 1, 2, 3 }, 9);
        var m = new Mixup(1.0, new Generator(42)).Apply(x, y);
        var g = new Generator(42);
        double lambda = BetaSampler.Beta(g, 1, 1);
        int[] perm = Enumerable.Range(0, 9).ToArray();
        for (int i = 8; i > 0; i--) { int j = g.NextInt(i + 1); (perm[i], perm[j]) = (perm[j], perm[i]); }
        Assert.Equal(lambda, m.Lambda);
        Assert.Equal(perm, m.Permutation);
        Assert.NotEqual(Enumerable.Range(0, 9), perm); // the seed gives a real shuffle
        Assert.Equal(y.ToArray<long>(), m.TargetsA.ToArray<long>());
        Assert.Equal(perm.Select(p => y.ToArray<long>()[p]), m.TargetsB.ToArray<long>());
        var xs = x.ToArray<float>(); var ms = m.Inputs.ToArray<float>();
        for (int n = 0; n < 9; n++)
            for (int k = 0; k < 30; k++)
            {
                double want = lambda * xs[n * 30 + k] + (1 - lambda) * xs[perm[n] * 30 + k];
                // float32: λ rounded to float (½ ulp), one product and one fused multiply-add: ≤ 3 roundings of
                // values ≤ 1.5, so |error| ≤ 3 · 6e-8 · 1.5 ≈ 2.7e-7.
                Assert.Equal(want, ms[n * 30 + k], 3e-7);
            }
        // α ≤ 0: no mixing, no draws.
        var off = new Mixup(0, new Generator(1)).Apply(x, y);
        Assert.Equal(1.0, off.Lambda);
        Assert.Equal(xs, off.Inputs.ToArray<float>());
        Assert.Contains("[8]", Assert.Throws<ArgumentException>(() => new Mixup().Apply(x, Tensor.Zeros(8))).Message);
    }

    [Fact]
    public void MixupCrossEntropyIsTheCrossEntropyOfTheMixedTargetAndDifferentiates()
    {
        var g = new Generator(3);
        int n = 5, k = 4;
        var z = new double[n * k];
        for (int i = 0; i < z.Length; i++) z[i] = 3 * g.NextNormal();
        var logits = Tensor.FromArray(z, n, k).RequiresGrad_();
        var x = Tensor.FromArray(Enumerable.Range(0, n * 2).Select(v => (double)v).ToArray(), n, 2);
        var y = Tensor.FromArray(new long[] { 3, 0, 1, 1, 2 }, n);
        var m = new Mixup(0.7, new Generator(10)).Apply(x, y);
        var loss = m.CrossEntropy(logits);
        loss.Backward();
        double lam = m.Lambda, want = 0;
        var a = m.TargetsA.ToArray<long>(); var b = m.TargetsB.ToArray<long>();
        var grad = logits.Grad!.ToArray<double>();
        for (int r = 0; r < n; r++)
        {
            var row = z.AsSpan(r * k, k);
            double max = row.ToArray().Max(), lse = max + Math.Log(row.ToArray().Sum(v => Math.Exp(v - max)));
            want += lse - lam * row[(int)a[r]] - (1 - lam) * row[(int)b[r]];
            for (int c = 0; c < k; c++)
            {
                // ∂/∂z of the mean loss: (softmax − mixed target) / N.
                double t = (c == a[r] ? lam : 0) + (c == b[r] ? 1 - lam : 0);
                Assert.Equal((Math.Exp(row[c] - lse) - t) / n, grad[r * k + c], 1e-14);
            }
        }
        // Sums of ~10 terms of size ≤ 10 in float64: error ≲ 10 · 1.1e-16 · 10 ≈ 1e-14.
        Assert.Equal(want / n, loss.Item(), 1e-13);
    }

    [Fact]
    public void AugmentationsAreDeterministicUnderASeed()
    {
        var x = Rand(12, 6, 3, 8, 8);
        var y = Tensor.FromArray(new long[] { 0, 1, 2, 3, 4, 5 }, 6);
        float[] Run(ulong seed)
        {
            var t = new Compose(new RandomCrop(8, 2, new Generator(seed), CropPadding.Reflect), new RandomHorizontalFlip(0.5, new Generator(seed + 1)),
                new RandomErasing(0.5, generator: new Generator(seed + 2)), new Cutout(3, generator: new Generator(seed + 3)));
            return new Mixup(1, new Generator(seed + 4)).Apply(t.Apply(x), y).Inputs.ToArray<float>();
        }
        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }
}
