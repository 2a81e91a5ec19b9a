using System.Text.Json;
using System.Text.Unicode;

namespace Glassbox.Training;

/// <summary>
/// Parses and validates the JSON header of a safetensors file against the format's rules, so that reading the
/// tensors afterwards can trust every name, dtype, shape and offset (see <see cref="SafeTensors.Load(string, out Dictionary{string, string})"/>).
/// </summary>
internal static class SafeTensorsHeader
{
    /// <summary>One validated tensor entry: data lies at [Begin, End) of the data section.</summary>
    internal readonly record struct Entry(string Name, DType DType, int[] Shape, long Begin, long End);

    private const string MetadataKey = "__metadata__";

    /// <summary>
    /// The entries of <paramref name="header"/> in data order, after checking each one and that together they
    /// tile the <paramref name="dataLength"/>-byte data section exactly.
    /// </summary>
    public static List<Entry> Parse(byte[] header, long dataLength, string path, out Dictionary<string, string> metadata)
    {
        // JsonDocument replaces nothing silently, but validating up front gives one clear message instead of a
        // failure deep inside a string; the format requires UTF-8.
        if (!Utf8.IsValid(header)) throw Bad(path, null, "the header is not valid UTF-8");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header); }
        catch (JsonException e) { throw Bad(path, null, $"the header is not valid JSON ({e.Message})", e); }
        using (doc)
        {
            try
            {
                return Walk(doc.RootElement, dataLength, path, out metadata);
            }
            catch (InvalidOperationException e)
            {
                // JsonElement accessors throw this for text they cannot represent (e.g. an escaped lone surrogate).
                throw Bad(path, null, $"the header holds a value that cannot be read ({e.Message})", e);
            }
        }
    }

    private static List<Entry> Walk(JsonElement root, long dataLength, string path, out Dictionary<string, string> metadata)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Bad(path, null, $"the header is a JSON {Kind(root)}, expected an object mapping tensor names to entries");
        metadata = [];
        bool sawMetadata = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        foreach (var p in root.EnumerateObject())
        {
            // JsonDocument keeps every copy of a repeated key; other readers keep the first or the last, so a
            // file with duplicates means different things to different programs: refuse it.
            if (p.Name == MetadataKey)
            {
                if (sawMetadata) throw Bad(path, null, $"'{MetadataKey}' appears more than once in the header");
                sawMetadata = true;
                ReadMetadata(p.Value, path, metadata);
                continue;
            }
            if (!names.Add(p.Name)) throw Bad(path, p.Name, "the name appears more than once in the header");
            entries.Add(ReadEntry(p.Name, p.Value, dataLength, path));
        }
        CheckLayout(entries, dataLength, path);
        return entries;
    }

    private static void ReadMetadata(JsonElement value, string path, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(path, null, $"'{MetadataKey}' is a JSON {Kind(value)}, expected an object of strings");
        foreach (var m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
                throw Bad(path, null, $"'{MetadataKey}' entry '{m.Name}' is a JSON {Kind(m.Value)}, expected a string");
            if (!metadata.TryAdd(m.Name, m.Value.GetString()!))
                throw Bad(path, null, $"'{MetadataKey}' entry '{m.Name}' appears more than once");
        }
    }

    private static Entry ReadEntry(string name, JsonElement value, long dataLength, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(path, name, $"the entry is a JSON {Kind(value)}, expected an object with dtype, shape and data_offsets");
        JsonElement? dtypeEl = null, shapeEl = null, offsetsEl = null;
        foreach (var f in value.EnumerateObject())
        {
            // Unknown fields are ignored (as the reference implementation does); repeated known ones are not.
            ref JsonElement? slot = ref dtypeEl;
            if (f.Name == "dtype") slot = ref dtypeEl;
            else if (f.Name == "shape") slot = ref shapeEl;
            else if (f.Name == "data_offsets") slot = ref offsetsEl;
            else continue;
            if (slot is not null) throw Bad(path, name, $"field '{f.Name}' appears more than once");
            slot = f.Value;
        }
        if (dtypeEl is not { } dt) throw Bad(path, name, "the entry has no 'dtype'");
        if (shapeEl is not { } sh) throw Bad(path, name, "the entry has no 'shape'");
        if (offsetsEl is not { } of) throw Bad(path, name, "the entry has no 'data_offsets'");

        var dtype = ReadDType(dt, path, name);
        var shape = ReadShape(sh, path, name);
        long numel = 1;
        foreach (int d in shape) numel *= d; // cannot overflow: ReadShape bounds every partial product by int.MaxValue
        long bytes = numel * dtype.ElementSize();

        if (of.ValueKind != JsonValueKind.Array || of.GetArrayLength() != 2)
            throw Bad(path, name, $"data_offsets {Raw(of)} is not an array [begin, end] of two integers");
        if (!of[0].TryGetInt64(out long begin) || !of[1].TryGetInt64(out long end) || begin < 0 || end < 0)
            throw Bad(path, name, $"data_offsets {Raw(of)} must be two non-negative integers");
        if (begin > end)
            throw Bad(path, name, $"data_offsets [{begin}, {end}] run backwards (begin > end)");
        if (end > dataLength)
            throw Bad(path, name, $"data_offsets [{begin}, {end}] reach past the end of the {dataLength}-byte data section (truncated file?)");
        if (end - begin != bytes)
            throw Bad(path, name, $"data_offsets [{begin}, {end}] span {end - begin} bytes but shape {ShapeUtil.Format(shape)} of {dtype.TorchName()} needs {numel} × {dtype.ElementSize()} = {bytes}");
        return new Entry(name, dtype, shape, begin, end);
    }

    private static DType ReadDType(JsonElement e, string path, string name)
    {
        if (e.ValueKind != JsonValueKind.String) throw Bad(path, name, $"dtype is a JSON {Kind(e)}, expected a string");
        string? code = e.GetString();
        return code switch
        {
            "F32" => DType.Float32,
            "F64" => DType.Float64,
            "I64" => DType.Int64,
            "BOOL" => DType.Bool,
            _ => throw Bad(path, name, $"dtype '{code}' is not supported by Glassbox (F32, F64, I64, BOOL)"),
        };
    }

    /// <summary>
    /// The dimensions, each a non-negative integer. Glassbox tensors index with 32-bit integers, so every partial
    /// product of the non-zero dimensions must stay within int.MaxValue; that also keeps numel × item size (≤ 8) far
    /// from overflowing a long.
    /// </summary>
    private static int[] ReadShape(JsonElement e, string path, string name)
    {
        if (e.ValueKind != JsonValueKind.Array) throw Bad(path, name, $"shape is a JSON {Kind(e)}, expected an array of integers");
        var shape = new int[e.GetArrayLength()];
        long product = 1;
        int k = 0;
        foreach (var d in e.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long v))
                throw Bad(path, name, $"shape {Raw(e)}: dimension {k} is {Raw(d)}, not an integer");
            if (v < 0) throw Bad(path, name, $"shape {Raw(e)}: dimension {k} is negative");
            if (v > int.MaxValue || (v > 0 && product * v > int.MaxValue))
                throw Bad(path, name, $"shape {Raw(e)} is too large: the dimension sizes multiply past {int.MaxValue}, the most elements a tensor can hold");
            if (v > 0) product *= v;
            shape[k++] = (int)v;
        }
        return shape;
    }

    /// <summary>The entries, sorted by offset, must cover [0, dataLength) back to back (what the reference implementation checks).</summary>
    private static void CheckLayout(List<Entry> entries, long dataLength, string path)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        string? previous = null;
        foreach (var e in entries)
        {
            if (e.Begin < expected)
                throw Bad(path, e.Name, $"data_offsets [{e.Begin}, {e.End}] overlap tensor '{previous}', which ends at {expected}");
            if (e.Begin > expected)
                throw Bad(path, e.Name, $"data_offsets [{e.Begin}, {e.End}] leave a gap: bytes [{expected}, {e.Begin}) of the data section belong to no tensor");
            expected = e.End;
            previous = e.Name;
        }
        if (expected != dataLength)
            throw Bad(path, null, $"the data section has {dataLength} bytes but the tensors cover only {expected} (trailing bytes or a missing entry)");
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    /// <summary>The JSON text of a value for a message, shortened so a huge hostile value cannot flood it.</summary>
    private static string Raw(JsonElement e)
    {
        string s = e.GetRawText();
        return s.Length <= 80 ? s : s[..77] + "...";
    }

    /// <summary>The format error for <paramref name="path"/>, naming <paramref name="tensor"/> when one is at fault.</summary>
    internal static InvalidDataException Bad(string path, string? tensor, string problem, Exception? inner = null) =>
        new(tensor is null ? $"{path}: {problem}" : $"{path}: tensor '{tensor}': {problem}", inner);
}
