using Glassbox.Autograd;
using static Glassbox.Tests.Tensors.OpsShapeInputs;

namespace Glassbox.Tests.Tensors;

/// <summary>
/// Flip, Repeat, Pad, Tril/Triu, MaskedFill: values (checked against torch 1.13 on the same inputs) and
/// gradients, including empty, size-1, odd and transposed inputs.
/// </summary>
public class RearrangeTests
{
    [Fact]
    public void FlipValues()
    {
        var x = Seq(2, 3);
        Assert.Equal(new[] { 3.0, 4, 5, 0, 1, 2 }, x.Flip(0).ToArray<double>());
        Assert.Equal(new[] { 5.0, 4, 3, 2, 1, 0 }, x.Flip(0, -1).ToArray<double>());
        Assert.Equal(new[] { 3.0, 0, 4, 1, 5, 2 }, x.T.Flip(-1).ToArray<double>());
        Assert.Equal(x.ToArray<double>(), x.Flip().ToArray<double>());
        Assert.Equal(new long[] { 2, 1, 0 }, Tensor.Arange(3).Flip(0).ToArray<long>());
        Assert.Equal(new[] { 0, 3 }, Tensor.Zeros(0, 3).Flip(0, 1).ShapeToArray());
        Assert.True(x.Flip(1).IsContiguous);
        Assert.Throws<ArgumentException>(() => x.Flip(1, -1));
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 0 })]
    [InlineData(new[] { 2, 3, 5 }, new[] { -1, 0 })]
    [InlineData(new[] { 1 }, new[] { 0 })]
    [InlineData(new[] { 0, 4 }, new[] { 1 })]
    public void FlipGradients(int[] shape, int[] dims)
    {
        GradCheck.Assert(x => x[0].Flip(dims) * Seq(shape), [R(1, shape)]);
    }

    [Fact]
    public void FlipGradientOfTransposedInput()
    {
        GradCheck.Assert(x => x[0].Flip(0) * Seq(3, 2), [Transposed(2, 2, 3)]);
    }

    [Fact]
    public void RepeatValues()
    {
        Assert.Equal(new[] { 0.0, 1, 2, 0, 1, 2 }, Seq(3).Repeat(2).ToArray<double>());
        var x = Seq(2, 3);
        Assert.Equal(new[] { 0.0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5 }, x.Repeat(1, 2).ToArray<double>());
        var y = x.Repeat(2, 1, 2); // extra leading dim
        Assert.Equal(new[] { 2, 2, 6 }, y.ShapeToArray());
        var first = new[] { 0.0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5 };
        Assert.Equal(first.Concat(first).ToArray(), y.ToArray<double>());
        Assert.Equal(new[] { 0.0, 3, 1, 4, 2, 5, 0, 3, 1, 4, 2, 5 }, x.T.Repeat(2, 1).ToArray<double>());
        Assert.Equal(new[] { 0, 3 }, x.Repeat(0, 1).ShapeToArray());
        Assert.Equal(new[] { 2, 1 }, Tensor.Scalar(7).Repeat(2, 1).ShapeToArray());
        var e = Assert.Throws<ArgumentException>(() => x.Repeat(2));
        Assert.Contains("repeat", e.Message);
    }

    public static TheoryData<int[], int[]> RepeatCases => new()
    {
        { [3], [2] }, { [2, 3], [3, 1] }, { [2, 3], [2, 1, 2] }, { [1, 1], [1, 4] }, { [2, 1, 3], [1, 3, 1] }, { [2, 3], [0, 2] }, { [0, 2], [2, 2] },
    };

    [Theory, MemberData(nameof(RepeatCases))]
    public void RepeatGradients(int[] shape, int[] repeats)
    {
        // the weights make every copy of an input element count differently, so a wrong sum shows up
        GradCheck.Assert(x => { var y = x[0].Repeat(repeats); return y * Seq(y.ShapeToArray()); }, [R(3, shape)]);
    }

    [Fact]
    public void RepeatGradientOfTransposedInput()
    {
        GradCheck.Assert(x => { var y = x[0].Repeat(2, 1, 3); return y * Seq(y.ShapeToArray()); }, [Transposed(4, 3, 2)]);
    }

    [Fact]
    public void PadValues()
    {
        var x = Seq(2, 3);
        Assert.Equal(new[] { 0.0, 0, 1, 2, 0, 3, 4, 5 }, x.Pad([1, 0]).ToArray<double>());
        var y = x.Pad([-1, 2, 1, 0], 9); // crop 1 on the left, 2 columns of 9 on the right, one row of 9 on top
        Assert.Equal(new[] { 3, 4 }, y.ShapeToArray());
        Assert.Equal(new[] { 9.0, 9, 9, 9, 1, 2, 9, 9, 4, 5, 9, 9 }, y.ToArray<double>());
        Assert.Equal(new[] { 2, 0 }, x.Pad([-2, -1]).ShapeToArray());
        Assert.Equal(new[] { 4, 5 }, x.Pad([1, 1, 1, 1]).ShapeToArray());
        Assert.Equal(new[] { 0.0, 0, 0, 0, 0, 0 }, Tensor.Zeros([0, 3], DType.Float64).Pad([0, 0, 1, 1]).ToArray<double>());
        Assert.Equal(new long[] { -1, 0, 1, 2, -1 }, Tensor.Arange(3).Pad([1, 1], -1).ToArray<long>());
        Assert.Equal(new[] { 1.0 }, x.T.Pad([0, -1, -1, -1]).ToArray<double>()); // x.T = [[0,3],[1,4],[2,5]] → middle row, first column
        Assert.Contains("pad", Assert.Throws<ArgumentException>(() => x.Pad([1])).Message);
        Assert.Throws<ArgumentException>(() => x.Pad([0, 0, 0, 0, 1, 1]));
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => x.Pad([-2, -2])).Message);
    }

    public static TheoryData<int[], int[]> PadCases => new()
    {
        { [2, 3], [1, 2] }, { [2, 3], [-1, 1, 2, -1] }, { [3], [0, 0] }, { [1, 1], [1, 1, 1, 1] }, { [2, 3, 4], [-1, -2, 0, 1, 1, 0] }, { [2, 3], [-3, 0] }, { [0, 2], [1, 0, 1, 1] },
    };

    [Theory, MemberData(nameof(PadCases))]
    public void PadGradients(int[] shape, int[] pad)
    {
        GradCheck.Assert(x => { var y = x[0].Pad(pad, 0.5); return y * Seq(y.ShapeToArray()); }, [R(5, shape)]);
    }

    [Fact]
    public void PadGradientOfTransposedInput()
    {
        GradCheck.Assert(x => { var y = x[0].Pad([2, -1, 0, 1]); return y * Seq(y.ShapeToArray()); }, [Transposed(6, 4, 3)]);
    }

    [Fact]
    public void TrilTriuValues()
    {
        var x = Seq(3, 4);
        Assert.Equal(new[] { 0.0, 0, 0, 0, 4, 5, 0, 0, 8, 9, 10, 0 }, x.Tril().ToArray<double>());
        Assert.Equal(new[] { 0.0, 0, 0, 0, 4, 0, 0, 0, 8, 9, 0, 0 }, x.Tril(-1).ToArray<double>());
        Assert.Equal(new[] { 0.0, 1, 2, 0, 4, 5, 6, 7, 8, 9, 10, 11 }, x.Tril(2).ToArray<double>());
        Assert.Equal(new[] { 0.0, 1, 2, 3, 0, 5, 6, 7, 0, 0, 10, 11 }, x.Triu().ToArray<double>());
        Assert.Equal(new[] { 0.0, 1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11 }, x.Triu(-1).ToArray<double>());
        Assert.Equal(new[] { 0.0, 1, 2, 3, 0, 0, 6, 7, 0, 0, 0, 11 }, x.Triu(1).ToArray<double>());
        Assert.Equal(new double[12], x.Triu(10).ToArray<double>());
        Assert.Equal(x.ToArray<double>(), x.Tril(int.MaxValue).ToArray<double>());
        // batched, transposed, bool
        var b = Seq(2, 2, 2).Tril();
        Assert.Equal(new[] { 0.0, 0, 2, 3, 4, 0, 6, 7 }, b.ToArray<double>());
        Assert.Equal(new[] { 0.0, 2, 0, 3 }, Seq(2, 2).T.Triu().ToArray<double>()); // Seq(2,2).T = [[0,2],[1,3]]
        Assert.Equal(new[] { true, false, true, true }, Tensor.Ones([2, 2], DType.Bool).Tril().ToArray<bool>());
        Assert.Throws<ArgumentException>(() => Seq(3).Tril());
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, 0)]
    [InlineData(new[] { 3, 4 }, -1)]
    [InlineData(new[] { 2, 3, 3 }, 1)]
    [InlineData(new[] { 1, 1 }, 0)]
    [InlineData(new[] { 0, 3 }, 0)]
    public void TrilTriuGradients(int[] shape, int diagonal)
    {
        GradCheck.Assert(x => x[0].Tril(diagonal) * 2.0, [R(7, shape)]);
        GradCheck.Assert(x => x[0].Triu(diagonal) * 2.0, [R(8, shape)]);
        GradCheck.Assert(x => x[0].Triu(diagonal) * 2.0, [Transposed(9, 5, 3)]);
    }

    [Fact]
    public void MaskedFillValuesAndBroadcast()
    {
        var x = Seq(2, 3);
        var mask = Tensor.FromArray([true, false, true], 3);
        Assert.Equal(new[] { -1.0, 1, -1, -1, 4, -1 }, x.MaskedFill(mask, -1).ToArray<double>());
        var col = Tensor.FromArray([false, true], 2, 1);
        Assert.Equal(new[] { 0.0, 1, 2, 7, 7, 7 }, x.MaskedFill(col, 7).ToArray<double>());
        // the mask may be larger than the input: the output takes the broadcast shape, like torch.masked_fill
        var big = Seq(3).MaskedFill(Tensor.FromArray([true, false, false, false, false, true], 2, 3), 9);
        Assert.Equal(new[] { 2, 3 }, big.ShapeToArray());
        Assert.Equal(new[] { 9.0, 1, 2, 0, 1, 9 }, big.ToArray<double>());
        Assert.Equal(new[] { double.NegativeInfinity, 3 }, x.T.Select(0, 0).MaskedFill(Tensor.FromArray([true, false]), double.NegativeInfinity).ToArray<double>());
        Assert.Equal(new long[] { 5, 1 }, Tensor.Arange(2).MaskedFill(Tensor.FromArray([true, false]), 5).ToArray<long>());
        Assert.Throws<ArgumentException>(() => x.MaskedFill(Tensor.FromArray([1.0, 0, 1]), 0));
    }

    [Fact]
    public void MaskedFillGradientIsZeroWhereFilled()
    {
        var x = Seq(2, 3).RequiresGrad_();
        var mask = Tensor.FromArray([true, false, false, false, true, true], 2, 3);
        (x.MaskedFill(mask, 100) * 3.0).Sum().Backward();
        Assert.Equal(new[] { 0.0, 3, 3, 3, 0, 0 }, x.Grad!.ToArray<double>());

        var m = Tensor.FromArray([false, true, true], 3);
        GradCheck.Assert(t => t[0].MaskedFill(m, 2.5) * Seq(2, 3), [R(10, 2, 3)]);
        GradCheck.Assert(t => t[0].MaskedFill(m, 2.5) * Seq(2, 3), [Transposed(11, 3, 2)]);
        GradCheck.Assert(t => t[0].MaskedFill(Tensor.FromArray([false, true, false, false, false, true], 2, 3), 0) * Seq(2, 3), [R(12, 3)]);
        GradCheck.Assert(t => t[0].MaskedFill(Tensor.Zeros([0, 1], DType.Bool), 1), [R(13, 0, 4)]);
        GradCheck.Assert(t => t[0].MaskedFill(Tensor.FromArray([true]), 1) + t[0], [R(14, 1)]);
    }
}
