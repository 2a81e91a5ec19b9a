using Glassbox.RL;

namespace Glassbox.Tests.RL;

public class ReplayBufferTests
{
    private static float[] Obs(int k) => [k, k + 0.5f];

    [Fact]
    public void RingOverwritesOldestAndSamplesWithTheGenerator()
    {
        var buf = new ReplayBuffer(capacity: 3, obsDim: 2, actDim: 1);
        for (int k = 0; k < 5; k++) buf.Add(Obs(k), k % 2, reward: k * 10, Obs(k + 1), isTerminated: k == 4);
        Assert.Equal(3, buf.Count);
        // slots now hold k = 3, 4, 2 (slot 0 ← k=3, slot 1 ← k=4, slot 2 ← k=2)
        var g = new Generator(123);
        var h = new Generator(123);
        var batch = buf.Sample(8, g);
        Assert.Equal([8, 2], batch.Observations.ShapeToArray());
        Assert.Equal([8, 1], batch.Actions.ShapeToArray());
        Assert.Equal([8], batch.Rewards.ShapeToArray());
        int[] slotToK = [3, 4, 2];
        var o = batch.Observations.ToArray<float>();
        var no = batch.NextObservations.ToArray<float>();
        var a = batch.Actions.ToArray<float>();
        var r = batch.Rewards.ToArray<float>();
        var t = batch.Terminated.ToArray<float>();
        for (int i = 0; i < 8; i++)
        {
            int k = slotToK[h.NextInt(3)];
            Assert.Equal(Obs(k), o[(2 * i)..(2 * i + 2)]);
            Assert.Equal(Obs(k + 1), no[(2 * i)..(2 * i + 2)]);
            Assert.Equal(k % 2, a[i]);
            Assert.Equal(k * 10, r[i]);
            Assert.Equal(k == 4 ? 1f : 0f, t[i]);
        }
    }

    [Fact]
    public void WrongShapesAndEmptySampleThrow()
    {
        var buf = new ReplayBuffer(4, 2, 1);
        Assert.Throws<InvalidOperationException>(() => buf.Sample(1, new Generator(0)));
        var e = Assert.Throws<ArgumentException>(() => buf.Add([1f], [0f], 0, [1f, 2f], false));
        Assert.Contains("observation has 1 values, expected 2", e.Message);
    }
}
