using Glassbox.Training;

namespace Glassbox.Tests.Training;

/// <summary>
/// <see cref="Checkpoint.Load"/> is all-or-nothing: a checkpoint with any bad entry throws
/// <see cref="InvalidDataException"/> naming the file and the entry, and the model, optimizer, scheduler and
/// generator keep exactly the values they had.
/// </summary>
public class CheckpointValidationTests
{
    /// <summary>One corruption of a valid checkpoint's tensors/metadata, and the entry the error must name.</summary>
    public sealed record Corruption(string Name, string Entry, Action<Dictionary<string, Tensor>, Dictionary<string, string>> Apply)
    {
        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    private static void Rename(Dictionary<string, Tensor> t, string from, string to) { t[to] = t[from]; t.Remove(from); }

    private static readonly Corruption[] Corruptions =
    [
        new("optim index not a number", "optim.x.exp_avg", (t, m) => Rename(t, "optim.0.exp_avg", "optim.x.exp_avg")),
        new("optim index with a sign", "optim.+1.exp_avg", (t, m) => Rename(t, "optim.1.exp_avg", "optim.+1.exp_avg")),
        new("optim name missing", "optim.0", (t, m) => Rename(t, "optim.0.exp_avg", "optim.0")),
        new("optim index nobody lists", "state for parameter index 99", (t, m) => Rename(t, "optim.0.exp_avg", "optim.99.exp_avg")),
        new("optim state wrong shape", "'0.exp_avg'", (t, m) => t["optim.0.exp_avg"] = Tensor.Zeros(2, 2)),
        new("optim state int64", "'1.exp_avg_sq'", (t, m) => t["optim.1.exp_avg_sq"] = Tensor.Zeros([6], DType.Int64)),
        new("optim step negative", "'2.step'", (t, m) => t["optim.2.step"] = Tensor.Scalar(-1, DType.Float64)),
        new("optim step two numbers", "'2.step'", (t, m) => t["optim.2.step"] = Tensor.Zeros([2], DType.Float64)),
        new("optim.groups bad JSON", "optim.groups", (t, m) => m["optim.groups"] = m["optim.groups"][..^3]),
        new("optim.groups not an array", "optim.groups", (t, m) => m["optim.groups"] = "{}"),
        new("optim.groups extra group", "2 parameter groups", (t, m) => m["optim.groups"] = "[" + m["optim.groups"][1..^1] + "," + m["optim.groups"][1..^1] + "]"),
        new("optim.groups param not an int", "optim.groups[0].params", (t, m) => m["optim.groups"] = m["optim.groups"].Replace("\"params\":[0,", "\"params\":[\"0\",")),
        new("optim.groups duplicate index", "listed twice", (t, m) => m["optim.groups"] = m["optim.groups"].Replace("\"params\":[0,1,", "\"params\":[0,0,")),
        new("optim.groups option a string", "optim.groups[0].options.lr", (t, m) => m["optim.groups"] = System.Text.RegularExpressions.Regex.Replace(m["optim.groups"], "\"lr\":[^,}]+", "\"lr\":\"fast\"")),
        new("optim.groups missing", "optim.groups", (t, m) => m.Remove("optim.groups")),
        new("scheduler bad JSON", "scheduler", (t, m) => m["scheduler"] = "{\"last_epoch\":"),
        new("scheduler key missing", "base_lrs.0", (t, m) => m["scheduler"] = "{\"last_epoch\":2,\"last_lr.0\":0.1}"),
        new("scheduler fractional epoch", "last_epoch", (t, m) => m["scheduler"] = m["scheduler"].Replace("\"last_epoch\":2", "\"last_epoch\":2.5")),
        new("scheduler value a string", "scheduler.last_epoch", (t, m) => m["scheduler"] = m["scheduler"].Replace("\"last_epoch\":2", "\"last_epoch\":\"2\"")),
        new("scheduler missing", "scheduler", (t, m) => m.Remove("scheduler")),
        new("generator five words", "generator", (t, m) => m["generator"] = string.Join(",", m["generator"].Split(',')[..5])),
        new("generator word not a number", "generator", (t, m) => m["generator"] = "x" + m["generator"]),
        new("generator all-zero state", "generator", (t, m) => m["generator"] = "0,0,0,0,0,0"),
        new("generator spare flag 2", "generator", (t, m) => m["generator"] = "1,2,3,4,2,0"),
        new("model key missing", "0.bias", (t, m) => t.Remove("model.0.bias")),
        new("model key unexpected", "0.extra", (t, m) => t["model.0.extra"] = Tensor.Zeros(1)),
        new("model shape wrong", "3.weight", (t, m) => t["model.3.weight"] = Tensor.Zeros(3, 5)),
        new("model float into int64 buffer", "model.1.num_batches_tracked", (t, m) => t["model.1.num_batches_tracked"] = Tensor.Scalar(2.5)),
        new("model int64 into float weight", "model.0.weight", (t, m) => t["model.0.weight"] = Tensor.Zeros([6, 4], DType.Int64)),
        new("stray tensor", "stray", (t, m) => t["stray"] = Tensor.Zeros(1)),
        new("not a glassbox checkpoint", "glassbox", (t, m) => m.Remove("glassbox")),
    ];

    /// <summary>Corruption names, for the theory.</summary>
    public static TheoryData<string> Names() => new(Corruptions.Select(c => c.Name));

    [Theory, MemberData(nameof(Names))]
    public void ACorruptEntryThrowsNamingItAndChangesNothing(string name)
    {
        var c = Corruptions.Single(k => k.Name == name);
        var dir = Directory.CreateTempSubdirectory("gb-ckpt-bad").FullName;
        var reference = CheckpointTargets.SaveReference(dir);
        var tensors = SafeTensors.Load(reference, out var meta);
        c.Apply(tensors, meta);
        var bad = Path.Combine(dir, "bad.safetensors");
        SafeTensors.Save(bad, tensors, meta);

        var target = new CheckpointTargets(seed: 7, steps: 1);
        var before = target.Snapshot();
        var e = Assert.Throws<InvalidDataException>(() => target.Load(bad));
        Assert.Contains(bad, e.Message);
        Assert.Contains(c.Entry, e.Message);
        Assert.Equal(before, target.Snapshot());
    }

    [Fact]
    public void TheUncorruptedReferenceLoadsIntoTheSameTargets()
    {
        // Control for the theory above: the targets differ from the reference, and loading it makes them equal.
        var dir = Directory.CreateTempSubdirectory("gb-ckpt-ok").FullName;
        var reference = CheckpointTargets.SaveReference(dir);
        var target = new CheckpointTargets(seed: 7, steps: 1);
        var source = new CheckpointTargets(seed: 100, steps: 2);
        Assert.NotEqual(source.Snapshot(), target.Snapshot());
        target.Load(reference);
        Assert.Equal(source.Snapshot(), target.Snapshot());
    }
}
