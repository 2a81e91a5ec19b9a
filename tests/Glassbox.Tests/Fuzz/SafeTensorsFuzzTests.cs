using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Glassbox.Training;
using Xunit.Abstractions;

namespace Glassbox.Tests.Fuzz;

/// <summary>
/// Fuzzes <see cref="SafeTensors.Load(string)"/> with byte mutations of a valid file and with edits of its header
/// JSON (offsets, shapes, dtypes, missing and repeated fields, metadata, the header length). The only exception
/// allowed out is <see cref="InvalidDataException"/> naming the file, and a load allocates at most a small multiple
/// of the file size (the JSON document and the tensors it describes).
/// </summary>
public sealed class SafeTensorsFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-fuzz-st-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private byte[] ValidFile()
    {
        string path = Path.Combine(dir, "base.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>
        {
            ["a"] = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3),
            ["b"] = Tensor.FromArray(new long[] { 7, -9, 11, 13 }),
            ["c"] = Tensor.FromArray(new[] { true, false, true }),
            ["d"] = Tensor.Zeros([0, 5], DType.Float64),
            ["e"] = Tensor.FromArray([2.5]),
        }, new Dictionary<string, string> { ["format"] = "pt" });
        return File.ReadAllBytes(path);
    }

    private static readonly JsonNode?[] OddValues =
    [
        -8, -1, 0, 1, 4, 8, 24, int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, long.MaxValue, long.MinValue,
        JsonValue.Create(ulong.MaxValue), 1.5, 1e30, -0.0, "8", null, true, new JsonArray(), new JsonObject(),
    ];

    private static JsonNode? Odd(Random rng) => OddValues[rng.Next(OddValues.Length)]?.DeepClone();

    /// <summary>One edit of the header JSON (as text, so repeated keys can be produced too).</summary>
    private static (string Json, string What) EditHeader(Random rng, string json)
    {
        var root = (JsonObject)JsonNode.Parse(json)!;
        // Only complete entries are edited, so a second edit can follow a first that broke one.
        var names = root.Where(p => p.Key != "__metadata__" && p.Value is JsonObject o && o["shape"] is JsonArray
            && o["data_offsets"] is JsonArray { Count: 2 }).Select(p => p.Key).ToArray();
        if (names.Length == 0) return (json, "no complete entry left to edit");
        string name = names[rng.Next(names.Length)];
        var entry = (JsonObject)root[name]!;
        switch (rng.Next(11))
        {
            case 0:
            {
                int k = rng.Next(2);
                var v = Odd(rng);
                entry["data_offsets"]![k] = v;
                return (root.ToJsonString(), $"'{name}'.data_offsets[{k}] = {v?.ToJsonString() ?? "null"}");
            }
            case 1:
            {
                var offsets = new JsonArray();
                int len = rng.Next(4);
                for (int i = 0; i < len; i++) offsets.Add(rng.Next(40) - 8);
                entry["data_offsets"] = offsets;
                return (root.ToJsonString(), $"'{name}'.data_offsets = {offsets.ToJsonString()}");
            }
            case 2:
            {
                var shape = (JsonArray)entry["shape"]!;
                string what;
                if (shape.Count > 0 && rng.Next(3) > 0) { int k = rng.Next(shape.Count); shape[k] = Odd(rng); what = $"shape[{k}] = {shape[k]?.ToJsonString() ?? "null"}"; }
                else if (rng.Next(2) == 0) { var v = Odd(rng); shape.Add(v); what = $"shape += {v?.ToJsonString() ?? "null"}"; }
                else { entry["shape"] = new JsonArray(1 << 16, 1 << 16, 1 << 16); what = "shape = [65536, 65536, 65536]"; }
                return (root.ToJsonString(), $"'{name}'.{what}");
            }
            case 3:
            {
                string[] codes = ["F16", "BF16", "f32", "", "I32", "U8", "BOOL", "F64", "I64", "F32", "F8_E4M3"];
                JsonNode? v = rng.Next(5) == 0 ? Odd(rng) : codes[rng.Next(codes.Length)];
                entry["dtype"] = v;
                return (root.ToJsonString(), $"'{name}'.dtype = {v?.ToJsonString() ?? "null"}");
            }
            case 4:
            {
                string field = new[] { "dtype", "shape", "data_offsets" }[rng.Next(3)];
                entry.Remove(field);
                return (root.ToJsonString(), $"remove '{name}'.{field}");
            }
            case 5:
                root[name] = Odd(rng);
                return (root.ToJsonString(), $"'{name}' = {root[name]?.ToJsonString() ?? "null"}");
            case 6:
            {
                JsonNode? meta = rng.Next(4) switch { 0 => new JsonObject { ["k"] = 5 }, 1 => new JsonArray(), 2 => "x", _ => null };
                root["__metadata__"] = meta;
                return (root.ToJsonString(), $"__metadata__ = {meta?.ToJsonString() ?? "null"}");
            }
            case 7:
            {
                // A repeated key at the top level (a second copy of an entry, possibly pointing elsewhere).
                var copy = entry.DeepClone();
                if (rng.Next(2) == 0) copy["data_offsets"] = new JsonArray(0, 0);
                string text = root.ToJsonString();
                return ("{" + JsonValue.Create(name)!.ToJsonString() + ":" + copy.ToJsonString() + "," + text[1..], $"repeat key '{name}'");
            }
            case 8:
            {
                // A repeated field inside an entry.
                string text = entry.ToJsonString();
                string field = rng.Next(2) == 0 ? "\"dtype\":\"F64\"," : "\"data_offsets\":[0,0],";
                entry.Remove("dtype");
                root[name] = JsonNode.Parse("{" + field + text[1..]);
                return (root.ToJsonString(), $"repeat a field in '{name}'");
            }
            case 9:
            {
                string other = names[rng.Next(names.Length)];
                var tmp = entry["data_offsets"]!.DeepClone();
                entry["data_offsets"] = root[other]!["data_offsets"]!.DeepClone();
                root[other]!["data_offsets"] = tmp;
                return (root.ToJsonString(), $"swap data_offsets of '{name}' and '{other}'");
            }
            default:
            {
                string[] keys = ["\\ud800", "\\u0000", "__metadata__", "", "a\\\"b"];
                string key = keys[rng.Next(keys.Length)];
                string text = root.ToJsonString();
                return ("{\"" + key + "\":" + entry.ToJsonString() + "," + text[1..], $"add entry named \"{key}\"");
            }
        }
    }

    private static (byte[] Bytes, string What) Structured(Random rng, byte[] valid)
    {
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(valid);
        string json = Encoding.UTF8.GetString(valid, 8, (int)n).TrimEnd(' ');
        var data = valid.AsSpan(8 + (int)n).ToArray();
        var (edited, what) = EditHeader(rng, json);
        if (rng.Next(4) == 0 && !what.StartsWith("repeat", StringComparison.Ordinal) && !what.StartsWith("add entry", StringComparison.Ordinal))
        {
            // A second edit, unless the first left text JsonNode cannot hold (repeated keys, a lone surrogate).
            var e2 = EditHeader(rng, edited);
            edited = e2.Json;
            what += "; " + e2.What;
        }
        var header = Encoding.UTF8.GetBytes(edited);
        ulong len = (ulong)header.Length;
        if (rng.Next(5) == 0)
        {
            long[] lens = [0, header.Length - 1, header.Length + 1, header.Length + data.Length, 100_000_001, long.MaxValue, -1];
            len = (ulong)lens[rng.Next(lens.Length)];
            what += $"; header length field = {len}";
        }
        if (rng.Next(6) == 0) { int cut = rng.Next(data.Length + 1); data = data[..cut]; what += $"; data cut to {cut} bytes"; }
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, len);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return (file, what);
    }

    [Fact]
    public void LoadRejectsMutatedFilesWithFormatErrorsOnly()
    {
        byte[] valid = ValidFile();
        byte[] donor = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "training", "reference.safetensors"));
        var runner = new FuzzRunner(output, "safetensors", dir)
        {
            // JsonDocument keeps the header text plus ~12 bytes per token; the tensors add up to the data section.
            AllocationPerByte = 16,
            AllocationSlack = 64 << 10,
        };
        runner.Run(seed: 20261207, "case.safetensors",
            rng => rng.Next(2) == 0 ? ByteMutator.Mutate(rng, valid, donor) : Structured(rng, valid),
            path => SafeTensors.Load(path),
            e => e.GetType() == typeof(InvalidDataException),
            (result, bytes) =>
            {
                long total = ((Dictionary<string, Tensor>)result!).Values.Sum(t => (long)t.Numel * t.DType.ElementSize());
                return total <= bytes.Length ? null : $"its tensors hold {total} bytes, more than the {bytes.Length}-byte file";
            });
    }
}
