using Glassbox.RL.Wrappers;

namespace Glassbox.RL.Envs;

// The toy-text environments, made as gymnasium.make makes them: with the registered time limit, if any.
public static partial class Gym
{
    /// <summary>
    /// <c>gymnasium.make("FrozenLake-v1", ...)</c>: <see cref="FrozenLake"/> with the registered time limit — 100 steps
    /// for the 4x4 map, 200 for 8x8 (FrozenLake8x8-v1) — or <paramref name="maxEpisodeSteps"/>. Custom maps get 100,
    /// as FrozenLake-v1's registration gives them.
    /// </summary>
    public static IEnv<int, int> MakeFrozenLake(string mapName = "4x4", bool isSlippery = true, IReadOnlyList<string>? desc = null,
        double successRate = 1.0 / 3.0, int? maxEpisodeSteps = null)
    {
        var env = new FrozenLake(mapName, isSlippery, desc, successRate);
        return new TimeLimit<int, int>(env, maxEpisodeSteps ?? (desc is null && mapName == "8x8" ? 200 : 100));
    }

    /// <summary>
    /// <c>gymnasium.make("CliffWalking-v1", is_slippery=...)</c>. No time limit is registered, so none is applied
    /// unless <paramref name="maxEpisodeSteps"/> is given (an untrained agent can wander for thousands of steps).
    /// </summary>
    public static IEnv<int, int> MakeCliffWalking(bool isSlippery = false, int? maxEpisodeSteps = null)
    {
        var env = new CliffWalking(isSlippery);
        return maxEpisodeSteps is int limit ? new TimeLimit<int, int>(env, limit) : env;
    }

    /// <summary><c>gymnasium.make("Taxi-v4")</c>: <see cref="Taxi"/> with the registered 200-step limit (or <paramref name="maxEpisodeSteps"/>).</summary>
    public static IEnv<int, int> MakeTaxi(int? maxEpisodeSteps = null) => new TimeLimit<int, int>(new Taxi(), maxEpisodeSteps ?? 200);

    /// <summary>
    /// <c>gymnasium.make("Blackjack-v1")</c>: <see cref="Blackjack"/> as registered — <c>sab=True</c>, unlike the
    /// class's own defaults — and no time limit (an episode lasts at most a dozen steps).
    /// </summary>
    public static IEnv<BlackjackObservation, int> MakeBlackjack(bool natural = false, bool sab = true) => new Blackjack(natural, sab);
}
