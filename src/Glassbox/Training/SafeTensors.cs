using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Glassbox.Training;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face), which PyTorch reads with
/// <c>safetensors.torch.load_file</c>: an 8-byte little-endian header length N, an N-byte JSON header mapping
/// each tensor name to {dtype, shape, data_offsets:[begin, end)} (offsets relative to the end of the header),
/// an optional "__metadata__" string map, then the raw little-endian tensor bytes.
/// </summary>
/// <remarks>
/// Writes are atomic: the file is written to a temporary name beside the target and renamed over it, so an
/// interrupted save never destroys the previous checkpoint. Reads validate the header against the file size
/// and report the file and the problem on any inconsistency.
/// </remarks>
public static class SafeTensors
{
    /// <summary>Writes tensors (and optional string metadata) to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        var ordered = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        foreach (var (name, t) in ordered)
        {
            long bytes = (long)t.Numel * t.DType.ElementSize();
            header[name] = new Dictionary<string, object> { ["dtype"] = Code(t.DType), ["shape"] = t.ShapeToArray(), ["data_offsets"] = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        // Pad the header with spaces to a multiple of 8 so the data that follows is aligned (the format allows it).
        int pad = (8 - json.Length % 8) % 8;
        var full = dirOf(path);
        Directory.CreateDirectory(full);
        var tmp = Path.Combine(full, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                Span<byte> len = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)(json.Length + pad));
                fs.Write(len);
                fs.Write(json);
                for (int i = 0; i < pad; i++) fs.WriteByte((byte)' ');
                foreach (var (_, t) in ordered) WriteData(fs, t);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }

        static string dirOf(string p) => Path.GetDirectoryName(Path.GetFullPath(p))!;
    }

    /// <summary>Reads every tensor of a safetensors file.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor and the "__metadata__" map of a safetensors file.</summary>
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new InvalidDataException($"{path}: not a safetensors file (only {bytes.Length} bytes; the 8-byte header length is missing)");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)(bytes.Length - 8)) throw new InvalidDataException($"{path}: header length {n} exceeds the file size {bytes.Length} (truncated or not safetensors)");
        int dataStart = 8 + (int)n;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes.AsMemory(8, (int)n)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: the header is not valid JSON ({e.Message})"); }
        metadata = [];
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (doc)
        {
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__")
                {
                    foreach (var m in p.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                    continue;
                }
                var dtype = FromCode(p.Value.GetProperty("dtype").GetString(), path, p.Name);
                var shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var off = p.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                long expected = (long)ShapeUtil.Numel(shape) * dtype.ElementSize();
                if (off.Length != 2 || off[1] - off[0] != expected || dataStart + off[1] > bytes.Length)
                    throw new InvalidDataException($"{path}: tensor '{p.Name}' has data_offsets [{string.Join(", ", off)}] inconsistent with shape {ShapeUtil.Format(shape)} {dtype.TorchName()} or the file size {bytes.Length}");
                result[p.Name] = ReadData(bytes.AsSpan(dataStart + (int)off[0], (int)expected), shape, dtype);
            }
        }
        return result;
    }

    private static string Code(DType d) => d switch { DType.Float32 => "F32", DType.Float64 => "F64", DType.Int64 => "I64", _ => "BOOL" };

    private static DType FromCode(string? code, string path, string name) => code switch
    {
        "F32" => DType.Float32,
        "F64" => DType.Float64,
        "I64" => DType.Int64,
        "BOOL" => DType.Bool,
        _ => throw new InvalidDataException($"{path}: tensor '{name}' has dtype '{code}', which Glassbox does not support (F32, F64, I64, BOOL)"),
    };

    private static void WriteData(Stream s, Tensor t)
    {
        // Little-endian on every platform .NET supports today; guard anyway so a big-endian port fails loudly.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors writing requires a little-endian machine");
        var c = t.ContiguousRaw();
        switch (t.DType)
        {
            case DType.Float32: s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.Span<float>())); break;
            case DType.Float64: s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.Span<double>())); break;
            case DType.Int64: s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.Span<long>())); break;
            default: s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.Span<bool>())); break;
        }
    }

    private static Tensor ReadData(ReadOnlySpan<byte> src, int[] shape, DType dtype)
    {
        var t = Tensor.Zeros(shape, dtype);
        using var _ = TensorScope.Untracked();
        switch (dtype)
        {
            case DType.Float32: src.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span<float>())); break;
            case DType.Float64: src.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span<double>())); break;
            case DType.Int64: src.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span<long>())); break;
            default: src.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span<bool>())); break;
        }
        return t;
    }
}
