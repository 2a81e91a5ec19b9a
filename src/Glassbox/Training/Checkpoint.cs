using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Training;

/// <summary>
/// Saves and restores everything a training run needs to continue exactly where it stopped: model parameters and
/// buffers, optimizer state, scheduler state, and the random generator's state — in one safetensors file.
/// </summary>
/// <remarks>
/// <para>Layout: model tensors under their state-dict names with a <c>model.</c> prefix (so
/// <c>{k[6:]: v for k, v in load_file(path).items() if k.startswith("model.")}</c> is a PyTorch state dict);
/// optimizer state tensors as <c>optim.{param index}.{name}</c>; everything that is not a tensor (optimizer group
/// options, scheduler counters, the generator's words, the epoch, user values) as JSON strings in the file's
/// <c>__metadata__</c>.</para>
/// <para>Resuming reproduces the uninterrupted run bit for bit because every source of state is captured: the
/// weights, Adam's moments and step counts, the learning-rate schedule, and the RNG that shuffles batches and draws
/// dropout masks. The file is written atomically (see <see cref="SafeTensors.Save"/>); a writer killed mid-save
/// leaves the previous checkpoint intact plus a hidden temporary file, which the next <see cref="Save"/> to the
/// same path removes (<see cref="CleanStale"/>).</para>
/// <para>Loading is all-or-nothing: every entry is parsed and checked against the objects it will fill before any
/// of them is touched, so a corrupt or mismatched checkpoint throws <see cref="InvalidDataException"/> (naming the
/// file and the entry) and leaves the model, optimizer, scheduler and generator exactly as they were.</para>
/// </remarks>
public static class Checkpoint
{
    private const string ModelPrefix = "model.";
    private const string OptimPrefix = "optim.";

    /// <summary>Writes a checkpoint, first removing temporary files that earlier, interrupted saves to the same path left.</summary>
    public static void Save(string path, Module model, Optimizer? optimizer = null, LRScheduler? scheduler = null,
        Generator? generator = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, v) in model.StateDict()) tensors[ModelPrefix + k] = v;
        var meta = new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { ["format"] = "pt", ["glassbox"] = "checkpoint-v1" };
        if (optimizer is not null)
        {
            var st = optimizer.StateDict();
            foreach (var (index, entries) in st.State)
                foreach (var (name, t) in entries) tensors[$"{OptimPrefix}{index}.{name}"] = t;
            meta["optim.groups"] = JsonSerializer.Serialize(st.Groups.Select(g => new { options = g.Options, @params = g.Params }));
        }
        if (scheduler is not null) meta["scheduler"] = JsonSerializer.Serialize(scheduler.StateDict());
        if (generator is not null) meta["generator"] = string.Join(",", generator.GetState().Select(w => w.ToString(CultureInfo.InvariantCulture)));
        CleanStale(path);
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>
    /// Deletes the temporary files that <see cref="SafeTensors.Save"/> writes next to <paramref name="path"/>
    /// (<c>.{file name}.{8 hex digits}.tmp</c>) and that were last written before this process started: those can
    /// only be left by a save that was killed (a save that fails normally deletes its own). Returns how many were removed.
    /// </summary>
    /// <remarks>
    /// The age rule is what makes this safe beside a live writer: a save in progress in another process keeps its
    /// temporary file's write time moving, so it is newer than this process unless that writer has been stalled since
    /// before this process started. Files that vanish or cannot be deleted meanwhile are skipped: cleaning is a courtesy
    /// and must not stop the save that calls it.
    /// </remarks>
    public static int CleanStale(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        var name = Path.GetFileName(full);
        if (dir is null || name.Length == 0 || !Directory.Exists(dir)) return 0;
        int removed = 0;
        var started = ProcessStartUtc.Value;
        foreach (var file in Directory.EnumerateFiles(dir, "." + name + ".*.tmp"))
        {
            var fileName = Path.GetFileName(file);
            var tag = fileName.AsSpan(name.Length + 2, fileName.Length - name.Length - 2 - ".tmp".Length);
            if (tag.Length != 8 || !IsLowerHex(tag)) continue;
            try
            {
                if (File.GetLastWriteTimeUtc(file) >= started) continue;
                File.Delete(file);
                removed++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;

        static bool IsLowerHex(ReadOnlySpan<char> s)
        {
            foreach (var c in s) if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
            return true;
        }
    }

    private static readonly Lazy<DateTime> ProcessStartUtc = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return self.StartTime.ToUniversalTime();
    });

    /// <summary>
    /// Restores a checkpoint into existing objects; returns the user values saved with it. All-or-nothing: see the
    /// class remarks.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a Glassbox checkpoint, is corrupt, lacks the state of an
    /// object passed in, or does not fit it (keys, shapes, dtype kinds, group structure, counts).</exception>
    public static Dictionary<string, string> Load(string path, Module model, Optimizer? optimizer = null, LRScheduler? scheduler = null,
        Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tensors = SafeTensors.Load(path, out var meta);
        if (!meta.TryGetValue("glassbox", out var fmt) || fmt != "checkpoint-v1")
            throw new InvalidDataException($"{path}: not a Glassbox checkpoint (metadata 'glassbox' is '{fmt}', expected 'checkpoint-v1')");

        // Phase 1: parse and check everything against the targets; nothing is modified.
        var modelState = ParseModel(path, tensors, model);
        var optimState = optimizer is null ? null : ParseOptimizer(path, tensors, meta, optimizer);
        var schedState = scheduler is null ? null : ParseScheduler(path, meta, scheduler);
        var genState = generator is null ? null : ParseGenerator(path, meta);

        // Phase 2: apply. Every check these loads repeat has already passed, so none of them can fail halfway.
        model.LoadStateDict(modelState);
        if (optimState is not null) optimizer!.LoadStateDict(optimState);
        if (schedState is not null) scheduler!.LoadStateDict(schedState);
        if (genState is not null) generator!.SetState(genState);
        return meta.Where(kv => kv.Key is not ("format" or "glassbox" or "optim.groups" or "scheduler" or "generator")).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    private static InvalidDataException Bad(string path, string entry, string problem, Exception? inner = null) =>
        new($"{path}: checkpoint entry '{entry}': {problem}", inner);

    private static Dictionary<string, Tensor> ParseModel(string path, Dictionary<string, Tensor> tensors, Module model)
    {
        foreach (var k in tensors.Keys)
            if (!k.StartsWith(ModelPrefix, StringComparison.Ordinal) && !k.StartsWith(OptimPrefix, StringComparison.Ordinal))
                throw Bad(path, k, $"unexpected tensor; checkpoint tensors are named '{ModelPrefix}…' or '{OptimPrefix}…'");
        var state = tensors.Where(kv => kv.Key.StartsWith(ModelPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[ModelPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        try { model.ValidateStateDict(state); }
        catch (ArgumentException e) { throw Bad(path, ModelPrefix + "*", $"the model state does not fit the {model.GetType().Name}: {e.Message}", e); }
        // Load casts between float32 and float64 (a run may change precision), but a value of another kind cannot
        // be meant for the slot: a float parameter filled from int64 data, or an int64 counter from float data.
        foreach (var (name, target) in model.StateDict())
            if (state.TryGetValue(name, out var src) && Kind(src.DType) != Kind(target.DType))
                throw Bad(path, ModelPrefix + name, $"dtype {src.DType.TorchName()} cannot fill a {target.DType.TorchName()} tensor");
        return state;

        static int Kind(DType d) => d == DType.Bool ? 0 : d.IsFloatingPoint() ? 2 : 1;
    }

    private static OptimizerState ParseOptimizer(string path, Dictionary<string, Tensor> tensors, Dictionary<string, string> meta, Optimizer optimizer)
    {
        if (!meta.TryGetValue("optim.groups", out var groupsJson))
            throw Bad(path, "optim.groups", "missing: the checkpoint has no optimizer state");
        var state = new Dictionary<int, Dictionary<string, Tensor>>();
        foreach (var (k, v) in tensors)
        {
            if (!k.StartsWith(OptimPrefix, StringComparison.Ordinal)) continue;
            var parts = k.Split('.', 3);
            if (parts.Length != 3 || parts[2].Length == 0)
                throw Bad(path, k, "optimizer tensors are named 'optim.{parameter index}.{state name}'");
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || index.ToString(CultureInfo.InvariantCulture) != parts[1])
                throw Bad(path, k, $"parameter index '{parts[1]}' is not a non-negative integer in canonical form");
            if (!state.TryGetValue(index, out var d)) state[index] = d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            d[parts[2]] = v;
        }
        var groups = ParseGroups(path, groupsJson);
        var checkpoint = new OptimizerState(state.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, Tensor>)kv.Value), groups);
        try { optimizer.ValidateStateDict(checkpoint); }
        catch (ArgumentException e) { throw Bad(path, "optim.*", $"the optimizer state does not fit the {optimizer.GetType().Name}: {e.Message}", e); }
        return checkpoint;
    }

    /// <summary>Parses "optim.groups": a JSON array of {"options": {name: number}, "params": [int, …]}.</summary>
    private static List<OptimizerState.GroupState> ParseGroups(string path, string json)
    {
        const string entry = "optim.groups";
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw Bad(path, entry, $"not valid JSON ({e.Message})", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw Bad(path, entry, $"expected a JSON array, got {doc.RootElement.ValueKind}");
            var groups = new List<OptimizerState.GroupState>();
            int gi = 0;
            foreach (var g in doc.RootElement.EnumerateArray())
            {
                string where = $"{entry}[{gi++}]";
                if (g.ValueKind != JsonValueKind.Object) throw Bad(path, where, $"expected an object, got {g.ValueKind}");
                if (!g.TryGetProperty("options", out var opts) || opts.ValueKind != JsonValueKind.Object)
                    throw Bad(path, where, "'options' is missing or not an object");
                if (!g.TryGetProperty("params", out var ps) || ps.ValueKind != JsonValueKind.Array)
                    throw Bad(path, where, "'params' is missing or not an array");
                var options = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var p in opts.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDouble(out var v))
                        throw Bad(path, $"{where}.options.{p.Name}", $"expected a number, got {p.Value.ValueKind}");
                    if (!options.TryAdd(p.Name, v)) throw Bad(path, $"{where}.options.{p.Name}", "option given twice");
                }
                var ids = new List<int>();
                foreach (var p in ps.EnumerateArray())
                {
                    if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out var id))
                        throw Bad(path, $"{where}.params", $"parameter index {p.GetRawText()} is not a 32-bit integer");
                    ids.Add(id);
                }
                groups.Add(new OptimizerState.GroupState(options, ids));
            }
            return groups;
        }
    }

    private static Dictionary<string, double> ParseScheduler(string path, Dictionary<string, string> meta, LRScheduler scheduler)
    {
        const string entry = "scheduler";
        if (!meta.TryGetValue(entry, out var json)) throw Bad(path, entry, "missing: the checkpoint has no scheduler state");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw Bad(path, entry, $"not valid JSON ({e.Message})", e); }
        var state = new Dictionary<string, double>(StringComparer.Ordinal);
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, entry, $"expected a JSON object, got {doc.RootElement.ValueKind}");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDouble(out var v))
                    throw Bad(path, $"{entry}.{p.Name}", $"expected a number, got {p.Value.ValueKind}");
                if (!state.TryAdd(p.Name, v)) throw Bad(path, $"{entry}.{p.Name}", "key given twice");
            }
        }
        try { scheduler.ValidateStateDict(state); }
        catch (ArgumentException e) { throw Bad(path, entry, $"does not fit the {scheduler.GetType().Name}: {e.Message}", e); }
        return state;
    }

    /// <summary>Parses the generator's six words (see <see cref="Generator.GetState"/>).</summary>
    private static ulong[] ParseGenerator(string path, Dictionary<string, string> meta)
    {
        const string entry = "generator";
        if (!meta.TryGetValue(entry, out var text)) throw Bad(path, entry, "missing: the checkpoint has no generator state");
        var parts = text.Split(',');
        if (parts.Length != 6) throw Bad(path, entry, $"expected 6 comma-separated words, got {parts.Length}");
        var words = new ulong[6];
        for (int i = 0; i < 6; i++)
            if (!ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out words[i]))
                throw Bad(path, entry, $"word {i} '{parts[i]}' is not an unsigned 64-bit integer");
        // xoshiro256's all-zero state is a fixed point (it would return 0 forever), so no generator can have saved it.
        if (words[0] == 0 && words[1] == 0 && words[2] == 0 && words[3] == 0) throw Bad(path, entry, "the four state words are all zero");
        if (words[4] > 1) throw Bad(path, entry, $"word 4 (has a spare normal) must be 0 or 1, got {words[4]}");
        return words;
    }
}
