using Google.Protobuf;

namespace Glassbox.Onnx.Proto;

/// <summary>
/// <c>TensorProto</c>: a constant tensor (a graph initializer or a tensor attribute). Fields written:
/// <c>dims</c> = 1 (repeated int64, varint, one tag per dimension), <c>data_type</c> = 2 (int32 enum
/// <see cref="TensorDataType"/>), <c>name</c> = 8 (string), <c>raw_data</c> = 9 (bytes: the elements in row-major
/// order, each in little-endian byte order — the ONNX rule, whatever the machine's order).
/// </summary>
/// <remarks>
/// <c>raw_data</c> is used rather than the typed <c>float_data</c> (4) / <c>int64_data</c> (7) lists because it is
/// one contiguous copy and is what exporters usually write; a reader must accept either. A scalar has no dims.
/// </remarks>
internal sealed class TensorProto : ProtoMessage
{
    private readonly byte[] raw;

    private TensorProto(string name, TensorDataType type, long[] dims, byte[] raw)
    {
        Name = name;
        DataType = type;
        Dims = dims;
        this.raw = raw;
    }

    /// <summary>The tensor's name (the graph value it defines, for an initializer).</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorDataType DataType { get; }

    /// <summary>The shape.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>A float32 tensor of <paramref name="dims"/> from row-major <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The element count does not match the shape.</exception>
    public static TensorProto Float(string name, long[] dims, ReadOnlySpan<float> values)
    {
        Check(name, dims, values.Length);
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return new TensorProto(name, TensorDataType.Float, dims, bytes);
    }

    /// <summary>An int64 tensor of <paramref name="dims"/> from row-major <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The element count does not match the shape.</exception>
    public static TensorProto Int64(string name, long[] dims, ReadOnlySpan<long> values)
    {
        Check(name, dims, values.Length);
        var bytes = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        return new TensorProto(name, TensorDataType.Int64, dims, bytes);
    }

    private static void Check(string name, long[] dims, int count)
    {
        long n = 1;
        foreach (var d in dims) n *= d;
        if (n != count) throw new ArgumentException($"TensorProto '{name}': shape [{string.Join(", ", dims)}] holds {n} elements, got {count}");
    }

    /// <inheritdoc/>
    public override void WriteTo(CodedOutputStream output)
    {
        foreach (var d in Dims) WriteInt64(output, 1, d);
        WriteInt32(output, 2, (int)DataType);
        WriteString(output, 8, Name);
        WriteBytes(output, 9, raw);
    }
}

/// <summary>The ONNX element types this exporter writes (<c>TensorProto.DataType</c>; the numbers are the enum's).</summary>
internal enum TensorDataType
{
    /// <summary>IEEE float32.</summary>
    Float = 1,
    /// <summary>Signed 64-bit integer (shapes, indices, pads).</summary>
    Int64 = 7,
}
