namespace Glassbox.Tests.Tensors;

/// <summary>
/// Random creation: seeded reproducibility, ranges, and moments / frequencies within 4 standard errors.
/// </summary>
/// <remarks>
/// Statistical tolerances: every check compares a sample statistic with its exact expectation using the
/// statistic's own standard error (computed in the test). |z| &gt; 4 has probability ≈ 6e-5 for a correct
/// sampler, and the seeds are fixed, so each check is deterministic: it either always passes or exposes a bias.
/// </remarks>
public class RandomTests
{
    private const int N = 100_000;

    private static (double mean, double var) Moments(double[] v)
    {
        double m = v.Average();
        double s = 0;
        foreach (var x in v) s += (x - m) * (x - m);
        return (m, s / (v.Length - 1));
    }

    [Fact]
    public void SameSeedSameNumbersDifferentSeedDifferentNumbers()
    {
        Tensor Draw(ulong seed)
        {
            var g = new Generator(seed);
            return Tensor.Cat([
                Tensor.Rand([3], DType.Float64, g), Tensor.Randn([3], DType.Float64, g), Tensor.Uniform([2], -2, 3, DType.Float64, g),
                Tensor.Normal([2], 1, 2, DType.Float64, g), Tensor.Randint(0, 100, [3], g).Double(), Tensor.Bernoulli(Tensor.Full([4], 0.5, DType.Float64), g),
                Tensor.Multinomial(Tensor.FromArray([1.0, 2, 3]), 2, false, g).Double(), Tensor.Randperm(5, g).Double()]);
        }
        Assert.Equal(Draw(42).ToArray<double>(), Draw(42).ToArray<double>());
        Assert.NotEqual(Draw(42).ToArray<double>(), Draw(43).ToArray<double>());

        // a generator keeps advancing: two calls in a row give different numbers, re-seeding replays them
        var gen = new Generator(7);
        var a = Tensor.Rand([4], DType.Float32, gen).ToArray<float>();
        var b = Tensor.Rand([4], DType.Float32, gen).ToArray<float>();
        Assert.NotEqual(a, b);
        gen.ManualSeed(7);
        Assert.Equal(a, Tensor.Rand([4], DType.Float32, gen).ToArray<float>());

        // the values are the generator's stream, one draw per element in row-major order
        var g1 = new Generator(3);
        var expected = Enumerable.Range(0, 6).Select(_ => g1.NextDouble()).ToArray();
        Assert.Equal(expected, Tensor.Rand([2, 3], DType.Float64, new Generator(3)).ToArray<double>());
    }

    [Fact]
    public void RandMomentsAndRange()
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var v = Tensor.Rand([N], dtype, new Generator(1)).ToDoubleArray();
            Assert.All(v, x => Assert.InRange(x, 0.0, 1.0 - 1e-12));
            var (m, s2) = Moments(v);
            // U(0,1): mean 1/2, variance 1/12, fourth central moment 1/80.
            double seMean = Math.Sqrt(1.0 / 12 / N);                       // ≈ 9.1e-4
            double seVar = Math.Sqrt((1.0 / 80 - 1.0 / 144) / N);           // SE of the sample variance: √((μ₄ − σ⁴)/n) ≈ 2.4e-4
            Assert.InRange(m, 0.5 - 4 * seMean, 0.5 + 4 * seMean);
            Assert.InRange(s2, 1.0 / 12 - 4 * seVar, 1.0 / 12 + 4 * seVar);
        }
    }

    [Fact]
    public void RandnMoments()
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var v = Tensor.Randn([N], dtype, new Generator(2)).ToDoubleArray();
            var (m, s2) = Moments(v);
            // N(0,1): SE of the mean 1/√n ≈ 3.2e-3; SE of the sample variance √(2/n) ≈ 4.5e-3 (μ₄ = 3).
            double seMean = 1 / Math.Sqrt(N), seVar = Math.Sqrt(2.0 / N);
            Assert.InRange(m, -4 * seMean, 4 * seMean);
            Assert.InRange(s2, 1 - 4 * seVar, 1 + 4 * seVar);
            // symmetric: the fraction of positive samples is 1/2 ± 4·√(1/4n)
            double pos = v.Count(x => x > 0) / (double)N;
            Assert.InRange(pos, 0.5 - 4 * Math.Sqrt(0.25 / N), 0.5 + 4 * Math.Sqrt(0.25 / N));
        }
    }

    [Fact]
    public void UniformAndNormalWithParameters()
    {
        var u = Tensor.Uniform([N], -2, 3, DType.Float64, new Generator(4)).ToDoubleArray();
        Assert.All(u, x => Assert.InRange(x, -2.0, 3.0 - 1e-12));
        var (mu, vu) = Moments(u);
        // U(a,b): mean (a+b)/2, variance (b−a)²/12 = 25/12; SE of the mean √(25/12/n) ≈ 4.6e-3
        Assert.InRange(mu, 0.5 - 4 * Math.Sqrt(25.0 / 12 / N), 0.5 + 4 * Math.Sqrt(25.0 / 12 / N));
        // SE of the variance √((μ₄ − σ⁴)/n) with μ₄ = (b−a)⁴/80
        double seVu = Math.Sqrt((625.0 / 80 - 625.0 / 144) / N);
        Assert.InRange(vu, 25.0 / 12 - 4 * seVu, 25.0 / 12 + 4 * seVu);

        var z = Tensor.Normal([N], 1.5, 0.5, DType.Float32, new Generator(5)).ToDoubleArray();
        var (mz, vz) = Moments(z);
        // N(1.5, 0.25): SE of the mean 0.5/√n, SE of the variance σ²·√(2/n)
        Assert.InRange(mz, 1.5 - 4 * 0.5 / Math.Sqrt(N), 1.5 + 4 * 0.5 / Math.Sqrt(N));
        Assert.InRange(vz, 0.25 - 4 * 0.25 * Math.Sqrt(2.0 / N), 0.25 + 4 * 0.25 * Math.Sqrt(2.0 / N));

        Assert.Equal(new[] { 2.0, 2.0 }, Tensor.Normal([2], 2, 0, DType.Float64, new Generator(0)).ToArray<double>());
        Assert.Equal(new[] { 2.0f }, Tensor.Uniform([1], 2, 2, DType.Float32, new Generator(0)).ToArray<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Uniform([1], 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Normal([1], 0, -1));
        Assert.Throws<ArgumentException>(() => Tensor.Rand([1], DType.Int64));
    }

    [Fact]
    public void RandintRangeAndFrequencies()
    {
        var v = Tensor.Randint(-3, 4, [70_000], new Generator(6));
        Assert.Equal(DType.Int64, v.DType);
        var counts = new int[7];
        foreach (var x in v.ToArray<long>()) { Assert.InRange(x, -3, 3); counts[x + 3]++; }
        // each of 7 values: expected 10000, SE √(n·p(1−p)) ≈ 92.6
        double se = Math.Sqrt(70_000 * (1.0 / 7) * (6.0 / 7));
        Assert.All(counts, c => Assert.InRange(c, 10_000 - 4 * se, 10_000 + 4 * se));
        Assert.Equal(new long[] { 5, 5, 5 }, Tensor.Randint(5, 6, [3], new Generator(0)).ToArray<long>());
        Assert.Equal(new[] { 2, 0 }, Tensor.Randint(0, 2, [2, 0]).ShapeToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Randint(2, 2, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Randint(long.MinValue, long.MaxValue, [1]));
    }

    [Fact]
    public void BernoulliKeepsDtypeAndFrequencies()
    {
        var p = Tensor.FromArray([0f, 1f, 0.3f], 3).Reshape(1, 3).Expand(N, 3);
        var y = Tensor.Bernoulli(p, new Generator(8));
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(new[] { N, 3 }, y.ShapeToArray());
        var v = y.ToArray<float>();
        double ones = 0;
        for (int i = 0; i < N; i++)
        {
            Assert.Equal(0f, v[3 * i]);
            Assert.Equal(1f, v[3 * i + 1]);
            Assert.True(v[3 * i + 2] is 0f or 1f);
            ones += v[3 * i + 2];
        }
        // frequency of ones for p = 0.3 (float32 0.3 is 0.30000001192…): SE √(p(1−p)/n) ≈ 1.45e-3
        double se = Math.Sqrt(0.3 * 0.7 / N);
        Assert.InRange(ones / N, 0.3 - 4 * se, 0.3 + 4 * se);
        Assert.Equal(DType.Float64, Tensor.Bernoulli(Tensor.Full([2], 0.5, DType.Float64)).DType);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Bernoulli(Tensor.FromArray([1.5])));
        Assert.Throws<ArgumentException>(() => Tensor.Bernoulli(Tensor.Arange(2)));
    }

    [Fact]
    public void MultinomialWithReplacementFrequencies()
    {
        // unnormalised weights 1:2:0:4 → probabilities 1/7, 2/7, 0, 4/7
        var w = Tensor.FromArray([1.0, 2, 0, 4]);
        var y = Tensor.Multinomial(w, N, replacement: true, new Generator(9));
        Assert.Equal(new[] { N }, y.ShapeToArray());
        var counts = new int[4];
        foreach (var c in y.ToArray<long>()) counts[c]++;
        Assert.Equal(0, counts[2]);
        double[] p = [1.0 / 7, 2.0 / 7, 0, 4.0 / 7];
        for (int c = 0; c < 4; c++)
        {
            double se = Math.Sqrt(N * p[c] * (1 - p[c])); // binomial count SE
            Assert.InRange(counts[c], N * p[c] - 4 * se, N * p[c] + 4 * se);
        }
    }

    [Fact]
    public void MultinomialWithoutReplacement()
    {
        // 2-D: every row gets distinct, non-zero-weight categories; row 1 has only two candidates.
        var probs = Tensor.From(new double[,] { { 1, 2, 0, 3 }, { 0, 5, 0, 1 } });
        var y = Tensor.Multinomial(probs, 2, generator: new Generator(10));
        Assert.Equal(new[] { 2, 2 }, y.ShapeToArray());
        var r1 = new[] { (long)y[1, 0], (long)y[1, 1] }.OrderBy(v => v).ToArray();
        Assert.Equal(new long[] { 1, 3 }, r1);

        // Sequential sampling: P(first = c) = p_c and P(second = c) = Σ_{a≠c} p_a · p_c / (1 − p_a).
        const int rows = 30_000;
        var p = new[] { 1.0 / 6, 2.0 / 6, 0, 3.0 / 6 };
        var draws = Tensor.Multinomial(Tensor.FromArray([1.0, 2, 0, 3]).Reshape(1, 4).Expand(rows, 4), 2, false, new Generator(11)).ToArray<long>();
        var first = new int[4]; var second = new int[4];
        for (int r = 0; r < rows; r++)
        {
            Assert.NotEqual(draws[2 * r], draws[2 * r + 1]);
            first[draws[2 * r]]++; second[draws[2 * r + 1]]++;
        }
        for (int c = 0; c < 4; c++)
        {
            double p2 = 0;
            for (int a = 0; a < 4; a++) if (a != c && p[a] > 0) p2 += p[a] * p[c] / (1 - p[a]);
            double se1 = Math.Sqrt(rows * p[c] * (1 - p[c])), se2 = Math.Sqrt(rows * p2 * (1 - p2));
            Assert.InRange(first[c], rows * p[c] - 4 * se1, rows * p[c] + 4 * se1);
            Assert.InRange(second[c], rows * p2 - 4 * se2, rows * p2 + 4 * se2);
        }

        var e = Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray([1.0, 0, 1]), 3));
        Assert.Contains("multinomial", e.Message); Assert.Contains("2 non-zero", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Multinomial(Tensor.FromArray([1.0, -1]), 1));
        Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray([0.0, 0]), 1, true));
        // with replacement, more draws than categories is fine
        Assert.Equal(new long[] { 1, 1, 1, 1, 1 }, Tensor.Multinomial(Tensor.FromArray([0.0, 2]), 5, true, new Generator(0)).ToArray<long>());
    }

    [Fact]
    public void RandpermIsAPermutationWithUniformOrders()
    {
        foreach (var n in new[] { 0, 1, 2, 17, 1000 })
        {
            var p = Tensor.Randperm(n, new Generator((ulong)n)).ToArray<long>();
            Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), p.OrderBy(v => v));
        }
        Assert.NotEqual(Tensor.Randperm(20, new Generator(1)).ToArray<long>(), Tensor.Randperm(20, new Generator(2)).ToArray<long>());

        // all 3! = 6 orders of 0,1,2 equally likely: count SE √(n·(1/6)(5/6)) ≈ 91 for n = 60000
        var gen = new Generator(12);
        var counts = new Dictionary<string, int>();
        const int trials = 60_000;
        for (int t = 0; t < trials; t++)
        {
            var key = string.Join(",", Tensor.Randperm(3, gen).ToArray<long>());
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(6, counts.Count);
        double se = Math.Sqrt(trials * (1.0 / 6) * (5.0 / 6));
        Assert.All(counts.Values, c => Assert.InRange(c, trials / 6.0 - 4 * se, trials / 6.0 + 4 * se));
    }
}

/// <summary>
/// Tests that draw from the shared <see cref="Generator.Default"/>. They run in a collection with
/// parallelisation disabled, so no other test advances the default stream between their draws.
/// </summary>
[CollectionDefinition("Default generator", DisableParallelization = true)]
public class DefaultGeneratorCollection { }

/// <summary>The convenience overloads and <c>generator: null</c> use <see cref="Generator.Default"/>.</summary>
[Collection("Default generator")]
public class DefaultGeneratorTests
{
    [Fact]
    public void ConvenienceOverloadsUseTheDefaultGenerator()
    {
        Generator.SetSeed(123);
        var a = Tensor.Rand(2, 3);
        var b = Tensor.Randn(4);
        var c = Tensor.Randperm(6);
        Generator.SetSeed(123);
        Assert.Equal(a.ToArray<float>(), Tensor.Rand([2, 3], DType.Float32, new Generator(123)).ToArray<float>());
        Assert.Equal(new[] { 2, 3 }, a.ShapeToArray());
        Assert.Equal(DType.Float32, a.DType);
        Assert.Equal(a.ToArray<float>(), Tensor.Rand(2, 3).ToArray<float>());
        Assert.Equal(b.ToArray<float>(), Tensor.Randn(4).ToArray<float>());
        Assert.Equal(c.ToArray<long>(), Tensor.Randperm(6).ToArray<long>());
        Assert.Equal(0, Tensor.Rand().NDim);
    }
}
