namespace Glassbox.NN;

/// <summary>How a convolution layer pads its input (<c>padding_mode</c> of <c>nn.Conv1d/Conv2d</c>).</summary>
/// <remarks>
/// Everything but <see cref="Zeros"/> pads the input explicitly with <see cref="F.Pad"/> and then convolves without
/// padding, as PyTorch does; <see cref="Zeros"/> lets the convolution kernel treat out-of-image taps as zero, with no copy.
/// </remarks>
public enum PaddingMode
{
    /// <summary>Zero padding (<c>"zeros"</c>, the default).</summary>
    Zeros,
    /// <summary>Mirror padding (<c>"reflect"</c>), see <see cref="PadMode.Reflect"/>.</summary>
    Reflect,
    /// <summary>Edge padding (<c>"replicate"</c>), see <see cref="PadMode.Replicate"/>.</summary>
    Replicate,
    /// <summary>Wrap-around padding (<c>"circular"</c>), see <see cref="PadMode.Circular"/>.</summary>
    Circular,
}
