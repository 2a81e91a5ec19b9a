namespace Glassbox.NN;

/// <summary>
/// A convolution's padding: explicit zero-padding amounts, or PyTorch's string modes <c>"same"</c> and
/// <c>"valid"</c>. Converts implicitly from <c>int</c> and <c>(int H, int W)</c>; use <see cref="Same"/> and
/// <see cref="Valid"/> for the modes.
/// </summary>
/// <remarks>
/// <para><c>same</c> pads so that the output has the input's size, which is possible only at stride 1 (PyTorch
/// rejects it otherwise, and so does Glassbox). Along an axis the total padding is d·(k − 1); when it is odd the
/// extra element goes on the right/bottom, exactly as PyTorch (which pads the input by that one extra element
/// and convolves with the symmetric rest).</para>
/// <para><c>valid</c> is no padding, the same numbers as 0 but printed as PyTorch prints it.</para>
/// <para>A one-dimensional convolution uses <see cref="W"/> (an int sets both).</para>
/// </remarks>
public readonly record struct ConvPadding
{
    private ConvPadding(ConvPaddingKind kind, int h, int w) => (Kind, H, W) = (kind, h, w);

    /// <summary>Whether the padding is explicit or one of the string modes.</summary>
    public ConvPaddingKind Kind { get; }
    /// <summary>Explicit padding of the height axis (0 for the modes).</summary>
    public int H { get; }
    /// <summary>Explicit padding of the width axis (0 for the modes).</summary>
    public int W { get; }

    /// <summary><c>padding="same"</c>: output size = input size (stride 1 only).</summary>
    public static ConvPadding Same { get; } = new(ConvPaddingKind.Same, 0, 0);

    /// <summary><c>padding="valid"</c>: no padding.</summary>
    public static ConvPadding Valid { get; } = new(ConvPaddingKind.Valid, 0, 0);

    /// <summary>The same explicit padding on every axis.</summary>
    public static implicit operator ConvPadding(int both) => new(ConvPaddingKind.Explicit, both, both);

    /// <summary>Explicit (height, width) padding.</summary>
    public static implicit operator ConvPadding((int H, int W) pair) => new(ConvPaddingKind.Explicit, pair.H, pair.W);

    /// <summary>Explicit padding from a <see cref="Size2d"/>.</summary>
    public static implicit operator ConvPadding(Size2d pair) => new(ConvPaddingKind.Explicit, pair.H, pair.W);

    /// <summary>"same", "valid", or the Python tuple "(1, 1)".</summary>
    public override string ToString() => Kind switch
    {
        ConvPaddingKind.Same => "same",
        ConvPaddingKind.Valid => "valid",
        _ => $"({H}, {W})",
    };
}

/// <summary>The kinds of <see cref="ConvPadding"/>.</summary>
public enum ConvPaddingKind
{
    /// <summary>Explicit zero-padding amounts.</summary>
    Explicit,
    /// <summary>PyTorch's <c>"same"</c>.</summary>
    Same,
    /// <summary>PyTorch's <c>"valid"</c>.</summary>
    Valid,
}
