using Glassbox.Autograd;
using static Glassbox.Tests.Tensors.OpsShapeInputs;

namespace Glassbox.Tests.Tensors;

/// <summary>Cat, Stack, Split, Chunk: values, shapes, view semantics, gradients and errors.</summary>
public class JoinTests
{
    [Fact]
    public void CatAlongEachDimension()
    {
        var a = Seq(2, 2);            // [[0,1],[2,3]]
        var b = Seq(1, 2) + 10.0;     // [[10,11]]
        var c0 = Tensor.Cat([a, b]);
        Assert.Equal(new[] { 3, 2 }, c0.ShapeToArray());
        Assert.Equal(new[] { 0.0, 1, 2, 3, 10, 11 }, c0.ToArray<double>());

        var c1 = Tensor.Cat([a, Seq(2, 3) + 10.0], dim: -1);
        Assert.Equal(new[] { 2, 5 }, c1.ShapeToArray());
        Assert.Equal(new[] { 0.0, 1, 10, 11, 12, 2, 3, 13, 14, 15 }, c1.ToArray<double>());
    }

    [Fact]
    public void CatOfNonContiguousInputsAndDtypePromotion()
    {
        var a = Seq(2, 3).T;                                  // [[0,3],[1,4],[2,5]]
        var b = Tensor.FromArray(new long[] { 7, 8, 9 }, 3, 1);
        var c = Tensor.Cat([a, b], 1);
        Assert.Equal(DType.Float64, c.DType);
        Assert.Equal(new[] { 0.0, 3, 7, 1, 4, 8, 2, 5, 9 }, c.ToArray<double>());
    }

    [Fact]
    public void CatSkipsLegacyEmptyOneDimensionalTensors()
    {
        var c = Tensor.Cat([Tensor.Zeros([0], DType.Float64), Seq(2, 3), Tensor.Zeros([0], DType.Float64)]);
        Assert.Equal(new[] { 2, 3 }, c.ShapeToArray());
        Assert.Equal(Seq(2, 3).ToArray<double>(), c.ToArray<double>());
        Assert.Equal(new[] { 0 }, Tensor.Cat([Tensor.Zeros(0), Tensor.Zeros(0)]).ShapeToArray());
    }

    [Fact]
    public void CatMismatchedShapesNamesOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Cat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)]));
        Assert.Contains("cat", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[2, 4]", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Tensor.Cat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 3, 1)]));
        Assert.Contains("[2, 3, 1]", e2.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Cat([]));
        Assert.Throws<ArgumentException>(() => Tensor.Cat([Tensor.Scalar(1), Tensor.Scalar(2)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Cat([Tensor.Zeros(2, 3)], 2));
    }

    public static TheoryData<int[], int[], int> CatShapes => new()
    {
        { [2, 3], [4, 3], 0 }, { [2, 3], [2, 1], -1 }, { [1], [1], 0 }, { [0, 3], [2, 3], 0 }, { [3, 0], [3, 2], 1 }, { [2, 3, 5], [2, 1, 5], -2 },
    };

    [Theory, MemberData(nameof(CatShapes))]
    public void CatGradients(int[] sa, int[] sb, int dim)
    {
        GradCheck.Assert(x => Tensor.Cat([x[0], x[1], x[0]], dim), [R(1, sa), R(2, sb)]);
    }

    [Fact]
    public void CatGradientWithTransposedInputAndConstantOperand()
    {
        var t = Transposed(3, 3, 2);               // [2, 3] view
        var constant = Seq(1, 3);                  // no grad
        GradCheck.Assert(x => Tensor.Cat([x[0], constant, x[0] * x[0]], 0), [t]);
    }

    [Fact]
    public void StackInsertsNewDimension()
    {
        var a = Seq(2, 2); var b = Seq(2, 2) + 4.0;
        var s0 = Tensor.Stack([a, b]);
        Assert.Equal(new[] { 2, 2, 2 }, s0.ShapeToArray());
        Assert.Equal(new[] { 0.0, 1, 2, 3, 4, 5, 6, 7 }, s0.ToArray<double>());
        var s2 = Tensor.Stack([a, b], -1);
        Assert.Equal(new[] { 2, 2, 2 }, s2.ShapeToArray());
        Assert.Equal(new[] { 0.0, 4, 1, 5, 2, 6, 3, 7 }, s2.ToArray<double>());
        var s1 = Tensor.Stack([Tensor.FromArray([1.0, 2.0]), Tensor.FromArray([3.0, 4.0])], 1);
        Assert.Equal(new[] { 1.0, 3, 2, 4 }, s1.ToArray<double>());
        var e = Assert.Throws<ArgumentException>(() => Tensor.Stack([Tensor.Zeros(2), Tensor.Zeros(3)]));
        Assert.Contains("stack", e.Message); Assert.Contains("[3]", e.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, 0)]
    [InlineData(new[] { 2, 3 }, 2)]
    [InlineData(new[] { 2, 3 }, -1)]
    [InlineData(new[] { 1 }, 0)]
    [InlineData(new[] { 0, 3 }, 1)]
    public void StackGradients(int[] shape, int dim)
    {
        GradCheck.Assert(x => Tensor.Stack([x[0], x[1] * 2.0, x[0]], dim), [R(4, shape), R(5, shape)]);
    }

    [Fact]
    public void SplitBySizeReturnsViews()
    {
        var x = Seq(5, 2);
        var parts = x.Split(2);
        Assert.Equal(3, parts.Length);
        Assert.Equal(new[] { 2, 2 }, parts[0].ShapeToArray());
        Assert.Equal(new[] { 1, 2 }, parts[2].ShapeToArray());
        Assert.Equal(new[] { 8.0, 9 }, parts[2].ToArray<double>());
        // views: writing through the original shows up in the piece
        using (GradMode.NoGrad()) x.Fill(-1);
        Assert.Equal(new[] { -1.0, -1 }, parts[2].ToArray<double>());

        var cols = Seq(2, 5).Split(3, -1);
        Assert.Equal(new[] { 0.0, 1, 2, 5, 6, 7 }, cols[0].ToArray<double>());
        Assert.Equal(new[] { 3.0, 4, 8, 9 }, cols[1].ToArray<double>());
        Assert.Single(Tensor.Zeros(0, 2).Split(3));
        Assert.Contains("split", Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).Split(1)).Message);
    }

    [Fact]
    public void SplitBySizesAndChunk()
    {
        var x = Seq(6);
        var p = x.Split([1, 0, 5]);
        Assert.Equal(new[] { 0.0 }, p[0].ToArray<double>());
        Assert.Equal(0, p[1].Numel);
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5 }, p[2].ToArray<double>());
        var e = Assert.Throws<ArgumentException>(() => x.Split([2, 2]));
        Assert.Contains("split", e.Message); Assert.Contains("6", e.Message);

        // torch.chunk: ceil(n / chunks) per piece, possibly fewer pieces
        Assert.Equal(new[] { 2, 2, 1 }, Seq(5).Chunk(3).Select(t => t.Numel).ToArray());
        Assert.Equal(new[] { 2, 2, 2 }, Seq(6).Chunk(4).Select(t => t.Numel).ToArray());
        Assert.Equal(new[] { 1, 1 }, Seq(2).Chunk(5).Select(t => t.Numel).ToArray());
        Assert.Equal(3, Tensor.Zeros(0).Chunk(3).Length);
        Assert.Equal(new[] { 3.0, 4, 5 }, Seq(2, 3).Chunk(2, -2)[1].ToArray<double>());
    }

    [Fact]
    public void SplitAndChunkGradients()
    {
        var a = R(6, 5, 3);
        GradCheck.Assert(x => { var p = x[0].Split(2); return p[0] * 2.0 + p[1] * p[1]; }, [a]);
        GradCheck.Assert(x => { var p = x[0].Split([1, 2], -1); return p[1].Sum(-1) * p[0].Squeeze(-1); }, [a]);
        GradCheck.Assert(x => { var p = x[0].Chunk(3); return Tensor.Cat([p[2], p[0]]); }, [a]);
        GradCheck.Assert(x => x[0].Chunk(2, 1)[1] * 3.0, [Transposed(7, 3, 4)]);
    }
}
