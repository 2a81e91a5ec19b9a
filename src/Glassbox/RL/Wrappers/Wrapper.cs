using Glassbox.RL.Seeding;
using Glassbox.RL.Spaces;

namespace Glassbox.RL.Wrappers;

/// <summary>
/// An environment that forwards to <see cref="Inner"/> (Gymnasium's <c>gymnasium.Wrapper</c>); subclasses override
/// what they change. The id, spaces and generator are the inner environment's unless overridden.
/// </summary>
public abstract class Wrapper<TObs, TAct> : IEnv<TObs, TAct>
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    protected Wrapper(IEnv<TObs, TAct> inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The wrapped environment.</summary>
    public IEnv<TObs, TAct> Inner { get; }

    /// <inheritdoc/>
    public virtual string Id => Inner.Id;

    /// <inheritdoc/>
    public virtual Space<TObs> ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc/>
    public virtual Space<TAct> ActionSpace => Inner.ActionSpace;

    /// <inheritdoc/>
    public NumpyGenerator NpRandom => Inner.NpRandom;

    /// <inheritdoc/>
    public virtual ResetResult<TObs> Reset(long? seed = null) => Inner.Reset(seed);

    /// <inheritdoc/>
    public virtual StepResult<TObs> Step(TAct action) => Inner.Step(action);
}
