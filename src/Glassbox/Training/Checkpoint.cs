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
/// dropout masks. The file is written atomically (see <see cref="SafeTensors.Save"/>).</para>
/// </remarks>
public static class Checkpoint
{
    /// <summary>Writes a checkpoint.</summary>
    public static void Save(string path, Module model, Optimizer? optimizer = null, LRScheduler? scheduler = null,
        Generator? generator = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, v) in model.StateDict()) tensors["model." + k] = v;
        var meta = new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { ["format"] = "pt", ["glassbox"] = "checkpoint-v1" };
        if (optimizer is not null)
        {
            var st = optimizer.StateDict();
            foreach (var (index, entries) in st.State)
                foreach (var (name, t) in entries) tensors[$"optim.{index}.{name}"] = t;
            meta["optim.groups"] = JsonSerializer.Serialize(st.Groups.Select(g => new { options = g.Options, @params = g.Params }));
        }
        if (scheduler is not null) meta["scheduler"] = JsonSerializer.Serialize(scheduler.StateDict());
        if (generator is not null) meta["generator"] = string.Join(",", generator.GetState().Select(w => w.ToString(CultureInfo.InvariantCulture)));
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>Restores a checkpoint into existing objects; returns the user values saved with it.</summary>
    public static Dictionary<string, string> Load(string path, Module model, Optimizer? optimizer = null, LRScheduler? scheduler = null,
        Generator? generator = null)
    {
        var tensors = SafeTensors.Load(path, out var meta);
        if (!meta.TryGetValue("glassbox", out var fmt) || fmt != "checkpoint-v1")
            throw new InvalidDataException($"{path}: not a Glassbox checkpoint (metadata 'glassbox' is '{fmt}', expected 'checkpoint-v1')");
        model.LoadStateDict(tensors.Where(kv => kv.Key.StartsWith("model.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value));
        if (optimizer is not null)
        {
            if (!meta.TryGetValue("optim.groups", out var groupsJson))
                throw new InvalidDataException($"{path}: the checkpoint has no optimizer state");
            var state = new Dictionary<int, Dictionary<string, Tensor>>();
            foreach (var (k, v) in tensors)
            {
                if (!k.StartsWith("optim.", StringComparison.Ordinal)) continue;
                var parts = k.Split('.', 3);
                int index = int.Parse(parts[1], CultureInfo.InvariantCulture);
                if (!state.TryGetValue(index, out var d)) state[index] = d = [];
                d[parts[2]] = v;
            }
            using var doc = JsonDocument.Parse(groupsJson);
            var groups = doc.RootElement.EnumerateArray().Select(g => new OptimizerState.GroupState(
                g.GetProperty("options").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()),
                g.GetProperty("params").EnumerateArray().Select(p => p.GetInt32()).ToList())).ToList();
            optimizer.LoadStateDict(new OptimizerState(
                state.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, Tensor>)kv.Value), groups));
        }
        if (scheduler is not null && meta.TryGetValue("scheduler", out var sj))
            scheduler.LoadStateDict(JsonSerializer.Deserialize<Dictionary<string, double>>(sj)!);
        if (generator is not null && meta.TryGetValue("generator", out var gs))
            generator.SetState(gs.Split(',').Select(w => ulong.Parse(w, CultureInfo.InvariantCulture)).ToArray());
        return meta.Where(kv => kv.Key is not ("format" or "glassbox" or "optim.groups" or "scheduler" or "generator")).ToDictionary(kv => kv.Key, kv => kv.Value);
    }
}
