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
}
