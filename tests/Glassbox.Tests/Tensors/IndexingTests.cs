using Glassbox.Autograd;
using static Glassbox.Tests.Tensors.OpsShapeInputs;

namespace Glassbox.Tests.Tensors;

/// <summary>
/// IndexSelect, Gather, ScatterAdd, Embedding, OneHot. Expected values were worked out by hand and agree
/// with torch 1.13 on the same inputs.
/// </summary>
public class IndexingTests
{
    [Fact]
    public void IndexSelectPicksAndRepeatsEntries()
    {
        var x = Seq(3, 4);
        var y = x.IndexSelect(1, Idx(3, 0, 3));
        Assert.Equal(new[] { 3, 3 }, y.ShapeToArray());
        Assert.Equal(new[] { 3.0, 0, 3, 7, 4, 7, 11, 8, 11 }, y.ToArray<double>());
        Assert.Equal(new[] { 8.0, 9, 10, 11, 0, 1, 2, 3 }, x.IndexSelect(-2, Idx(2, 0)).ToArray<double>());
        Assert.Equal(new[] { 3, 0 }, x.IndexSelect(1, Idx()).ShapeToArray());
        // transposed input: x.T is [4, 3]; rows 1 and 3 of it are columns 1 and 3 of x
        Assert.Equal(new[] { 1.0, 5, 9, 3, 7, 11 }, x.T.IndexSelect(0, Idx(1, 3)).ToArray<double>());
        // int64 and bool inputs are copied as well
        Assert.Equal(new long[] { 2, 0 }, Tensor.Arange(3).IndexSelect(0, Idx(2, 0)).ToArray<long>());
    }

    [Fact]
    public void IndexSelectBackwardAccumulatesRepeatedIndices()
    {
        var x = Seq(2, 3).RequiresGrad_();
        x.IndexSelect(1, Idx(2, 0, 2, 2)).Sum().Backward();
        Assert.Equal(new[] { 1.0, 0, 3, 1, 0, 3 }, x.Grad!.ToArray<double>());
    }

    public static TheoryData<int[], int, long[]> IndexSelectCases => new()
    {
        { [3, 4], 0, [2, 0, 2] }, { [3, 4], -1, [1] }, { [1], 0, [0, 0] }, { [2, 5, 3], 1, [4, 0, 4, 1] }, { [0, 3], 1, [2, 1] }, { [3, 2], 0, [] },
    };

    [Theory, MemberData(nameof(IndexSelectCases))]
    public void IndexSelectGradients(int[] shape, int dim, long[] index)
    {
        GradCheck.Assert(x => x[0].IndexSelect(dim, Idx(index)) * 2.0, [R(1, shape)]);
    }

    [Fact]
    public void IndexSelectGradientOfTransposedInput()
    {
        GradCheck.Assert(x => x[0].IndexSelect(1, Idx(0, 3, 3)), [Transposed(2, 4, 3)]);
    }

    [Fact]
    public void IndexOutOfRangeNamesOpValueAndSize()
    {
        var x = Seq(3, 4);
        var e = Assert.Throws<IndexOutOfRangeException>(() => x.IndexSelect(1, Idx(1, 4)));
        Assert.Contains("index_select", e.Message); Assert.Contains("index 4", e.Message); Assert.Contains("size 4", e.Message);
        Assert.Throws<IndexOutOfRangeException>(() => x.IndexSelect(0, Idx(-1)));
        var g = Assert.Throws<IndexOutOfRangeException>(() => x.Gather(0, Tensor.FromArray(new long[] { 0, 3 }, 1, 2)));
        Assert.Contains("gather", g.Message); Assert.Contains("index 3", g.Message); Assert.Contains("size 3", g.Message);
        var s = Assert.Throws<IndexOutOfRangeException>(() => x.ScatterAdd(1, Tensor.FromArray(new long[] { 5 }, 1, 1), Seq(1, 1)));
        Assert.Contains("scatter_add", s.Message); Assert.Contains("index 5", s.Message);
        var m = Assert.Throws<IndexOutOfRangeException>(() => Tensor.Embedding(Idx(0, 7), Seq(5, 2)));
        Assert.Contains("embedding", m.Message); Assert.Contains("index 7", m.Message); Assert.Contains("size 5", m.Message);
        var o = Assert.Throws<IndexOutOfRangeException>(() => Tensor.OneHot(Idx(0, 3), 3));
        Assert.Contains("one_hot", o.Message); Assert.Contains("index 3", o.Message);
        var t = Assert.Throws<ArgumentException>(() => x.IndexSelect(0, Tensor.FromArray([0.0])));
        Assert.Contains("int64", t.Message);
    }

    [Fact]
    public void GatherValues()
    {
        var x = Seq(3, 4);
        var y = x.Gather(1, Tensor.From(new long[,] { { 0, 0 }, { 1, 3 }, { 2, 1 } }));
        Assert.Equal(new[] { 3, 2 }, y.ShapeToArray());
        Assert.Equal(new[] { 0.0, 0, 5, 7, 10, 9 }, y.ToArray<double>());
        Assert.Equal(new[] { 8.0, 1, 6, 7 }, x.Gather(0, Tensor.From(new long[,] { { 2, 0, 1, 1 } })).ToArray<double>());
        // same through a transposed view: x.T[i, j] = x[j, i]
        Assert.Equal(new[] { 8.0, 1, 6 }, x.T.Gather(1, Tensor.From(new long[,] { { 2 }, { 0 }, { 1 } })).ToArray<double>());
        var e = Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.From(new long[,] { { 0 }, { 0 }, { 0 }, { 0 } })));
        Assert.Contains("gather", e.Message); Assert.Contains("[4, 1]", e.Message); Assert.Contains("[3, 4]", e.Message);
    }

    public static TheoryData<int[], int, int[]> GatherCases => new()
    {
        { [3, 4], 1, [3, 6] }, { [3, 4], 0, [2, 4] }, { [2, 3, 4], -1, [2, 2, 3] }, { [2, 3, 4], 1, [1, 5, 2] }, { [1], 0, [3] }, { [3, 4], 1, [3, 0] }, { [0, 4], 0, [0, 2] },
    };

    [Theory, MemberData(nameof(GatherCases))]
    public void GatherGradients(int[] shape, int dim, int[] indexShape)
    {
        var x = R(3, shape);
        int d = dim < 0 ? dim + shape.Length : dim;
        var index = Tensor.Randint(0, Math.Max(shape[d], 1), indexShape, new Generator(11));
        GradCheck.Assert(t => t[0].Gather(dim, index), [x]);
    }

    [Fact]
    public void GatherGradientOfTransposedInputWithRepeats()
    {
        var index = Tensor.From(new long[,] { { 0, 0, 2 }, { 1, 1, 1 } });
        GradCheck.Assert(t => t[0].Gather(1, index), [Transposed(4, 3, 2)]);
        var x = Seq(2, 3).RequiresGrad_();
        x.Gather(1, index).Sum().Backward();
        Assert.Equal(new[] { 2.0, 0, 1, 0, 3, 0 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void ScatterAddValues()
    {
        var y = Tensor.Zeros([2, 4], DType.Float64).ScatterAdd(1, Tensor.From(new long[,] { { 0, 1, 0 }, { 3, 3, 2 } }), Seq(2, 3) + 1.0);
        Assert.Equal(new[] { 4.0, 2, 0, 0, 0, 0, 6, 9 }, y.ToArray<double>());
        // src larger than index: only src's leading [2, 2] block is used
        var z = Tensor.Ones([3, 2], DType.Float64).ScatterAdd(0, Tensor.From(new long[,] { { 2, 0 }, { 2, 1 } }), Seq(3, 2) + 1.0);
        Assert.Equal(new[] { 1.0, 3, 1, 5, 5, 1 }, z.ToArray<double>());
        // out of place: the input is untouched
        var self = Seq(2);
        var w = self.ScatterAdd(0, Idx(1, 1), Tensor.FromArray([5.0, 6.0]));
        Assert.Equal(new[] { 0.0, 1 }, self.ToArray<double>());
        Assert.Equal(new[] { 0.0, 12 }, w.ToArray<double>());
        Assert.Equal(new long[] { 0, 7 }, Tensor.Zeros([2], DType.Int64).ScatterAdd(0, Idx(1, 1), Tensor.FromArray(new long[] { 3, 4 })).ToArray<long>());
        Assert.Throws<ArgumentException>(() => Seq(2).ScatterAdd(0, Idx(0), Tensor.FromArray([1f])));
    }

    public static TheoryData<int[], int, int[], int[]> ScatterCases => new()
    {
        // self shape, dim, index shape, src shape
        { [3, 4], 1, [3, 6], [3, 6] }, { [3, 4], 0, [2, 4], [2, 5] }, { [2, 3, 4], -2, [2, 5, 3], [2, 5, 4] }, { [1], 0, [3], [4] }, { [3, 2], 1, [3, 0], [3, 1] }, { [0, 2], 1, [0, 2], [0, 2] },
    };

    [Theory, MemberData(nameof(ScatterCases))]
    public void ScatterAddGradients(int[] shape, int dim, int[] indexShape, int[] srcShape)
    {
        int d = dim < 0 ? dim + shape.Length : dim;
        var index = Tensor.Randint(0, Math.Max(shape[d], 1), indexShape, new Generator(12));
        GradCheck.Assert(t => t[0].ScatterAdd(dim, index, t[1]), [R(5, shape), R(6, srcShape)]);
        // with the src entering twice and a transposed src (its [3, 6] view comes from stored [6, 3])
        if (srcShape.SequenceEqual(new[] { 3, 6 }))
            GradCheck.Assert(t => t[0].ScatterAdd(dim, index, t[1] * t[1]), [R(7, shape), Transposed(8, 6, 3)]);
    }

    [Fact]
    public void EmbeddingLooksUpRowsAndScatterAddsGradient()
    {
        var w = Seq(4, 3).RequiresGrad_();
        var ids = Tensor.From(new long[,] { { 1, 3 }, { 1, 0 } });
        var y = Tensor.Embedding(ids, w);
        Assert.Equal(new[] { 2, 2, 3 }, y.ShapeToArray());
        Assert.Equal(new[] { 3.0, 4, 5, 9, 10, 11, 3, 4, 5, 0, 1, 2 }, y.ToArray<double>());
        // weight the four looked-up rows by 1, 2, 3, 4: row 1 gets 1 + 3, row 3 gets 2, row 0 gets 4, row 2 nothing
        var coef = Tensor.FromArray([1.0, 2, 3, 4], 2, 2, 1);
        (y * coef).Sum().Backward();
        Assert.Equal(new[] { 4.0, 4, 4, 4, 4, 4, 0, 0, 0, 2, 2, 2 }, w.Grad!.ToArray<double>());
        Assert.Equal(new[] { 3 }, Tensor.Embedding(Tensor.Scalar(2, DType.Int64), w).ShapeToArray());
        Assert.Equal(new[] { 0, 3 }, Tensor.Embedding(Idx(), w).ShapeToArray());
    }

    public static TheoryData<int[], int, int> EmbeddingCases => new()
    {
        // index shape, numEmbeddings, embeddingDim (odd widths exercise the vector-add tails)
        { [5], 4, 3 }, { [2, 3], 3, 1 }, { [1], 1, 7 }, { [0], 3, 2 }, { [2, 2, 2], 5, 9 }, { [6], 2, 0 },
    };

    [Theory, MemberData(nameof(EmbeddingCases))]
    public void EmbeddingGradients(int[] indexShape, int num, int dimE)
    {
        var ids = Tensor.Randint(0, num, indexShape, new Generator(13));
        GradCheck.Assert(t => Tensor.Embedding(ids, t[0]), [R(9, num, dimE)]);
        if (num >= 2 && dimE >= 2)
            GradCheck.Assert(t => Tensor.Embedding(ids, t[0]), [Transposed(10, dimE, num)]);
    }

    [Fact]
    public void OneHotValues()
    {
        var y = Tensor.OneHot(Tensor.From(new long[,] { { 0, 2 }, { 1, 0 } }));
        Assert.Equal(DType.Int64, y.DType);
        Assert.Equal(new[] { 2, 2, 3 }, y.ShapeToArray());
        Assert.Equal(new long[] { 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0 }, y.ToArray<long>());
        Assert.Equal(new long[] { 0, 0, 1, 0 }, Tensor.OneHot(Idx(2), 4).ToArray<long>());
        Assert.Equal(new[] { 0, 5 }, Tensor.OneHot(Idx(), 5).ShapeToArray());
        Assert.Throws<ArgumentException>(() => Tensor.OneHot(Idx()));
        Assert.Throws<IndexOutOfRangeException>(() => Tensor.OneHot(Idx(1, -1)));
    }
}
