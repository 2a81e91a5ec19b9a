using Glassbox.RL;
using Glassbox.RL.Envs;
using Glassbox.RL.Seeding;
using Glassbox.RL.Spaces;

namespace Glassbox.Tests.RL;

public class GoalEnvTests
{
    [Fact]
    public void BitFlipFlipsOneBitAndPaysMinusOneUntilSolved()
    {
        var env = new BitFlip(6);
        var r0 = env.Reset(seed: 4);
        var g = new NumpyGenerator(4);
        var bits = Enumerable.Range(0, 6).Select(_ => (float)g.Integers(0, 2)).ToArray();
        Assert.Equal(bits, r0.Observation.Observation);
        Assert.Equal(bits, r0.Observation.AchievedGoal);
        Assert.False(bits.SequenceEqual(r0.Observation.DesiredGoal));
        Assert.True(env.ObservationSpace.Contains(r0.Observation));
        // solve it by flipping each differing bit: -1 on every step but the last, which pays 0 and terminates
        var goal = r0.Observation.DesiredGoal;
        var wrong = Enumerable.Range(0, 6).Where(i => bits[i] != goal[i]).ToList();
        for (int k = 0; k < wrong.Count; k++)
        {
            var r = env.Step(wrong[k]);
            bool last = k == wrong.Count - 1;
            Assert.Equal(last ? 0.0 : -1.0, r.Reward);
            Assert.Equal(last, r.Terminated);
            Assert.Equal(last, r.Info.IsSuccess);
            bits[wrong[k]] = 1 - bits[wrong[k]];
            Assert.Equal(bits, r.Observation.AchievedGoal);
        }
    }

    [Fact]
    public void BitFlipComputeRewardRelabelsAndTheLimitIsN()
    {
        var env = new BitFlip(3);
        Assert.Equal(0.0, env.ComputeReward([1, 0, 1], [1, 0, 1]));
        Assert.Equal(-1.0, env.ComputeReward([1, 0, 1], [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => env.ComputeReward([1, 0], [1, 0, 1]));
        // flip a bit that already matches, back and forth: never solved; the third step truncates
        var limited = Gym.MakeBitFlip(3);
        GoalObservation obs;
        long seed = 0;
        do obs = limited.Reset(seed++).Observation; while (!Enumerable.Range(0, 3).Any(k => obs.AchievedGoal[k] == obs.DesiredGoal[k]));
        int i = Enumerable.Range(0, 3).First(k => obs.AchievedGoal[k] == obs.DesiredGoal[k]);
        StepResult<GoalObservation> r = default;
        for (int t = 0; t < 3; t++)
        {
            r = limited.Step(i);
            Assert.Equal(-1.0, r.Reward);
        }
        Assert.True(r.Truncated);
        Assert.False(r.Terminated);
        var fresh = new BitFlip(3);
        fresh.Reset(seed: 1);
        var e = Assert.Throws<ArgumentException>(() => fresh.Step(3));
        Assert.Contains("BitFlip-3", e.Message);
        Assert.Contains("action 3", e.Message);
    }

    [Fact]
    public void PointMassMovesByClippedActionsAndStaysInTheSquare()
    {
        var env = new PointMassGoal();
        var r0 = env.Reset(seed: 7);
        var g = new NumpyGenerator(7);
        double x = g.Uniform(-1, 1), y = g.Uniform(-1, 1), gx, gy;
        do { gx = g.Uniform(-1, 1); gy = g.Uniform(-1, 1); } while (Math.Sqrt((x - gx) * (x - gx) + (y - gy) * (y - gy)) <= 0.1);
        Assert.Equal(new[] { (float)x, (float)y }, r0.Observation.Observation);
        Assert.Equal(new[] { (float)gx, (float)gy }, r0.Observation.DesiredGoal);
        // more than full action is clipped to (1, 1): each step adds exactly 0.1 per coordinate, stopped by the wall
        StepResult<GoalObservation> r = default;
        for (int t = 0; t < 30; t++)
        {
            r = env.Step([5f, 3f]);
            x = Math.Clamp(x + 0.1, -1.0, 1.0);
            y = Math.Clamp(y + 0.1, -1.0, 1.0);
            Assert.Equal(new[] { (float)x, (float)y }, r.Observation.Observation);
            Assert.Equal(env.ComputeReward(r.Observation.AchievedGoal, r.Observation.DesiredGoal), r.Reward);
            if (r.Terminated) break;
        }
        if (!r.Terminated) Assert.Equal(new[] { 1f, 1f }, r.Observation.Observation);
    }

    [Fact]
    public void PointMassReachesItsGoalWithTheDirectPolicy()
    {
        var env = Gym.MakePointMassGoal();
        for (int seed = 0; seed < 10; seed++)
        {
            var o = env.Reset(seed).Observation;
            StepResult<GoalObservation> r = default;
            int steps = 0;
            do
            {
                float dx = o.DesiredGoal[0] - o.AchievedGoal[0], dy = o.DesiredGoal[1] - o.AchievedGoal[1];
                r = env.Step([dx * 10, dy * 10]);   // full speed toward the goal (clipped), slowing inside 0.1
                o = r.Observation;
                steps++;
            } while (!r.Done);
            Assert.True(r.Terminated, $"seed {seed}: not reached in {steps} steps");
            Assert.Equal(0.0, r.Reward);
            Assert.True(steps <= 29, $"seed {seed}: {steps} steps, the straight path needs at most 29");
        }
    }

    [Fact]
    public void PointMassRejectsNonFiniteActions()
    {
        var env = new PointMassGoal();
        env.Reset(seed: 1);
        var e = Assert.Throws<ArgumentException>(() => env.Step([float.NaN, 0f]));
        Assert.Contains("PointMassGoal-v0", e.Message);
        Assert.Contains("NaN", e.Message);
        Assert.Throws<ArgumentException>(() => env.Step([0f]));
        Assert.Equal(0.0, env.ComputeReward([0.5f, 0.5f], [0.55f, 0.55f]));   // distance 0.0707 < 0.1
        Assert.Equal(-1.0, env.ComputeReward([0.5f, 0.5f], [0.6f, 0.6f]));    // 0.141
    }
}
