namespace Glassbox.NN;

/// <summary>
/// A (height, width) pair of a 2-D op's kernel size, stride, padding or dilation — PyTorch's <c>_size_2_t</c>,
/// which accepts one int for both or a pair. Converts implicitly from <c>int</c> (both the same) and from
/// <c>(int H, int W)</c>, so <c>stride: 2</c> and <c>stride: (2, 1)</c> both read naturally.
/// </summary>
/// <param name="H">The height component (dimension −2).</param>
/// <param name="W">The width component (dimension −1).</param>
public readonly record struct Size2d(int H, int W)
{
    /// <summary>The same value for height and width.</summary>
    public static implicit operator Size2d(int both) => new(both, both);

    /// <summary>A (height, width) tuple.</summary>
    public static implicit operator Size2d((int H, int W) pair) => new(pair.H, pair.W);

    /// <summary>Python's tuple repr, "(3, 3)", as PyTorch prints it in a module repr.</summary>
    public override string ToString() => $"({H}, {W})";
}
