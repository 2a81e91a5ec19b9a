using Glassbox.RL.Seeding;
using Glassbox.RL.Spaces;

namespace Glassbox.Tests.RL;

public class SpaceTests
{
    [Fact]
    public void DiscreteSamplesStartPlusIntegers()
    {
        var d = new Discrete(5, start: -2);
        d.Seed(42);
        var g = new NumpyGenerator(42);
        for (int i = 0; i < 50; i++) Assert.Equal(-2 + g.Integers(0, 5), d.Sample());
        Assert.True(d.Contains(-2) && d.Contains(2));
        Assert.False(d.Contains(-3) || d.Contains(3));
        Assert.Equal("Discrete(5, start=-2)", d.ToString());
    }

    [Fact]
    public void DiscreteMaskedSampleChoosesAmongAllowed()
    {
        var d = new Discrete(6);
        d.Seed(1);
        var g = new NumpyGenerator(1);
        int[] mask = [0, 1, 0, 1, 1, 0];
        int[] allowed = [1, 3, 4];
        for (int i = 0; i < 30; i++) Assert.Equal(allowed[g.Integers(0, 3)], d.Sample(mask));
        Assert.Equal(0, d.Sample([0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void BoundedBoxSamplesUniformCastToFloat32()
    {
        var b = new Box([-1f, 0f], [1f, 3f]);
        b.Seed(9);
        var g = new NumpyGenerator(9);
        for (int i = 0; i < 20; i++)
        {
            var s = b.Sample();
            Assert.Equal((float)g.Uniform(-1, 1), s[0]);
            Assert.Equal((float)g.Uniform(0, 3), s[1]);
            Assert.True(b.Contains(s));
        }
    }

    [Fact]
    public void BoxContainsChecksLengthBoundsAndNaN()
    {
        var b = new Box(-2f, 2f, 1);
        Assert.True(b.Contains([2f]));
        Assert.False(b.Contains([2.0000002f]));
        Assert.False(b.Contains([float.NaN]));
        Assert.False(b.Contains([0f, 0f]));
        var half = new Box([float.NegativeInfinity], [0f]);
        half.Seed(3);
        for (int i = 0; i < 20; i++) Assert.True(half.Contains(half.Sample()));
    }

    [Fact]
    public void BoxRejectsInvertedBounds()
    {
        var e = Assert.Throws<ArgumentException>(() => new Box([1f], [0f]));
        Assert.Contains("low[0] = 1", e.Message);
    }
}
