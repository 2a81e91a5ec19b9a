using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;
using Glassbox.Training;

namespace Glassbox.Tests.Training;

/// <summary>
/// The objects a checkpoint restores — model (with an int64 buffer), Adam with state, StepLR, generator — in a
/// deterministic state that depends on <c>seed</c>, plus an exact snapshot of all of them, to prove a failed
/// <see cref="Checkpoint.Load"/> changed nothing.
/// </summary>
internal sealed class CheckpointTargets
{
    public readonly Sequential Model;
    public readonly Adam Opt;
    public readonly StepLR Sched;
    public readonly Generator Gen;

    public CheckpointTargets(ulong seed, int steps)
    {
        Model = new Sequential(new Linear(4, 6, generator: new Generator(seed)), new BatchNorm1d(6), new ReLU(), new Linear(6, 3, generator: new Generator(seed + 1)));
        Opt = new Adam(Model.Parameters(), lr: 0.01);
        Sched = new StepLR(Opt, stepSize: 1, gamma: 0.5);
        Gen = new Generator(seed + 2);
        var x = Tensor.Randn([8, 4], generator: Gen);
        var y = Tensor.FromArray(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 }, 8);
        for (int i = 0; i < steps; i++)
        {
            Opt.ZeroGrad();
            F.CrossEntropy(Model.Forward(x), y).Backward();
            Opt.Step();
            Sched.Step();
        }
    }

    /// <summary>A valid checkpoint of a run seeded differently from any target used to load it.</summary>
    public static string SaveReference(string dir)
    {
        var source = new CheckpointTargets(seed: 100, steps: 2);
        var path = Path.Combine(dir, "ref.safetensors");
        Checkpoint.Save(path, source.Model, source.Opt, source.Sched, source.Gen, new Dictionary<string, string> { ["epoch"] = "2" });
        return path;
    }

    public void Load(string path) => Checkpoint.Load(path, Model, Opt, Sched, Gen);

    /// <summary>Every number the four objects hold, rendered exactly (bit patterns of doubles), in a fixed order.</summary>
    public string Snapshot()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (k, v) in Model.StateDict()) sb.Append(k).Append(' ').Append(v.DType).Append(Bits(v)).Append('\n');
        var os = Opt.StateDict();
        foreach (var (i, entries) in os.State.OrderBy(kv => kv.Key))
            foreach (var (name, t) in entries.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                sb.Append("optim ").Append(i).Append('.').Append(name).Append(' ').Append(t.DType).Append(Bits(t)).Append('\n');
        foreach (var g in os.Groups)
        {
            foreach (var (k, v) in g.Options.OrderBy(kv => kv.Key, StringComparer.Ordinal)) sb.Append("opt ").Append(k).Append('=').Append(BitConverter.DoubleToInt64Bits(v)).Append('\n');
            sb.Append("params ").Append(string.Join(",", g.Params)).Append('\n');
        }
        foreach (var (k, v) in Sched.StateDict().OrderBy(kv => kv.Key, StringComparer.Ordinal)) sb.Append("sched ").Append(k).Append('=').Append(BitConverter.DoubleToInt64Bits(v)).Append('\n');
        sb.Append("gen ").Append(string.Join(",", Gen.GetState())).Append('\n');
        return sb.ToString();
    }

    private static string Bits(Tensor t) => t.DType switch
    {
        DType.Int64 => " " + string.Join(",", t.ToArray<long>()),
        DType.Bool => " " + string.Join(",", t.ToArray<bool>()),
        _ => " " + string.Join(",", t.To(DType.Float64).ToArray<double>().Select(BitConverter.DoubleToInt64Bits)),
    } + " [" + string.Join(",", t.ShapeArray) + "]";
}
