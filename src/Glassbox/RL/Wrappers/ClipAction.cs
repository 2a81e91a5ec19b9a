using Glassbox.RL.Spaces;

namespace Glassbox.RL.Wrappers;

/// <summary>
/// Clips each continuous action into the inner environment's Box bounds before stepping (Gymnasium's
/// <c>ClipAction</c>), so a Gaussian policy's unbounded samples are accepted. The wrapper's own action space is the
/// unbounded box of the same size; NaN is still rejected (by the inner environment), since it has no clipped value.
/// </summary>
public sealed class ClipAction<TObs> : Wrapper<TObs, float[]>
{
    private readonly Box box;

    /// <summary>Wraps <paramref name="inner"/>, whose action space must be a <see cref="Box"/>.</summary>
    public ClipAction(IEnv<TObs, float[]> inner) : base(inner)
    {
        box = inner.ActionSpace as Box
            ?? throw new ArgumentException($"ClipAction({inner.Id}): needs a Box action space, got {inner.ActionSpace}");
        ActionSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, box.Size);
    }

    /// <inheritdoc/>
    public override Space<float[]> ActionSpace { get; }

    /// <inheritdoc/>
    public override StepResult<TObs> Step(float[] action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Length != box.Size) throw new ArgumentException($"{Id}: action {EnvChecks.Format(action)} has {action.Length} values, the action space has {box.Size}", nameof(action));
        var clipped = new float[action.Length];
        for (int i = 0; i < action.Length; i++)
            clipped[i] = float.IsNaN(action[i]) ? action[i] : Math.Min(Math.Max(action[i], box.LowAt(i)), box.HighAt(i));
        return Inner.Step(clipped);
    }
}
