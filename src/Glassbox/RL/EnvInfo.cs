namespace Glassbox.RL;

/// <summary>
/// The typed counterpart of Gymnasium's <c>info</c> dict: only the keys the project's environments and wrappers
/// produce. Null means "absent", as a missing key would be in Gymnasium.
/// </summary>
/// <remarks>A record so wrappers can add a key with <c>info with { Episode = ... }</c> without mutating what the
/// inner environment returned; <see cref="Empty"/> is shared, so an environment with nothing to report allocates nothing.</remarks>
public sealed record EnvInfo
{
    /// <summary>The shared instance with every key absent (Gymnasium's <c>{}</c>).</summary>
    public static EnvInfo Empty { get; } = new();

    /// <summary>Toy-text <c>prob</c>: the probability of the transition just taken (1 at reset).</summary>
    public double? Prob { get; init; }

    /// <summary>Taxi's <c>action_mask</c>: 1 for each action that changes the state, else 0.</summary>
    public int[]? ActionMask { get; init; }

    /// <summary>Set by <c>RecordEpisodeStatistics</c> on the step that ends an episode.</summary>
    public EpisodeStatistics? Episode { get; init; }

    /// <summary>Goal-conditioned environments: whether the desired goal was reached (<c>is_success</c>).</summary>
    public bool? IsSuccess { get; init; }
}
