using Glassbox.Models;

namespace Glassbox.Tests.Models;

/// <summary>The fused head split/merge copies against their composition from views (pure copies: exact equality).</summary>
public class HeadLayoutTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void SplitEqualsViewPermuteContiguousForwardAndBackward(DType dtype)
    {
        int b = 2, t = 5, h = 3, d = 4, c = h * d;
        var g = new Generator(1);
        var x1 = Tensor.Randn([b, t, 3 * c], dtype, g).RequiresGrad_();
        var x2 = x1.Detach().Clone().RequiresGrad_();
        var u = Tensor.Randn([3, b, h, t, d], dtype, g);
        var fused = HeadLayout.Split(x1, h);
        var composed = x2.View(b, t, 3, h, d).Permute(2, 0, 3, 1, 4).Contiguous();
        Assert.Equal(composed.ToDoubleArray(), fused.ToDoubleArray());
        (fused * u).Sum().Backward();
        (composed * u).Sum().Backward();
        Assert.Equal(x2.Grad!.ToDoubleArray(), x1.Grad!.ToDoubleArray());
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void MergeEqualsTransposeReshapeForwardAndBackward(DType dtype)
    {
        int b = 3, h = 2, t = 7, d = 5;
        var g = new Generator(2);
        var y1 = Tensor.Randn([b, h, t, d], dtype, g).RequiresGrad_();
        var y2 = y1.Detach().Clone().RequiresGrad_();
        var u = Tensor.Randn([b, t, h * d], dtype, g);
        var fused = HeadLayout.Merge(y1);
        var composed = y2.Transpose(1, 2).Reshape(b, t, h * d);
        Assert.Equal(composed.ToDoubleArray(), fused.ToDoubleArray());
        (fused * u).Sum().Backward();
        (composed * u).Sum().Backward();
        Assert.Equal(y2.Grad!.ToDoubleArray(), y1.Grad!.ToDoubleArray());
    }

    [Fact]
    public void ShapeErrorsNameTheOp()
    {
        Assert.Contains("split_heads", Assert.Throws<ArgumentException>(() => HeadLayout.Split(Tensor.Zeros(2, 3, 10), 2)).Message);
        Assert.Contains("merge_heads", Assert.Throws<ArgumentException>(() => HeadLayout.Merge(Tensor.Zeros(2, 3, 10))).Message);
    }
}
