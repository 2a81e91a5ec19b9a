using Glassbox.RL;
using Glassbox.RL.Algorithms;

namespace Glassbox.Tests.RL;

/// <summary>HER's future-strategy relabelling, checked on episodes whose achieved goals encode their own time step.</summary>
public class HindsightReplayTests
{
    // The achieved goal at time t is [t] and the observation is [10·t], so a sampled row tells which step it came from and
    // which future step its relabelled goal came from. The desired goal, 99, is never achieved.
    private static HindsightReplay Filled(int futureK, int length = 6, int episodes = 3)
    {
        var buffer = new HindsightReplay(1, 1, 1, (a, d) => a[0] == d[0] ? (0.0, true) : (-1.0, false), futureK);
        for (int e = 0; e < episodes; e++)
        {
            var obs = Enumerable.Range(0, length + 1).Select(t => 10f * t).ToArray();
            var ag = Enumerable.Range(0, length + 1).Select(t => (float)t).ToArray();
            var act = Enumerable.Range(0, length).Select(t => (float)(t % 2)).ToArray();
            buffer.AddEpisode(obs, ag, [99f], act);
        }
        return buffer;
    }

    [Fact]
    public void FutureGoalsComeFromLaterStepsOfTheSameEpisodeWithRecomputedRewards()
    {
        var buffer = Filled(futureK: 4);
        Assert.Equal(0.8, buffer.FutureProbability, 1e-15);
        var batch = buffer.Sample(20000, new Generator(5));
        var o = batch.Observations.ToArray<float>(); var no = batch.NextObservations.ToArray<float>();
        var a = batch.Actions.ToArray<float>(); var r = batch.Rewards.ToArray<float>(); var d = batch.Terminated.ToArray<float>();
        int relabelled = 0, immediate = 0;
        var futureOffsetsSeen = new HashSet<int>();
        for (int i = 0; i < 20000; i++)
        {
            int t = (int)(o[2 * i] / 10);
            float goal = o[2 * i + 1];
            Assert.Equal(10f * (t + 1), no[2 * i]);       // s_{t+1} of the same transition
            Assert.Equal(goal, no[2 * i + 1]);             // the same goal on both sides
            Assert.Equal(t % 2, a[i]);
            if (goal == 99f) { Assert.Equal(-1f, r[i]); Assert.Equal(0f, d[i]); continue; }
            relabelled++;
            int f = (int)goal;
            Assert.InRange(f, t + 1, 6);                   // a future achieved goal, never a past or present one
            futureOffsetsSeen.Add(f - t);
            bool reached = f == t + 1;                     // the transition itself achieved the relabelled goal
            Assert.Equal(reached ? 0f : -1f, r[i]);
            Assert.Equal(reached ? 1f : 0f, d[i]);
            if (reached) immediate++;
        }
        // Binomial(20000, 0.8): standard deviation 0.0028; 0.015 is more than 5 of them.
        Assert.Equal(0.8, relabelled / 20000.0, 0.015);
        Assert.Equal(Enumerable.Range(1, 6).ToHashSet(), futureOffsetsSeen);
        // P(f = t + 1) = E[1/(T − t)] over t uniform in 0..5 = (1 + 1/2 + … + 1/6)/6 = 0.408.
        Assert.Equal(0.408, immediate / (double)relabelled, 0.02);
    }

    [Fact]
    public void WithoutHindsightEveryGoalIsTheDesiredOne()
    {
        var batch = Filled(futureK: 0).Sample(500, new Generator(1));
        var o = batch.Observations.ToArray<float>();
        for (int i = 0; i < 500; i++) Assert.Equal(99f, o[2 * i + 1]);
        Assert.All(batch.Rewards.ToArray<float>(), v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void OldestEpisodesAreDroppedBeyondCapacityAndBadEpisodesAreRejected()
    {
        var buffer = new HindsightReplay(1, 1, 1, (a, d) => (0.0, true), capacityTransitions: 10);
        for (int e = 0; e < 3; e++) buffer.AddEpisode(new float[5], new float[5], [0f], new float[4]);
        Assert.Equal(2, buffer.EpisodeCount);
        Assert.Equal(8, buffer.TransitionCount);
        var ex = Assert.Throws<ArgumentException>(() => buffer.AddEpisode(new float[5], new float[4], [0f], new float[4]));
        Assert.Contains("HindsightReplay.AddEpisode", ex.Message);
        Assert.Throws<InvalidOperationException>(() => new HindsightReplay(1, 1, 1, (a, d) => (0.0, true)).Sample(4, new Generator(0)));
    }

    [Fact]
    public void GoalDqnTargetIsTheClippedMaxOverTheTargetNetwork()
    {
        var agent = new GoalConditionedDqn(4, 3, new GoalConditionedDqnOptions { Hidden = 8 }, seed: 2);
        float[] next = [0.1f, 0.9f, 1f, 0f, 0.3f, -0.2f, 0f, 1f, 1f, 1f, 0f, 0f];
        float[] rewards = [-1f, 0f, 5f], done = [0f, 1f, 0f];
        var batch = new ReplayBatch(Tensor.Zeros([3, 4]), Tensor.Zeros([3, 1]), Tensor.FromArray(rewards, 3), Tensor.FromArray(next, 3, 4), Tensor.FromArray(done, 3));
        var y = agent.Target(batch).ToArray<float>();
        var q = agent.TargetNetwork.Forward(Tensor.FromArray(next, 3, 4)).ToArray<float>();
        for (int i = 0; i < 3; i++)
        {
            double max = Math.Max(q[3 * i], Math.Max(q[3 * i + 1], q[3 * i + 2]));
            double expected = Math.Clamp(rewards[i] + 0.98 * (1 - done[i]) * max, -50, 0);
            Assert.Equal(expected, y[i], 1e-6); // float32 arithmetic on values of order 1
        }
        Assert.Equal(0f, y[1]);  // terminal: the reward alone
        Assert.Equal(0f, y[2]);  // +5 is outside [−1/(1 − γ), 0] and is clipped to 0
    }
}
