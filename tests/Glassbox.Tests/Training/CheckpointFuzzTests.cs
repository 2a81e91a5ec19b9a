using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Glassbox.Training;
using Xunit.Abstractions;

namespace Glassbox.Tests.Training;

/// <summary>
/// Seeded, time-bounded fuzzing of <see cref="Checkpoint.Load"/>: starting from a valid model + Adam + StepLR +
/// generator checkpoint, each case applies one to three mutations — raw byte edits inside the header's metadata
/// strings, structure-aware edits of the metadata JSON (optimizer groups, scheduler, generator words), and edits
/// of the optimizer and model tensors (names, indices, shapes, dtypes, values) — then loads it into targets that
/// hold different values. The only exception allowed out is <see cref="InvalidDataException"/>, and after it the
/// targets must be exactly unchanged.
/// </summary>
/// <remarks>
/// Raw byte edits stay inside the contents of the metadata strings and never add a quote or a backslash, so the
/// header remains a JSON object whose metadata values are strings or is invalid JSON. Edits that break the
/// safetensors structure itself (tensor entries, offsets, the length prefix) are the concern of
/// <see cref="SafeTensors"/>'s own tests and are left out here.
/// </remarks>
public class CheckpointFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(6);
    private const int MaxCases = 20000;

    private static readonly string[] JsonValues = ["null", "true", "\"s\"", "-1", "0", "1.5", "1e308", "-1e308", "2147483648", "[]", "{}", "[1,2]", "{\"a\":1}"];
    private static readonly string[] Words = ["", "-1", "x", "01", "+1", "1.5", "99", "2147483648", "18446744073709551616", "0", "1", " 1", "NaN"];

    [Fact]
    public void MutatedCheckpointsFailOnlyWithInvalidDataAndChangeNothing()
    {
        var dir = Directory.CreateTempSubdirectory("gb-ckpt-fuzz").FullName;
        var reference = CheckpointTargets.SaveReference(dir);
        var refTensors = SafeTensors.Load(reference, out var refMeta);
        var file = Path.Combine(dir, "case.safetensors");
        var rng = new Random(20261207);

        var target = new CheckpointTargets(seed: 7, steps: 1);
        var before = target.Snapshot();
        int cases = 0, rejected = 0, loaded = 0;
        var kinds = new Dictionary<string, int>();
        var sw = Stopwatch.StartNew();
        // the first 50 cases always run (the same seeded inputs on every machine); the budget adds more where there is time
        while ((cases < 50 || sw.Elapsed < Budget) && cases < MaxCases)
        {
            cases++;
            var tensors = new Dictionary<string, Tensor>(refTensors);
            var meta = new Dictionary<string, string>(refMeta);
            var log = new List<string>();
            int n = 1 + rng.Next(3);
            bool raw = false;
            for (int i = 0; i < n; i++)
            {
                int pick = rng.Next(10);
                if (pick < 2) raw = true; // applied to the written bytes, below
                else if (pick < 5) log.Add(MutateMetadata(rng, meta));
                else if (pick < 8) log.Add(MutateOptimizerTensor(rng, tensors));
                else log.Add(MutateModelTensor(rng, tensors));
            }
            SafeTensors.Save(file, tensors, meta);
            if (raw) log.Add(MutateHeaderBytes(rng, file));
            var what = string.Join("; ", log);
            foreach (var k in log) { var key = k.Split(':')[0]; kinds[key] = kinds.GetValueOrDefault(key) + 1; }

            try
            {
                target.Load(file);
                loaded++;
                target = new CheckpointTargets(seed: 7, steps: 1); // it changed, as it should: start the next case afresh
            }
            catch (InvalidDataException)
            {
                rejected++;
                var after = target.Snapshot();
                Assert.True(before == after, $"case {cases} ({what}) was rejected but changed the targets");
            }
            catch (Exception e)
            {
                Assert.Fail($"case {cases} ({what}): {e.GetType().Name} escaped Checkpoint.Load: {e.Message}");
            }
        }
        TestReport.Line($"fuzz checkpoint: {cases} cases in {sw.Elapsed.TotalSeconds:F1} s, {loaded} loaded, {rejected} rejected");
        output.WriteLine($"{cases} cases in {sw.Elapsed.TotalSeconds:F1} s: {rejected} rejected with InvalidDataException, {loaded} loaded");
        output.WriteLine("mutations: " + string.Join(", ", kinds.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.True(cases >= 50, $"only {cases} cases ran in the time budget");
        Assert.True(rejected > 0 && loaded > 0, "the mutations should produce both rejected and loadable checkpoints");
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>Structure-aware edits of the metadata: JSON trees of optim.groups/scheduler, the generator's words.</summary>
    private static string MutateMetadata(Random rng, Dictionary<string, string> meta)
    {
        switch (rng.Next(5))
        {
            case 0:
            {
                var key = Pick(rng, new[] { "optim.groups", "scheduler", "generator", "glassbox" });
                meta.Remove(key);
                return $"meta-remove: {key}";
            }
            case 1 or 2:
            {
                var key = rng.Next(2) == 0 ? "optim.groups" : "scheduler";
                if (!meta.TryGetValue(key, out var json)) return "meta-json: (absent)";
                JsonNode? node;
                try { node = JsonNode.Parse(json); }
                catch (System.Text.Json.JsonException) { return "meta-json: (already not JSON)"; } // an earlier edit of this case broke it
                if (node is null) return "meta-json: (null)";
                var desc = MutateJson(rng, node);
                meta[key] = node.ToJsonString();
                return $"meta-json: {key} {desc}";
            }
            case 3:
            {
                if (!meta.TryGetValue("generator", out var g)) return "meta-gen: (absent)";
                var words = g.Split(',').ToList();
                int op = rng.Next(3), at = rng.Next(words.Count);
                if (op == 0) words[at] = Pick(rng, Words);
                else if (op == 1) words.RemoveAt(at);
                else words.Insert(at, Pick(rng, Words));
                meta["generator"] = string.Join(",", words);
                return $"meta-gen: {meta["generator"]}";
            }
            default:
            {
                var key = Pick(rng, meta.Keys.Order(StringComparer.Ordinal).ToArray());
                var text = meta[key];
                int at = text.Length == 0 ? 0 : rng.Next(text.Length);
                var tail = text.Length == 0 ? "" : text[Math.Min(text.Length, at + 1 + rng.Next(4))..];
                meta[key] = text[..at] + Pick(rng, JsonValues) + tail;
                return $"meta-text: {key}";
            }
        }
    }

    /// <summary>Replaces, removes or duplicates one node somewhere in a JSON tree.</summary>
    private static string MutateJson(Random rng, JsonNode root)
    {
        var all = new List<JsonNode>();
        void Walk(JsonNode? n)
        {
            if (n is null) return;
            all.Add(n);
            if (n is JsonObject o) foreach (var (_, v) in o) Walk(v);
            else if (n is JsonArray a) foreach (var v in a) Walk(v);
        }
        Walk(root);
        var node = Pick(rng, all);
        var parent = node.Parent;
        var replacement = JsonNode.Parse(Pick(rng, JsonValues));
        switch (parent)
        {
            case JsonObject o:
            {
                var name = node.GetPropertyName();
                if (rng.Next(3) == 0) { o.Remove(name); return $"remove {name}"; }
                o[name] = replacement;
                return $"{name} = {replacement?.ToJsonString() ?? "null"}";
            }
            case JsonArray a:
            {
                int i = node.GetElementIndex();
                int op = rng.Next(3);
                if (op == 0) { a.RemoveAt(i); return $"remove [{i}]"; }
                if (op == 1) { a.Add(JsonNode.Parse(node.ToJsonString())); return $"duplicate [{i}]"; }
                a[i] = replacement;
                return $"[{i}] = {replacement?.ToJsonString() ?? "null"}";
            }
            default:
                return "root untouched";
        }
    }

    private static string MutateOptimizerTensor(Random rng, Dictionary<string, Tensor> tensors)
    {
        var keys = tensors.Keys.Where(k => k.StartsWith("optim.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        if (keys.Length == 0) return "optim: (none)";
        var key = Pick(rng, keys);
        var parts = key.Split('.', 3);
        // an earlier edit of this case may have left a key with no state name ("optim.0")
        string stateName = parts.Length > 2 ? parts[2] : "";
        switch (rng.Next(6))
        {
            case 0:
            {
                var to = $"optim.{Pick(rng, Words)}.{stateName}";
                var t = tensors[key]; tensors.Remove(key); tensors[to] = t;
                return $"optim-index: {key} -> {to}";
            }
            case 1:
            {
                var to = $"optim.{parts[1]}{(rng.Next(2) == 0 ? "" : "." + Pick(rng, Words))}";
                var t = tensors[key]; tensors.Remove(key); tensors[to] = t;
                return $"optim-name: {key} -> {to}";
            }
            case 2:
                tensors.Remove(key);
                return $"optim-remove: {key}";
            case 3:
            {
                var shape = Enumerable.Range(0, rng.Next(3)).Select(_ => rng.Next(4)).ToArray();
                tensors[key] = Tensor.Zeros(shape, Pick(rng, new[] { DType.Float32, DType.Float64 }));
                return $"optim-shape: {key} [{string.Join(",", shape)}]";
            }
            case 4:
            {
                var dt = Pick(rng, new[] { DType.Float32, DType.Float64, DType.Int64, DType.Bool });
                tensors[key] = tensors[key].To(dt);
                return $"optim-dtype: {key} {dt}";
            }
            default:
            {
                var v = Pick(rng, new[] { double.NaN, double.PositiveInfinity, -1.0, 1e300, 0.0, 3.0 });
                var t = tensors[key];
                tensors[key] = Tensor.Full(t.ShapeArray, v, t.DType);
                return $"optim-value: {key} = {v.ToString(CultureInfo.InvariantCulture)}";
            }
        }
    }

    private static string MutateModelTensor(Random rng, Dictionary<string, Tensor> tensors)
    {
        var keys = tensors.Keys.Where(k => k.StartsWith("model.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        var key = Pick(rng, keys);
        switch (rng.Next(5))
        {
            case 0:
                tensors.Remove(key);
                return $"model-remove: {key}";
            case 1:
                tensors[key + "_extra"] = Tensor.Zeros(1);
                return $"model-extra: {key}_extra";
            case 2:
            {
                var s = tensors[key].ShapeArray.Select(d => d + rng.Next(2)).Append(1).Take(Math.Max(1, tensors[key].NDim)).ToArray();
                tensors[key] = Tensor.Zeros(s, tensors[key].DType);
                return $"model-shape: {key} [{string.Join(",", s)}]";
            }
            case 3:
            {
                var dt = Pick(rng, new[] { DType.Float32, DType.Float64, DType.Int64, DType.Bool });
                tensors[key] = tensors[key].To(dt);
                return $"model-dtype: {key} {dt}";
            }
            default:
                tensors[key] = Tensor.Full(tensors[key].ShapeArray, double.NaN, tensors[key].DType);
                return $"model-value: {key} = NaN";
        }
    }

    /// <summary>
    /// Edits the raw bytes of one metadata string inside the written header: overwrite, insert or delete bytes of
    /// its (escaped) contents, fixing the header length prefix so that the tensor data still lines up.
    /// </summary>
    private static string MutateHeaderBytes(Random rng, string file)
    {
        var bytes = File.ReadAllBytes(file);
        int headerLen = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var spans = MetadataValueSpans(bytes.AsSpan(8, headerLen));
        if (spans.Count == 0) return "raw: (no metadata)";
        var (start, length) = Pick(rng, spans);
        start += 8;
        var list = bytes.ToList();
        int edits = 1 + rng.Next(4), delta = 0;
        var done = new List<string>();
        for (int e = 0; e < edits; e++)
        {
            int len = length + delta;
            int at = start + (len == 0 ? 0 : rng.Next(len));
            int op = len == 0 ? 1 : rng.Next(3);
            if (op == 0 && list[at] != (byte)'\\') { list[at] = SafeByte(rng); done.Add($"set@{at}"); }
            else if (op == 1) { list.Insert(at, SafeByte(rng)); delta++; done.Add($"ins@{at}"); }
            else if (op == 2 && list[at] != (byte)'\\') { list.RemoveAt(at); delta--; done.Add($"del@{at}"); }
        }
        var result = list.ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)(headerLen + delta));
        File.WriteAllBytes(file, result);
        return "raw: " + string.Join(",", done);

        // Printable ASCII except the quote and the backslash: the string stays a string.
        static byte SafeByte(Random rng)
        {
            byte b;
            do b = (byte)rng.Next(0x20, 0x7F); while (b is (byte)'"' or (byte)'\\');
            return b;
        }
    }

    /// <summary>Offsets (within the header) and lengths of the raw contents of each "__metadata__" string value.</summary>
    private static List<(int Start, int Length)> MetadataValueSpans(ReadOnlySpan<byte> header)
    {
        var spans = new List<(int, int)>();
        var reader = new Utf8JsonReader(header);
        bool inMeta = false;
        string? lastProperty = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                lastProperty = reader.GetString();
            else if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 1)
                inMeta = lastProperty == "__metadata__";
            else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1)
                inMeta = false;
            else if (inMeta && reader.TokenType == JsonTokenType.String && reader.CurrentDepth == 2)
                spans.Add(((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
        }
        return spans;
    }
}
