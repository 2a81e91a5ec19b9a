using Glassbox.RL.Seeding;
using Glassbox.RL.Spaces;

namespace Glassbox.RL;

/// <summary>
/// Base of the project's environments: implements the checks every <see cref="IEnv{TObs, TAct}"/> makes, so a
/// concrete environment writes only its dynamics (<see cref="ResetCore"/>, <see cref="StepCore"/>).
/// </summary>
/// <remarks>
/// <para>Checks, each throwing with the environment id and the offending value in the message:</para>
/// <list type="bullet">
/// <item>negative seed → <see cref="ArgumentOutOfRangeException"/> (Gymnasium's <c>np_random</c> rejects it too);</item>
/// <item>step before the first reset → <see cref="InvalidOperationException"/> (Gymnasium's <c>OrderEnforcing</c>
/// raises <c>ResetNeeded</c>);</item>
/// <item>action outside the action space → <see cref="ArgumentException"/> (Gymnasium's environments <c>assert</c>
/// it; <c>PassiveEnvChecker</c> only checks the first step, this checks every step);</item>
/// <item>step after the environment returned <c>terminated</c> → <see cref="InvalidOperationException"/>. This is
/// stricter than Gymnasium, which only logs a warning and keeps integrating past the terminal state: the result
/// of such a step is meaningless, and silently accepting it hides the commonest bug in a training loop.</item>
/// </list>
/// <para>Truncation is not the environment's business: <c>TimeLimit</c> applies it, and enforces the reset after it.</para>
/// </remarks>
public abstract class Env<TObs, TAct> : IEnv<TObs, TAct>
{
    private NumpyGenerator? npRandom;
    private bool hasReset;
    private bool ended;

    /// <inheritdoc/>
    public abstract string Id { get; }

    /// <inheritdoc/>
    public abstract Space<TObs> ObservationSpace { get; }

    /// <inheritdoc/>
    public abstract Space<TAct> ActionSpace { get; }

    /// <summary>The generator; without a seeded reset it is seeded from operating-system entropy on first use, as Gymnasium's.</summary>
    public NumpyGenerator NpRandom => npRandom ??= NumpyGenerator.FromEntropy();

    /// <inheritdoc/>
    public ResetResult<TObs> Reset(long? seed = null)
    {
        if (seed is long s)
        {
            EnvChecks.CheckSeed(Id, s);
            npRandom = new NumpyGenerator((ulong)s);
        }
        var r = ResetCore();
        hasReset = true;
        ended = false;
        return r;
    }

    /// <inheritdoc/>
    public StepResult<TObs> Step(TAct action)
    {
        if (!hasReset) throw new InvalidOperationException($"{Id}: Step called before Reset; call Reset first");
        if (ended) throw new InvalidOperationException($"{Id}: Step called after the episode terminated; call Reset before stepping again");
        if (action is null || !AcceptsAction(action))
            throw new ArgumentException($"{Id}: action {EnvChecks.Format(action)} is not in the action space {ActionSpace}", nameof(action));
        var r = StepCore(action);
        if (r.Terminated) ended = true;
        return r;
    }

    /// <summary>Whether <see cref="Step"/> accepts <paramref name="action"/>: by default, whether it lies in
    /// <see cref="ActionSpace"/>. An environment whose definition clips actions may accept more.</summary>
    protected virtual bool AcceptsAction(TAct action) => ActionSpace.Contains(action);

    /// <summary>Starts an episode, drawing any randomness from <see cref="NpRandom"/> (already reseeded if asked).</summary>
    protected abstract ResetResult<TObs> ResetCore();

    /// <summary>One transition, for an action already checked to lie in <see cref="ActionSpace"/>.</summary>
    protected abstract StepResult<TObs> StepCore(TAct action);
}
