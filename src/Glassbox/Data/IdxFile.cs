using Glassbox.Kernels;

namespace Glassbox.Data;

/// <summary>
/// The content of one IDX file of unsigned bytes (the MNIST container): a shape and the raw bytes in
/// row-major order. Keeping the bytes (1 byte/pixel) rather than floats (4 bytes/pixel) lets callers choose
/// the dtype and scaling once, and makes the 47 MB MNIST training set cost 47 MB, not 188 MB, until then.
/// </summary>
/// <remarks>
/// Counterpart of what <c>torchvision.datasets.mnist.read_image_file</c> / <c>read_label_file</c> return
/// (a <c>uint8</c> tensor); Glassbox has no uint8 dtype, hence the byte array.
/// </remarks>
public sealed class IdxFile
{
    /// <summary>Wraps already-validated content; <paramref name="data"/> must hold exactly Π shape bytes.</summary>
    public IdxFile(int[] shape, byte[] data, string source = "")
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        foreach (int d in shape)
            if (d < 0) throw new ArgumentException($"IdxFile: dimension sizes must be non-negative, got {ShapeUtil.Format(shape)}");
        // Overflow-checked: an unchecked product of [2^30, 2^30, 16] wraps to 0 and would accept an empty array.
        long n = Idx.DeclaredBytes(shape) ?? throw new ArgumentException($"IdxFile: shape {ShapeUtil.Format(shape)} has more elements than a 64-bit size can count");
        if (n != data.Length)
            throw new ArgumentException($"IdxFile: shape {ShapeUtil.Format(shape)} holds {n} elements but the data has {data.Length} bytes");
        Shape = (int[])shape.Clone();
        Data = data;
        Source = source;
    }

    /// <summary>Dimension sizes as stored in the header, e.g. [60000, 28, 28] for MNIST training images.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The payload, row-major, one byte per element (not copied: treat as read-only).</summary>
    public byte[] Data { get; }

    /// <summary>The file it was read from (for error messages); empty when built in memory.</summary>
    public string Source { get; }

    /// <summary>Number of items: the size of the first dimension (0 for a 0-dimensional file).</summary>
    public int Count => Shape.Count == 0 ? 0 : Shape[0];

    /// <summary>
    /// The bytes as a float32 tensor, each value multiplied by <paramref name="scale"/> (default 1/255, mapping
    /// pixels to [0, 1] like <c>torchvision.transforms.ToTensor</c>). <paramref name="shape"/> reshapes the result
    /// (e.g. [N, 1, 28, 28] or [N, 784]; one entry may be −1); by default the file's own shape is kept.
    /// </summary>
    public Tensor ToFloat32(double scale = 1.0 / 255.0, int[]? shape = null)
    {
        int[] s = ResolveShape(shape, "ToFloat32");
        var y = new Tensor(s, DType.Float32);
        var dst = y.Data<float>();
        var src = Data;
        // Table lookup: only 256 possible inputs. For the default scale the entries are the correctly rounded
        // float32 quotients v / 255f, bit-identical to torchvision's x.float().div(255) (x * (1/255f) would
        // differ in the last bit for some v).
        var table = new float[256];
        for (int v = 0; v < 256; v++) table[v] = scale == 1.0 / 255.0 ? v / 255f : (float)(v * scale);
        Par.For(src.Length, Par.ElementwiseGrain, (start, len) =>
        {
            for (int i = start, e = start + len; i < e; i++) dst[i] = table[src[i]];
        });
        return y;
    }

    /// <summary>The bytes as int64 values (class labels), shaped like the file or as <paramref name="shape"/>.</summary>
    public Tensor ToInt64(int[]? shape = null)
    {
        int[] s = ResolveShape(shape, "ToInt64");
        var y = new Tensor(s, DType.Int64);
        var dst = y.Data<long>();
        for (int i = 0; i < Data.Length; i++) dst[i] = Data[i];
        return y;
    }

    private int[] ResolveShape(int[]? shape, string op)
    {
        if (shape is null) return Shape.ToArray();
        var s = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int k = 0; k < s.Length; k++)
        {
            if (s[k] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"IdxFile.{op}: only one dimension may be -1, got {ShapeUtil.Format(s)}");
                infer = k;
            }
            else if (s[k] < 0) throw new ArgumentException($"IdxFile.{op}: invalid dimension {s[k]} in {ShapeUtil.Format(s)}");
            else known *= s[k];
        }
        if (infer >= 0)
        {
            if (known == 0 || Data.Length % known != 0)
                throw new ArgumentException($"IdxFile.{op}: cannot infer the -1 in {ShapeUtil.Format(s)} for {Data.Length} elements");
            s[infer] = (int)(Data.Length / known);
        }
        else if (known != Data.Length)
            throw new ArgumentException($"IdxFile.{op}: shape {ShapeUtil.Format(s)} holds {known} elements but {Source} has shape {ShapeUtil.Format(Shape.ToArray())} ({Data.Length} elements)");
        return s;
    }
}
