using Glassbox.RL.Seeding;

namespace Glassbox.Tests.RL;

/// <summary>
/// Each stage of <c>numpy.random.default_rng(seed)</c> against the values NumPy itself produced
/// (<c>rng/numpy_pcg64.json</c>): the SeedSequence pool and state words, the PCG64 state and increment, the first
/// 64-bit outputs, <c>random()</c>, and <c>integers(0, n)</c> with the 32-bit buffer. All exact.
/// </summary>
public class NumpyGeneratorTests
{
    private static IEnumerable<System.Text.Json.JsonElement> Seeds() => GymFixtures.Load("rng/numpy_pcg64.json").GetProperty("seeds").EnumerateArray();

    [SkippableFact]
    public void SeedSequenceMatchesNumpy()
    {
        int n = 0;
        foreach (var s in Seeds())
        {
            var seq = new SeedSequence(s.GetProperty("seed").GetUInt64());
            Assert.Equal(s.GetProperty("seed_sequence_pool_uint32").EnumerateArray().Select(v => v.GetUInt32()), seq.Pool);
            Assert.Equal(s.GetProperty("seed_sequence_state_uint64").EnumerateArray().Select(GymFixtures.U64), seq.GenerateState64(4));
            n++;
        }
        Assert.Equal(6, n);
    }

    [SkippableFact]
    public void Pcg64SeedingAndOutputsMatchNumpy()
    {
        foreach (var s in Seeds())
        {
            var pcg = new Pcg64(new SeedSequence(s.GetProperty("seed").GetUInt64()));
            Assert.Equal(GymFixtures.U128(s.GetProperty("pcg64_state")), pcg.State);
            Assert.Equal(GymFixtures.U128(s.GetProperty("pcg64_increment")), pcg.Increment);
            foreach (var v in s.GetProperty("first_uint64").EnumerateArray()) Assert.Equal(GymFixtures.U64(v), pcg.NextUInt64());
        }
    }

    [SkippableFact]
    public void RandomAndIntegersMatchNumpy()
    {
        foreach (var s in Seeds())
        {
            ulong seed = s.GetProperty("seed").GetUInt64();
            var g = new NumpyGenerator(seed);
            foreach (var v in s.GetProperty("first_random").EnumerateArray()) Assert.Equal(v.GetDouble(), g.Random());
            // integers: a fresh generator, as the fixture draws each list from one
            g = new NumpyGenerator(seed);
            var ns = s.GetProperty("integers_n").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            var expected = s.GetProperty("integers_values").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            Assert.Equal(expected, ns.Select(n => g.Integers(0, n)).ToArray());
        }
    }

    [Fact]
    public void IntegersSharesTheBufferedHighHalfAndRandomLeavesIt()
    {
        // two 32-bit draws consume one 64-bit output: low half, then high half; a random() in between takes the
        // next 64-bit output and leaves the buffered half in place
        var a = new NumpyGenerator(7);
        var b = new Pcg64(new SeedSequence(7));
        ulong w0 = b.NextUInt64(), w1 = b.NextUInt64();
        long first = a.Integers(0, 1L << 32);
        double r = a.Random();
        long second = a.Integers(0, 1L << 32);
        Assert.Equal((long)(uint)w0, first);
        Assert.Equal((w1 >> 11) * (1.0 / (1UL << 53)), r);
        Assert.Equal((long)(w0 >> 32), second);
    }

    [Fact]
    public void IntegersOfOneValueDrawsNothing()
    {
        var a = new NumpyGenerator(3);
        var b = new NumpyGenerator(3);
        Assert.Equal(5, a.Integers(5, 6));
        Assert.Equal(b.Random(), a.Random());
    }

    [Fact]
    public void IntegersStaysInRangeAndIsRoughlyUniform()
    {
        var g = new NumpyGenerator(11);
        var counts = new int[6];
        for (int i = 0; i < 60000; i++) counts[g.Integers(-2, 4) + 2]++;
        // 10000 expected per bin, binomial sd ≈ 91: 5 sd is a bound a correct sampler essentially never breaks
        Assert.All(counts, c => Assert.InRange(c, 10000 - 456, 10000 + 456));
        long big = 3L << 40;   // the 64-bit Lemire path
        for (int i = 0; i < 1000; i++) Assert.InRange(g.Integers(0, big), 0, big - 1);
    }

    [Fact]
    public void UniformUsesTheDoubleWidth()
    {
        var a = new NumpyGenerator(0);
        var b = new NumpyGenerator(0);
        double u = b.Random();
        Assert.Equal(-0.6 + 0.19999999999999996 * u, a.Uniform(-0.6, -0.4));
    }

    [Fact]
    public void CategoricalTakesTheFirstRunningSumAboveTheDraw()
    {
        double u = new NumpyGenerator(0).Random();   // 0.6369616873214543
        Assert.Equal(2, new NumpyGenerator(0).Categorical([0.3, 0.3, 0.4]));
        Assert.Equal(1, new NumpyGenerator(0).Categorical([0.5, 0.5]));
        Assert.Equal(0, new NumpyGenerator(0).Categorical([0.1, 0.1]));   // no sum exceeds u: NumPy's argmax gives 0
        Assert.True(u > 0.6 && u < 1.0);
    }

    [Fact]
    public void ChoiceIndexesWithIntegers()
    {
        string[] deck = ["a", "b", "c", "d"];
        var g = new NumpyGenerator(0);
        var h = new NumpyGenerator(0);
        for (int i = 0; i < 20; i++) Assert.Equal(deck[h.Integers(0, 4)], g.Choice(deck));
    }

    [Fact]
    public void StandardNormalHasUnitMoments()
    {
        var g = new NumpyGenerator(5);
        const int n = 200000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) { double z = g.StandardNormal(); s += z; s2 += z * z; }
        // mean sd 1/sqrt(n) ≈ 0.0022, variance sd sqrt(2/n) ≈ 0.0032: 5 sd bounds
        Assert.InRange(s / n, -0.011, 0.011);
        Assert.InRange(s2 / n, 1 - 0.016, 1 + 0.016);
    }
}
