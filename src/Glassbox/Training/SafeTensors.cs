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
/// interrupted save never destroys the previous checkpoint. Reads validate the whole header against the format's
/// rules and the file size before allocating anything, and report the file, the tensor and the problem on any
/// inconsistency (<see cref="InvalidDataException"/>).
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

    /// <summary>
    /// Largest header accepted, in bytes: 100,000,000, the limit of the reference implementation. A larger
    /// declared length is far more likely a corrupt or hostile file than a real model, and honouring it would mean
    /// parsing that much JSON.
    /// </summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads every tensor of a safetensors file.</summary>
    /// <exception cref="InvalidDataException">The file breaks the format (see <see cref="Load(string, out Dictionary{string, string})"/>).</exception>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor and the "__metadata__" map of a safetensors file.</summary>
    /// <remarks>
    /// <para>The file is validated completely before any tensor is allocated, following the format's rules:
    /// the 8-byte little-endian header length is at most <see cref="MaxHeaderBytes"/> and within the file; the header
    /// is a UTF-8 JSON object; every entry has a supported <c>dtype</c>, a <c>shape</c> of non-negative integers whose
    /// product (times the item size) does not overflow, and <c>data_offsets</c> [begin, end] with
    /// 0 ≤ begin ≤ end ≤ data length and end − begin = numel × item size; the entries tile the data section exactly
    /// (no overlap, no gap, no trailing bytes); names are unique (a JSON object with a repeated key is rejected, since
    /// JSON parsers disagree on which copy wins); <c>__metadata__</c> is a string → string map.</para>
    /// <para>Because the entries tile the data section, the tensors allocated add up to at most the file size, so a
    /// hostile header cannot make the reader allocate more than the file justifies. BOOL bytes must be 0 or 1.</para>
    /// </remarks>
    /// <exception cref="InvalidDataException">Any violation; the message names the file and, where one is at fault, the tensor.</exception>
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 8)
            throw Bad(path, null, $"not a safetensors file (only {fileLength} bytes; the 8-byte header length is missing)");
        Span<byte> len = stackalloc byte[8];
        ReadExactly(handle, len, 0, path, null);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (n > MaxHeaderBytes)
            throw Bad(path, null, $"header length {n} exceeds the {MaxHeaderBytes}-byte limit (corrupt or not safetensors)");
        if (n > (ulong)(fileLength - 8))
            throw Bad(path, null, $"header length {n} exceeds the {fileLength - 8} bytes that follow it (truncated or not safetensors)");
        var header = new byte[(int)n];
        ReadExactly(handle, header, 8, path, null);
        long dataStart = 8 + (long)n, dataLength = fileLength - dataStart;
        var entries = SafeTensorsHeader.Parse(header, dataLength, path, out metadata);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries) result[e.Name] = ReadTensor(handle, dataStart + e.Begin, e, path);
        return result;
    }

    /// <summary>The format error for <paramref name="path"/>, naming <paramref name="tensor"/> when one is at fault.</summary>
    internal static InvalidDataException Bad(string path, string? tensor, string problem, Exception? inner = null) =>
        new(tensor is null ? $"{path}: {problem}" : $"{path}: tensor '{tensor}': {problem}", inner);

    private static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> dst, long offset, string path, string? tensor)
    {
        int done = 0;
        while (done < dst.Length)
        {
            int got = RandomAccess.Read(handle, dst[done..], offset + done);
            if (got <= 0) throw Bad(path, tensor, $"the file ended after {offset + done} bytes while {offset + dst.Length} were expected (it changed while being read)");
            done += got;
        }
    }

    private static Tensor ReadTensor(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, SafeTensorsHeader.Entry e, string path)
    {
        var t = Tensor.Zeros(e.Shape, e.DType);
        using var _ = TensorScope.Untracked();
        Span<byte> dst = e.DType switch
        {
            DType.Float32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span<float>()),
            DType.Float64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span<double>()),
            DType.Int64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span<long>()),
            _ => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span<bool>()),
        };
        ReadExactly(handle, dst, offset, path, e.Name);
        if (e.DType == DType.Bool)
        {
            // A .NET bool holding 2..255 compares unequal to true and breaks logic downstream; the format stores 0/1.
            int bad = dst.IndexOfAnyExcept((byte)0, (byte)1);
            if (bad >= 0) throw Bad(path, e.Name, $"BOOL element {bad} has byte value {dst[bad]}, expected 0 or 1");
        }
        return t;
    }

    private static string Code(DType d) => d switch { DType.Float32 => "F32", DType.Float64 => "F64", DType.Int64 => "I64", _ => "BOOL" };

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
}
