using Glassbox.Autograd;

namespace Glassbox.Tests.Tensors;

/// <summary>
/// PyTorch's type rule for in-place arithmetic: the promoted result must be storable in the destination's dtype
/// without crossing kinds (float → int, int → bool); refused ops leave the tensor and its version untouched.
/// </summary>
public class InPlaceDTypeTests
{
    [Fact]
    public void IntegerTensorRefusesAFloatOperandInsteadOfTruncating()
    {
        var t = Tensor.FromArray(new long[] { 1, 2 }, 2);
        int v = t.Version;
        var e = Assert.Throws<ArgumentException>(() => t.AddInPlace(Tensor.Scalar(0.5)));
        Assert.Contains("result type float32 can't be cast to the desired output type int64", e.Message);
        Assert.Throws<ArgumentException>(() => t.SubInPlace(Tensor.FromArray(new[] { 0.5, 0.5 }, 2)));
        Assert.Throws<ArgumentException>(() => t.MulInPlace(0.5));
        Assert.Throws<ArgumentException>(() => t.DivInPlace(2.5));
        Assert.Throws<ArgumentException>(() => t.AddInPlace(Tensor.FromArray(new long[] { 1, 1 }, 2), alpha: 0.5));
        Assert.Equal(new long[] { 1, 2 }, t.ToArray<long>());
        Assert.Equal(v, t.Version);
    }

    [Fact]
    public void IntegerOperandsAndIntegralScalarsStillWork()
    {
        var t = Tensor.FromArray(new long[] { 7, -7 }, 2);
        t.AddInPlace(Tensor.FromArray(new long[] { 1, 1 }, 2), alpha: 2);
        Assert.Equal(new long[] { 9, -5 }, t.ToArray<long>());
        t.MulInPlace(3.0);
        Assert.Equal(new long[] { 27, -15 }, t.ToArray<long>());
        t.DivInPlace(Tensor.Scalar(2, DType.Int64)); // floors, like Div on int64
        Assert.Equal(new long[] { 13, -8 }, t.ToArray<long>());
    }

    [Fact]
    public void FloatTensorsAcceptAnyNumericOperandAndNarrowWithinTheKind()
    {
        var f = Tensor.FromArray(new[] { 1f, 2f }, 2);
        f.AddInPlace(Tensor.FromArray(new[] { 0.25, 0.5 }, 2)); // float64 result stored as float32
        f.MulInPlace(Tensor.FromArray(new long[] { 2, 4 }, 2));
        f.DivInPlace(4.0);
        Assert.Equal(new[] { 0.625f, 2.5f }, f.ToArray<float>());
    }

    [Fact]
    public void BoolTensorRefusesIntegerResultsAndSubtraction()
    {
        var b = Tensor.FromArray(new[] { true, false }, 2);
        var e = Assert.Throws<ArgumentException>(() => b.MulInPlace(2.0));
        Assert.Contains("result type int64 can't be cast to the desired output type bool", e.Message);
        Assert.Throws<ArgumentException>(() => b.SubInPlace(Tensor.FromArray(new[] { true, true }, 2)));
        b.AddInPlace(Tensor.FromArray(new[] { false, true }, 2)); // logical or
        Assert.Equal(new[] { true, true }, b.ToArray<bool>());
    }

    [Fact]
    public void CopiesStillConvertLikeTorchCopy()
    {
        var t = Tensor.FromArray(new long[] { 0, 0 }, 2);
        t.CopyFrom(Tensor.FromArray(new[] { 1.75, -1.75 }, 2)); // copy_ truncates toward zero, as torch does
        Assert.Equal(new long[] { 1, -1 }, t.ToArray<long>());
    }

    [Theory]
    [InlineData(0.0, double.NaN, 1.0)]
    [InlineData(double.NaN, 5.0, 1.0)]
    [InlineData(0.0, double.PositiveInfinity, 1.0)]
    [InlineData(double.NegativeInfinity, 0.0, 1.0)]
    [InlineData(0.0, 5.0, 0.0)]
    [InlineData(0.0, 5.0, double.NaN)]
    [InlineData(0.0, 5.0, double.PositiveInfinity)]
    [InlineData(0.0, 5.0, -1.0)]
    [InlineData(5.0, 0.0, 1.0)]
    [InlineData(0.0, 1e12, 1e-3)]
    public void ArangeRefusesRangesItCannotWalk(double start, double end, double step)
    {
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Arange(start, end, step, DType.Float64));
    }

    [Fact]
    public void ArangeStillWalksValidRanges()
    {
        Assert.Equal(new[] { 5.0, 3.5, 2.0 }, Tensor.Arange(5, 1, -1.5, DType.Float64).ToArray<double>());
        Assert.Equal(0, Tensor.Arange(2, 2).Numel);
        Assert.Equal(new long[] { 0, 1, 2 }, Tensor.Arange(3).ToArray<long>());
        Assert.Equal(new[] { 0.0, 0.4, 0.8 }, Tensor.Arange(0, 1, 0.4, DType.Float64).ToArray<double>());
    }
}
