namespace Glassbox.Optim.Schedulers;

/// <summary>How <see cref="ReduceLROnPlateau"/> measures a significant improvement (PyTorch's <c>threshold_mode</c>,
/// "rel" or "abs"); shown for mode min, mode max mirrors it.</summary>
public enum ThresholdMode
{
    /// <summary>a &lt; best·(1 − threshold).</summary>
    Rel,

    /// <summary>a &lt; best − threshold.</summary>
    Abs,
}
