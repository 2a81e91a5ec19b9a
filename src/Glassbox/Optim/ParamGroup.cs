namespace Glassbox.Optim;

/// <summary>
/// A set of parameters sharing hyperparameters (one entry of <c>optimizer.param_groups</c>). Options are
/// named as in PyTorch ("lr", "weight_decay", "momentum", "beta1", "beta2", …); booleans are stored as 0/1.
/// Options not given here are filled from the optimizer's defaults when the group is added.
/// </summary>
public sealed class ParamGroup
{
    /// <summary>Creates a group of <paramref name="parameters"/> with optional per-group overrides.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, double>? options = null)
    {
        Params = parameters.ToList();
        Options = options is null ? [] : new Dictionary<string, double>(options);
    }

    /// <summary>The parameters this group updates.</summary>
    public IReadOnlyList<Tensor> Params { get; }

    /// <summary>Hyperparameters by PyTorch name; schedulers edit "lr" here.</summary>
    public Dictionary<string, double> Options { get; }

    /// <summary>The learning rate of this group (<c>group['lr']</c>).</summary>
    public double Lr { get => this["lr"]; set => Options["lr"] = value; }

    /// <summary>Reads or writes one option; reading a missing option throws naming it.</summary>
    public double this[string name]
    {
        get => Options.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"ParamGroup: no option '{name}' (has: {string.Join(", ", Options.Keys)})");
        set => Options[name] = value;
    }

    internal bool Flag(string name) => Options.TryGetValue(name, out var v) && v != 0;
}
