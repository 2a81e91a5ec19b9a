using Glassbox.RL.Envs;

namespace Glassbox.Tests.RL;

/// <summary>
/// The classic-control environments against Gymnasium's recorded trajectories, through the <c>gymnasium.make</c>
/// equivalents (so with <c>TimeLimit</c>): initial observation, every observation (bit-identical), reward (exact),
/// terminated and truncated.
/// </summary>
public class ClassicControlFixtureTests
{
    [SkippableFact]
    public void CartPoleMatchesGymnasium()
    {
        // three uniform-random episodes (25, 13, 25 steps) and two angular-velocity-sign runs (142, 161)
        int steps = FixtureReplay.Discrete<float[]>("CartPole-v1.json", Gym.MakeCartPole, FixtureReplay.CheckObs);
        Assert.Equal(25 + 13 + 25 + 142 + 161, steps);
    }

    [SkippableFact]
    public void PendulumMatchesGymnasium()
    {
        int steps = FixtureReplay.Continuous("Pendulum-v1.json", () => Gym.MakePendulum());
        Assert.Equal(600, steps);
    }
}
