namespace Glassbox;

/// <summary>Shape and stride arithmetic shared by every op.</summary>
/// <remarks>
/// Row-major layout: for shape (d0, …, dn-1) the contiguous strides are s_k = Π_{j&gt;k} d_j, and element
/// (i0, …, in-1) lives at offset + Σ i_k·s_k. A stride of 0 repeats one element along a dimension, which is
/// how <c>Expand</c> broadcasts without copying.
/// </remarks>
internal static class ShapeUtil
{
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d} in shape {Format(shape)}");
            n *= d;
            if (n > int.MaxValue) throw new ArgumentException($"shape {Format(shape)} has more than 2^31-1 elements");
        }
        return (int)n;
    }

    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int k = shape.Length - 1; k >= 0; k--) { s[k] = acc; acc *= Math.Max(shape[k], 1); }
        return s;
    }

    public static bool IsContiguous(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        foreach (var d in shape) if (d == 0) return true; // an empty tensor has no layout to violate
        int acc = 1;
        for (int k = shape.Length - 1; k >= 0; k--)
        {
            if (shape[k] == 1) continue;
            if (strides[k] != acc) return false;
            acc *= shape[k];
        }
        return true;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Wraps a possibly negative dimension index into [0, ndim), PyTorch style.</summary>
    public static int WrapDim(int dim, int ndim, string op)
    {
        int n = Math.Max(ndim, 1);
        if (dim < -n || dim >= n)
            throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dimension {dim} out of range for a tensor of {ndim} dimensions (expected in [{-n}, {n - 1}])");
        return dim < 0 ? dim + n : dim;
    }

    /// <summary>
    /// NumPy broadcasting: align shapes on the right; each pair of sizes must be equal or one of them 1.
    /// </summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        int n = Math.Max(a.Length, b.Length);
        var r = new int[n];
        for (int i = 0; i < n; i++)
        {
            int da = i < n - a.Length ? 1 : a[i - (n - a.Length)];
            int db = i < n - b.Length ? 1 : b[i - (n - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast (dimension {i}: {da} vs {db})");
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /// <summary>Strides that read a tensor of (shape, strides) as if it had the larger shape <paramref name="target"/>.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        var r = new int[target.Length];
        int off = target.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
            r[i + off] = shape[i] == 1 && target[i + off] != 1 ? 0 : strides[i];
        return r;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
