namespace Glassbox;

// Creation: from data, constant fills, ranges, identity.
public sealed partial class Tensor
{
    /// <summary>A tensor of the given shape filled with zeros (<c>torch.zeros</c>), float32.</summary>
    public static Tensor Zeros(params int[] shape) => new((int[])shape.Clone(), DType.Float32);

    /// <summary>A tensor of the given shape and dtype filled with zeros.</summary>
    public static Tensor Zeros(int[] shape, DType dtype) => new((int[])shape.Clone(), dtype);

    /// <summary>A tensor of the given shape filled with ones (<c>torch.ones</c>), float32.</summary>
    public static Tensor Ones(params int[] shape) => Full(shape, 1.0, DType.Float32);

    /// <summary>A tensor of the given shape and dtype filled with ones.</summary>
    public static Tensor Ones(int[] shape, DType dtype) => Full(shape, 1.0, dtype);

    /// <summary>A tensor filled with <paramref name="value"/> (<c>torch.full</c>).</summary>
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32)
    {
        var t = new Tensor((int[])shape.Clone(), dtype);
        switch (dtype)
        {
            case DType.Float32: t.Span<float>().Fill((float)value); break;
            case DType.Float64: t.Span<double>().Fill(value); break;
            case DType.Int64: t.Span<long>().Fill((long)value); break;
            default: t.Span<bool>().Fill(value != 0); break;
        }
        return t;
    }

    /// <summary>A 0-dimensional tensor holding one value (<c>torch.tensor(v)</c>).</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32) => Full([], value, dtype);

    /// <summary>Zeros with the shape and dtype of <paramref name="t"/> (<c>torch.zeros_like</c>).</summary>
    public static Tensor ZerosLike(Tensor t) => new((int[])t.shape.Clone(), t.DType);

    /// <summary>Ones with the shape and dtype of <paramref name="t"/> (<c>torch.ones_like</c>).</summary>
    public static Tensor OnesLike(Tensor t) => Full(t.shape, 1.0, t.DType);

    /// <summary>Wraps a copy of <paramref name="data"/> as a float32 tensor of the given shape (1-D if no shape is given).</summary>
    public static Tensor FromArray(float[] data, params int[] shape) => FromArrayCore(data, shape, DType.Float32);

    /// <summary>Wraps a copy of <paramref name="data"/> as a float64 tensor of the given shape.</summary>
    public static Tensor FromArray(double[] data, params int[] shape) => FromArrayCore(data, shape, DType.Float64);

    /// <summary>Wraps a copy of <paramref name="data"/> as an int64 tensor of the given shape.</summary>
    public static Tensor FromArray(long[] data, params int[] shape) => FromArrayCore(data, shape, DType.Int64);

    /// <summary>Wraps a copy of <paramref name="data"/> as an int64 tensor of the given shape.</summary>
    public static Tensor FromArray(int[] data, params int[] shape) => FromArrayCore(Array.ConvertAll(data, v => (long)v), shape, DType.Int64);

    /// <summary>Wraps a copy of <paramref name="data"/> as a bool tensor of the given shape.</summary>
    public static Tensor FromArray(bool[] data, params int[] shape) => FromArrayCore(data, shape, DType.Bool);

    private static Tensor FromArrayCore<T>(T[] data, int[] shape, DType dtype) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        shape = shape.Length == 0 ? [data.Length] : (int[])shape.Clone();
        int n = ShapeUtil.Numel(shape);
        if (n != data.Length)
            throw new ArgumentException($"FromArray: shape {ShapeUtil.Format(shape)} holds {n} elements but the array has {data.Length}");
        return new Tensor(new Storage((T[])data.Clone()), 0, shape, ShapeUtil.ContiguousStrides(shape), dtype);
    }

    /// <summary>A float32 matrix from a 2-D array.</summary>
    public static Tensor From(float[,] data) => FromMulti<float>(data, DType.Float32);
    /// <summary>A float64 matrix from a 2-D array.</summary>
    public static Tensor From(double[,] data) => FromMulti<double>(data, DType.Float64);
    /// <summary>An int64 matrix from a 2-D array.</summary>
    public static Tensor From(long[,] data) => FromMulti<long>(data, DType.Int64);
    /// <summary>A float32 tensor from a 3-D array.</summary>
    public static Tensor From(float[,,] data) => FromMulti<float>(data, DType.Float32);
    /// <summary>A float64 tensor from a 3-D array.</summary>
    public static Tensor From(double[,,] data) => FromMulti<double>(data, DType.Float64);

    private static Tensor FromMulti<T>(Array data, DType dtype) where T : unmanaged
    {
        var shape = new int[data.Rank];
        for (int k = 0; k < shape.Length; k++) shape[k] = data.GetLength(k);
        var flat = new T[data.Length];
        int i = 0;
        foreach (T v in data) flat[i++] = v; // multidimensional arrays enumerate in row-major order
        return new Tensor(new Storage(flat), 0, shape, ShapeUtil.ContiguousStrides(shape), dtype);
    }

    /// <summary>Values start, start+step, … up to but excluding end (<c>torch.arange</c>).</summary>
    /// <remarks>
    /// The length is ⌈(end − start)/step⌉. As in PyTorch, a range that cannot be walked is an error rather than
    /// an empty tensor: a zero or non-finite step, a non-finite start or end (NaN would otherwise make every
    /// comparison false and the length silently 0), and a step pointing away from end (start &lt; end with
    /// step &lt; 0, or the reverse). start = end gives an empty tensor.
    /// </remarks>
    /// <exception cref="ArgumentException">Any of the cases above, or a length beyond a tensor's int32 size.</exception>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Int64)
    {
        if (step == 0 || !double.IsFinite(step)) throw new ArgumentOutOfRangeException(nameof(step), $"Arange: step must be finite and non-zero, got {step}");
        if (!double.IsFinite(start) || !double.IsFinite(end)) throw new ArgumentException($"Arange: unsupported range {start} -> {end}; start and end must be finite");
        if ((step > 0 && end < start) || (step < 0 && end > start))
            throw new ArgumentException($"Arange: upper bound and larger bound inconsistent with step sign (start {start}, end {end}, step {step})");
        double count = Math.Ceiling((end - start) / step);
        if (count > Array.MaxLength) throw new ArgumentException($"Arange: {start} -> {end} with step {step} has {count} elements, more than a tensor can hold");
        int n = (int)count;
        var t = new Tensor([n], dtype);
        for (int i = 0; i < n; i++) t.SetFlat(i, start + i * step);
        return t;
    }

    /// <summary>0, 1, …, end−1 as int64 (<c>torch.arange(end)</c>).</summary>
    public static Tensor Arange(int end) => Arange(0, end, 1, DType.Int64);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive (<c>torch.linspace</c>).</summary>
    public static Tensor Linspace(double start, double end, int steps, DType dtype = DType.Float32)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"Linspace: steps must be non-negative, got {steps}");
        var t = new Tensor([steps], dtype);
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Fill from both ends, as PyTorch does, so the last value is exactly `end`.
        int half = steps / 2;
        for (int i = 0; i < steps; i++) t.SetFlat(i, i < half ? start + step * i : end - step * (steps - 1 - i));
        return t;
    }

    /// <summary>The n×m identity (ones on the diagonal) (<c>torch.eye</c>).</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32)
    {
        int cols = m ?? n;
        var t = new Tensor([n, cols], dtype);
        for (int i = 0; i < Math.Min(n, cols); i++) t.SetFlat(i * cols + i, 1);
        return t;
    }

    /// <summary>Writes a value into a contiguous fresh tensor at flat index i (construction helper).</summary>
    internal void SetFlat(int i, double v)
    {
        switch (DType)
        {
            case DType.Float32: Data<float>()[Offset + i] = (float)v; break;
            case DType.Float64: Data<double>()[Offset + i] = v; break;
            case DType.Int64: Data<long>()[Offset + i] = (long)v; break;
            default: Data<bool>()[Offset + i] = v != 0; break;
        }
    }
}
