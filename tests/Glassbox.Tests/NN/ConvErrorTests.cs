using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>Inputs that do not fit throw <see cref="ArgumentException"/> naming the op (PyTorch's name) and the shapes.</summary>
public class ConvErrorTests
{
    private static Tensor Z(params int[] shape) => Tensor.Zeros(shape, DType.Float64);

    private static void Throws(Func<Tensor> f, string op, params string[] parts)
    {
        var e = Assert.Throws<ArgumentException>(() => f());
        Assert.StartsWith(op + ":", e.Message);
        foreach (var p in parts) Assert.Contains(p, e.Message);
    }

    [Fact]
    public void Conv2dWrongRank()
    {
        Throws(() => F.Conv2d(Z(2, 3, 4, 4, 1), Z(4, 3, 3, 3)), "conv2d", "[2, 3, 4, 4, 1]");
        Throws(() => F.Conv2d(Z(2, 3, 4, 4), Z(4, 3, 3)), "conv2d", "[4, 3, 3]");
        Throws(() => F.Conv1d(Z(2, 3, 4, 4), Z(4, 3, 3)), "conv1d", "[2, 3, 4, 4]");
        Throws(() => F.ConvTranspose2d(Z(3, 4), Z(3, 4, 3, 3)), "conv_transpose2d", "[3, 4]");
    }

    [Fact]
    public void ChannelMismatch()
    {
        Throws(() => F.Conv2d(Z(2, 5, 8, 8), Z(4, 3, 3, 3)), "conv2d", "[2, 5, 8, 8]", "[4, 3, 3, 3]");
        Throws(() => F.Conv1d(Z(2, 5, 8), Z(4, 3, 3)), "conv1d", "[2, 5, 8]", "[4, 3, 3]");
        Throws(() => F.ConvTranspose2d(Z(2, 5, 8, 8), Z(4, 3, 3, 3)), "conv_transpose2d", "[2, 5, 8, 8]", "[4, 3, 3, 3]");
        Throws(() => F.Conv2d(Z(2, 3, 8, 8), Z(4, 3, 3, 3), Z(5)), "conv2d", "[5]");
    }

    [Fact]
    public void ChannelsNotDivisibleByGroups()
    {
        Throws(() => F.Conv2d(Z(1, 6, 8, 8), Z(5, 3, 3, 3), groups: 2), "conv2d", "groups = 2", "[5, 3, 3, 3]");
        Throws(() => F.Conv2d(Z(1, 5, 8, 8), Z(4, 2, 3, 3), groups: 2), "conv2d", "groups = 2", "[1, 5, 8, 8]");
        Throws(() => F.ConvTranspose2d(Z(1, 5, 8, 8), Z(5, 2, 3, 3), groups: 2), "conv_transpose2d", "groups = 2", "[1, 5, 8, 8]");
    }

    [Fact]
    public void OutputSizeNotPositive()
    {
        Throws(() => F.Conv2d(Z(1, 3, 4, 8), Z(2, 3, 5, 3)), "conv2d", "[1, 3, 4, 8]", "[2, 3, 5, 3]");
        Throws(() => F.Conv2d(Z(1, 3, 6, 6), Z(2, 3, 3, 3), dilation: 3), "conv2d", "[1, 3, 6, 6]");
        Throws(() => F.Conv1d(Z(1, 2, 3), Z(2, 2, 4)), "conv1d", "[1, 2, 3]");
        Throws(() => F.ConvTranspose2d(Z(1, 2, 1, 1), Z(2, 2, 1, 1), padding: 1), "conv_transpose2d", "[1, 2, 1, 1]");
        Throws(() => F.Unfold(Z(1, 2, 3, 3), 4), "unfold", "[1, 2, 3, 3]");
    }

    [Fact]
    public void SameWithStride()
    {
        Throws(() => F.Conv2d(Z(1, 3, 8, 8), Z(2, 3, 3, 3), stride: 2, padding: ConvPadding.Same), "conv2d", "[1, 3, 8, 8]", "same");
        Throws(() => F.Conv1d(Z(1, 3, 8), Z(2, 3, 3), stride: 2, padding: ConvPadding.Same), "conv1d", "[1, 3, 8]", "same");
    }

    [Fact]
    public void OutputPaddingTooLarge() =>
        Throws(() => F.ConvTranspose2d(Z(1, 2, 4, 4), Z(2, 2, 3, 3), stride: 2, outputPadding: 2), "conv_transpose2d", "output_padding (2, 2)");

    [Fact]
    public void PadErrors()
    {
        Throws(() => F.Pad(Z(1, 2, 3, 4), [4, 0], PadMode.Reflect), "pad", "[1, 2, 3, 4]", "reflect");
        Throws(() => F.Pad(Z(1, 2, 3, 4), [0, 0, 0, 3], PadMode.Reflect), "pad", "[1, 2, 3, 4]");
        Throws(() => F.Pad(Z(2, 3), [5, 0], PadMode.Circular), "pad", "[2, 3]", "circular");
        Throws(() => F.Pad(Z(2, 3), [1, 1, 1]), "pad", "[2, 3]");
        Throws(() => F.Pad(Z(2, 3), [-1, 0], PadMode.Replicate), "pad", "[2, 3]");
        Throws(() => F.Pad(Z(2, 3), [1, 1, 1, 1, 1, 1]), "pad", "[2, 3]");
    }

    [Fact]
    public void FoldErrors()
    {
        Throws(() => F.Fold(Z(1, 10, 4), (3, 3), 2), "fold", "[1, 10, 4]");
        Throws(() => F.Fold(Z(1, 8, 5), (3, 3), 2), "fold", "[1, 8, 5]");
        Throws(() => F.Fold(Z(8, 4, 2, 2), (3, 3), 2), "fold", "[8, 4, 2, 2]");
    }

    [Fact]
    public void MixedDTypes() =>
        Throws(() => F.Conv2d(Z(1, 2, 4, 4), Tensor.Zeros([2, 2, 3, 3], DType.Float32)), "conv2d", "float64", "float32");
}
