namespace Glassbox.NN;

/// <summary>How <see cref="F.Interpolate"/> and <see cref="Upsample"/> compute a resampled value (PyTorch's <c>mode</c> strings).</summary>
public enum InterpolationMode
{
    /// <summary>PyTorch's <c>"nearest"</c>: the input at ⌊i·scale⌋ (legacy rule: biased towards the top-left).</summary>
    Nearest,

    /// <summary>PyTorch's <c>"nearest-exact"</c>: the input at ⌊(i + ½)·scale⌋, the pixel whose area holds the output's centre.</summary>
    NearestExact,

    /// <summary>PyTorch's <c>"linear"</c>: linear interpolation along the length of a 3-d [N, C, L] input.</summary>
    Linear,

    /// <summary>PyTorch's <c>"bilinear"</c>: linear interpolation along height and width of a 4-d [N, C, H, W] input.</summary>
    Bilinear,
}
