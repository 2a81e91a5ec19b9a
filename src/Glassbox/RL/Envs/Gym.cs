using Glassbox.RL.Spaces;
using Glassbox.RL.Wrappers;

namespace Glassbox.RL.Envs;

/// <summary>
/// <c>gymnasium.make</c> for the registered ids: each factory builds the environment with the registry's arguments
/// and wraps it in <see cref="TimeLimit{TObs, TAct}"/> with the registry's <c>max_episode_steps</c>. (Gymnasium's
/// <c>OrderEnforcing</c> and <c>PassiveEnvChecker</c> checks are built into <see cref="Env{TObs, TAct}"/>.)
/// </summary>
public static class Gym
{
    /// <summary><c>gymnasium.make("CartPole-v1")</c>: 500 steps.</summary>
    public static IEnv<float[], int> MakeCartPole() => new TimeLimit<float[], int>(new CartPole(), 500);

    /// <summary><c>gymnasium.make("Pendulum-v1")</c>: g = 10, 200 steps.</summary>
    public static IEnv<float[], float[]> MakePendulum(NumpyPromotion promotion = NumpyPromotion.Legacy)
        => new TimeLimit<float[], float[]>(new Pendulum(10.0, promotion), 200);

    /// <summary><c>gymnasium.make("MountainCar-v0")</c>: 200 steps.</summary>
    public static IEnv<float[], int> MakeMountainCar() => new TimeLimit<float[], int>(new MountainCar(), 200);

    /// <summary><c>gymnasium.make("MountainCarContinuous-v0")</c>: 999 steps.</summary>
    public static IEnv<float[], float[]> MakeMountainCarContinuous(NumpyPromotion promotion = NumpyPromotion.Legacy)
        => new TimeLimit<float[], float[]>(new MountainCarContinuous(0, promotion), 999);

    /// <summary><c>gymnasium.make("Acrobot-v1")</c>: 500 steps.</summary>
    public static IEnv<float[], int> MakeAcrobot() => new TimeLimit<float[], int>(new Acrobot(), 500);

    /// <summary>The HER paper's bit flipping with <paramref name="n"/> bits and an n-step limit.</summary>
    public static IEnv<GoalObservation, int> MakeBitFlip(int n) => new TimeLimit<GoalObservation, int>(new BitFlip(n), n);

    /// <summary>The 2-d point-mass goal task with a 50-step limit.</summary>
    public static IEnv<GoalObservation, float[]> MakePointMassGoal(double goalRadius = PointMassGoal.DefaultGoalRadius)
        => new TimeLimit<GoalObservation, float[]>(new PointMassGoal(goalRadius), 50);
}
