using Glassbox.RL.Seeding;
using Glassbox.RL.Spaces;

namespace Glassbox.Tests.RL;

/// <summary>MultiDiscrete, MultiBinary and DictSpace: seeded sampling against NumPy 1.24.2's own draws (the literal
/// lists below were printed by NumPy for the expressions in the comments) and membership.</summary>
public class MoreSpaceTests
{
    [Fact]
    public void MultiDiscreteSamplesRandomTimesNvecTruncated()
    {
        var s = new MultiDiscrete([3, 5, 2, 7]);
        s.Seed(5);
        // (default_rng(5).random((4,)) * [3, 5, 2, 7]).astype(int64)
        Assert.Equal([2, 4, 1, 2], s.Sample());
        var shifted = new MultiDiscrete([3, 5, 2, 7], start: [1, -1, 0, 10]);
        shifted.Seed(5);
        Assert.Equal([3, 3, 1, 12], shifted.Sample());
        Assert.True(shifted.Contains([1, -1, 1, 16]));
        Assert.False(shifted.Contains([0, 0, 0, 10]));
        Assert.False(shifted.Contains([1, 4, 0, 10]));     // -1 + 5 is past the top (-1..3)
        Assert.False(shifted.Contains([1, 0, 0]));
    }

    [Fact]
    public void MultiBinarySamplesNumpysInt8Path()
    {
        var s = new MultiBinary(10);
        s.Seed(3);
        // default_rng(3).integers(0, 2, size=10, dtype=int8)
        Assert.Equal([1, 1, 1, 1, 1, 0, 1, 0, 1, 1], s.Sample());
        var t = new MultiBinary(7);
        t.Seed(12);
        // two calls on default_rng(12): each call starts a fresh byte buffer, sharing the 32-bit one
        Assert.Equal([0, 1, 1, 1, 0, 0, 0], t.Sample());
        Assert.Equal([1, 1, 0, 1, 1, 0, 0], t.Sample());
        Assert.True(t.Contains([0, 1, 1, 1, 0, 0, 1]));
        Assert.False(t.Contains([0, 1, 2, 1, 0, 0, 1]));
        Assert.False(t.Contains([0, 1]));
    }

    [Fact]
    public void DictSpaceSeedsItsPartsInSortedKeyOrder()
    {
        var d = new DictSpace(new Box(-1f, 1f, 3), new Box(0f, 1f, 2), new Box(0f, 2f, 2));
        d.Seed(9);
        // default_rng(9).integers(2**31 - 1, size=3) seeds achieved_goal, desired_goal, observation
        var achieved = new NumpyGenerator(905266064);
        var desired = new NumpyGenerator(1868845934);
        var obs = new NumpyGenerator(2063827471);
        var s = d.Sample();
        Assert.Equal(new[] { (float)achieved.Uniform(0, 1), (float)achieved.Uniform(0, 1) }, s.AchievedGoal);
        Assert.Equal(new[] { (float)desired.Uniform(0, 2), (float)desired.Uniform(0, 2) }, s.DesiredGoal);
        Assert.Equal(new[] { (float)obs.Uniform(-1, 1), (float)obs.Uniform(-1, 1), (float)obs.Uniform(-1, 1) }, s.Observation);
        Assert.True(d.Contains(s));
        Assert.False(d.Contains(s with { DesiredGoal = [3f, 0f] }));
        Assert.Equal([.. s.Observation, .. s.DesiredGoal], s.Flatten());
    }
}
