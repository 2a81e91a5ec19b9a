using Glassbox.RL;
using Glassbox.RL.Envs;
using Glassbox.RL.Seeding;
using Glassbox.RL.Wrappers;

namespace Glassbox.Tests.RL;

/// <summary>Seeding, ordering, bad input and the time limit, on CartPole and Pendulum.</summary>
public class EnvApiTests
{
    [Fact]
    public void SeededResetReproducesAndUnseededResetContinuesTheStream()
    {
        var a = new CartPole();
        var first = a.Reset(seed: 5).Observation;
        var second = a.Reset().Observation;          // continues the seed-5 stream
        var g = new NumpyGenerator(5);
        for (int i = 0; i < 4; i++) Assert.Equal((float)g.Uniform(-0.05, 0.05), first[i]);
        for (int i = 0; i < 4; i++) Assert.Equal((float)g.Uniform(-0.05, 0.05), second[i]);
        Assert.Equal(first, new CartPole().Reset(seed: 5).Observation);
    }

    [Fact]
    public void NegativeSeedNamesEnvAndValue()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gym.MakeCartPole().Reset(seed: -3));
        Assert.Contains("CartPole-v1", e.Message);
        Assert.Contains("-3", e.Message);
    }

    [Fact]
    public void StepBeforeResetThrows()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Pendulum().Step([0f]));
        Assert.Contains("Pendulum-v1", e.Message);
        Assert.Contains("before Reset", e.Message);
    }

    [Fact]
    public void ActionOutsideTheSpaceNamesEnvAndValue()
    {
        var cp = Gym.MakeCartPole();
        cp.Reset(seed: 0);
        var e = Assert.Throws<ArgumentException>(() => cp.Step(2));
        Assert.Contains("CartPole-v1", e.Message);
        Assert.Contains("action 2", e.Message);
        var p = Gym.MakePendulum();
        p.Reset(seed: 0);
        e = Assert.Throws<ArgumentException>(() => p.Step([2.5f]));
        Assert.Contains("Pendulum-v1", e.Message);
        Assert.Contains("[2.5]", e.Message);
        Assert.Throws<ArgumentException>(() => p.Step([0f, 0f]));
    }

    [Fact]
    public void StepAfterTerminationThrowsUntilReset()
    {
        var cp = Gym.MakeCartPole();
        cp.Reset(seed: 0);
        StepResult<float[]> r;
        int steps = 0;
        do { r = cp.Step(1); steps++; } while (!r.Terminated);
        Assert.Equal(1.0, r.Reward);                 // the terminating step still pays +1
        Assert.InRange(steps, 2, 499);
        var e = Assert.Throws<InvalidOperationException>(() => cp.Step(1));
        Assert.Contains("after the episode terminated", e.Message);
        cp.Reset();
        cp.Step(0);
    }

    [Fact]
    public void TimeLimitTruncatesOnTheLimitStepAndThenRequiresReset()
    {
        var env = new TimeLimit<float[], float[]>(new Pendulum(), 3);
        env.Reset(seed: 1);
        Assert.False(env.Step([0f]).Truncated);
        Assert.False(env.Step([0f]).Truncated);
        var last = env.Step([0f]);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
        var e = Assert.Throws<InvalidOperationException>(() => env.Step([0f]));
        Assert.Contains("truncated at 3 steps", e.Message);
        env.Reset();
        Assert.Equal(0, env.ElapsedSteps);
        Assert.False(env.Step([0f]).Truncated);
    }

    [Fact]
    public void PendulumAngleNormalizeIsFlooredModulo()
    {
        Assert.Equal(-Math.PI + 0.5, Pendulum.AngleNormalize(Math.PI + 0.5), 12);
        Assert.Equal(Math.PI - 0.5, Pendulum.AngleNormalize(-Math.PI - 0.5), 12);
        Assert.Equal(0.25, Pendulum.PyMod(-1.75, 2.0));      // C#'s % would give -1.75
        Assert.Equal(-1.75, -1.75 % 2.0);
    }
}
