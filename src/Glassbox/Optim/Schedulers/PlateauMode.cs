namespace Glassbox.Optim.Schedulers;

/// <summary>Whether <see cref="ReduceLROnPlateau"/>'s monitored metric improves by falling or by rising (PyTorch's
/// <c>mode</c>, "min" or "max").</summary>
public enum PlateauMode
{
    /// <summary>Lower is better (a loss).</summary>
    Min,

    /// <summary>Higher is better (an accuracy).</summary>
    Max,
}
