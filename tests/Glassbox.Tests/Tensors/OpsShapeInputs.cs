namespace Glassbox.Tests.Tensors;

/// <summary>Seeded float64 inputs for the shape/indexing/random op tests.</summary>
internal static class OpsShapeInputs
{
    /// <summary>A float64 leaf requiring grad with values uniform in [−1, 1), reproducible from <paramref name="seed"/>.</summary>
    public static Tensor R(ulong seed, params int[] shape)
    {
        var g = new Generator(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = g.NextDouble() * 2 - 1;
        return Tensor.FromArray(d, shape).RequiresGrad_();
    }

    /// <summary>A non-contiguous leaf: the transpose (last two dims swapped) of a seeded tensor of shape <paramref name="storedShape"/>.</summary>
    public static Tensor Transposed(ulong seed, params int[] storedShape)
    {
        var t = R(seed, storedShape).Detach().Transpose(-1, -2).RequiresGrad_();
        Assert.False(t.IsContiguous);
        return t;
    }

    /// <summary>0, 1, …, n−1 as float64 in the given shape (easy to read expected values from).</summary>
    public static Tensor Seq(params int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), shape);
    }

    public static Tensor Idx(params long[] v) => Tensor.FromArray(v, v.Length);
}
