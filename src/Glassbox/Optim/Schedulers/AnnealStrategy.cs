namespace Glassbox.Optim.Schedulers;

/// <summary>How <see cref="OneCycleLR"/> moves between its anchor learning rates within a phase (PyTorch's
/// <c>anneal_strategy</c>, "cos" or "linear"), at fraction pct of the phase.</summary>
public enum AnnealStrategy
{
    /// <summary>end + (start − end)·(1 + cos(π·pct))/2.</summary>
    Cos,

    /// <summary>start + pct·(end − start).</summary>
    Linear,
}
