namespace Glassbox.RL.Wrappers;

/// <summary>
/// Ends episodes after <see cref="MaxEpisodeSteps"/> steps by setting <c>truncated</c> (Gymnasium's <c>TimeLimit</c>,
/// which <c>gymnasium.make</c> adds for registered ids).
/// </summary>
/// <remarks>
/// The step counter is reset by <see cref="Reset"/>; <c>truncated</c> becomes true on the step where the count
/// reaches the limit, even if the inner environment also terminated on that step (both flags are then true), so a
/// learner can still tell a real terminal state from a cut. Stepping again after a truncation without a reset
/// throws <see cref="InvalidOperationException"/>, like stepping after a termination (see <see cref="Env{TObs, TAct}"/>);
/// Gymnasium would keep counting.
/// </remarks>
public sealed class TimeLimit<TObs, TAct> : Wrapper<TObs, TAct>
{
    private int elapsed;
    private bool truncatedLast;

    /// <summary>Wraps <paramref name="inner"/> with a limit of <paramref name="maxEpisodeSteps"/> (≥ 1) steps.</summary>
    public TimeLimit(IEnv<TObs, TAct> inner, int maxEpisodeSteps) : base(inner)
    {
        if (maxEpisodeSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, $"TimeLimit({inner.Id}): maxEpisodeSteps must be at least 1, got {maxEpisodeSteps}");
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>The episode length at which <c>truncated</c> is set.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps => elapsed;

    /// <inheritdoc/>
    public override ResetResult<TObs> Reset(long? seed = null)
    {
        var r = Inner.Reset(seed);
        elapsed = 0;
        truncatedLast = false;
        return r;
    }

    /// <inheritdoc/>
    public override StepResult<TObs> Step(TAct action)
    {
        if (truncatedLast)
            throw new InvalidOperationException($"{Id}: Step called after the episode was truncated at {MaxEpisodeSteps} steps; call Reset before stepping again");
        var r = Inner.Step(action);
        elapsed++;
        if (elapsed >= MaxEpisodeSteps)
        {
            truncatedLast = true;
            r = r with { Truncated = true };
        }
        return r;
    }
}
