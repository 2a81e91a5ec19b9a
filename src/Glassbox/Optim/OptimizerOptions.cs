using System.Globalization;

namespace Glassbox.Optim;

/// <summary>
/// The hyperparameters of one parameter group, typed (<c>optimizer.defaults</c> / one <c>param_group</c> without its
/// "params"): each optimizer has its own record (<see cref="SGDOptions"/>, <see cref="AdamOptions"/>, …) with
/// PyTorch's names and defaults. Records are immutable; a per-group override is a <c>with</c> expression on the
/// optimizer's defaults, e.g. <c>o =&gt; o with { Lr = 1e-4, WeightDecay = 0 }</c>.
/// </summary>
/// <remarks>
/// <para>Every optimizer here has a learning rate and an L2/decoupled weight decay, so those two live on this base:
/// a scheduler sets <see cref="Lr"/> on any group, and a "no decay for biases" override works for any optimizer.</para>
/// <para><b>Serialised form.</b> PyTorch saves a group's options as a name → value map; <see cref="ToStateDict"/>
/// and <see cref="LoadStateDict"/> convert at that boundary only (used by <see cref="Optimizer.StateDict"/>). Names are
/// PyTorch's ("lr", "weight_decay", "momentum", …) except Adam's betas, saved as "beta1"/"beta2" because the map holds
/// numbers only; for the same reason a bool is saved as 1/0 (the checkpoint's JSON metadata is read back as numbers).</para>
/// </remarks>
public abstract record OptimizerOptions
{
    /// <summary>Learning rate (<c>lr</c>). Schedulers change it per group.</summary>
    public double Lr { get; init; }

    /// <summary>Weight decay (<c>weight_decay</c>): L2 penalty added to the gradient, or AdamW's decoupled shrinkage.</summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming <paramref name="optimizer"/> and the hyperparameter when a
    /// value is out of range (or <see cref="ArgumentException"/> for an invalid combination). Overrides call the base.
    /// </summary>
    public virtual void Validate(string optimizer)
    {
        Check(Lr >= 0, optimizer, "lr", Lr, ">= 0");
        Check(WeightDecay >= 0, optimizer, "weight_decay", WeightDecay, ">= 0");
    }

    /// <summary>The options as PyTorch's name → value map (bools as 1/0), in PyTorch's key order.</summary>
    public Dictionary<string, double> ToStateDict()
    {
        var d = new Dictionary<string, double>();
        Write(d);
        return d;
    }

    /// <summary>
    /// A copy of these options with every entry of <paramref name="state"/> applied; names this record does not have
    /// are returned in <paramref name="unknown"/> so the caller can decide (the optimizer rejects them). Options the
    /// map leaves out keep their current values, as PyTorch's <c>load_state_dict</c> keeps a group's other entries.
    /// </summary>
    public OptimizerOptions LoadStateDict(IReadOnlyDictionary<string, double> state, out IReadOnlyList<string> unknown)
    {
        var known = ToStateDict().Keys.ToHashSet();
        unknown = state.Keys.Where(k => !known.Contains(k)).ToList();
        return Read(new Reader(state));
    }

    /// <summary>Adds every entry of the serialised map, <see cref="Lr"/> and <see cref="WeightDecay"/> included, in PyTorch's key order.</summary>
    protected abstract void Write(IDictionary<string, double> state);

    /// <summary>Returns a copy with the entries present in <paramref name="state"/> applied; overrides start from the base's copy.</summary>
    protected virtual OptimizerOptions Read(Reader state) => this with
    {
        Lr = state.Number("lr", Lr),
        WeightDecay = state.Number("weight_decay", WeightDecay),
    };

    /// <summary>Reads entries of a serialised group, falling back to the current value when an entry is absent.</summary>
    protected readonly struct Reader(IReadOnlyDictionary<string, double> state)
    {
        /// <summary>The number stored under <paramref name="name"/>, or <paramref name="current"/>.</summary>
        public double Number(string name, double current) => state.TryGetValue(name, out var v) ? v : current;

        /// <summary>The flag stored under <paramref name="name"/> (any non-zero number is true), or <paramref name="current"/>.</summary>
        public bool Flag(string name, bool current) => state.TryGetValue(name, out var v) ? v != 0 : current;
    }

    /// <summary>Throws unless <paramref name="ok"/>, naming the optimizer, the hyperparameter, its value and the valid range.</summary>
    protected static void Check(bool ok, string optimizer, string name, double value, string range)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, $"{optimizer}: invalid {name} value {value.ToString(CultureInfo.InvariantCulture)}; expected {range}");
    }
}

/// <summary>
/// Options with a momentum-like coefficient that a cyclic schedule (<c>OneCycleLR</c> with cycle_momentum) moves
/// inversely to the learning rate: SGD's and RMSprop's <c>momentum</c>, Adam's β₁ — PyTorch checks for
/// "momentum" or "betas" in the defaults; here the type says so.
/// </summary>
public interface IMomentumOptions
{
    /// <summary>The coefficient's current value.</summary>
    double Momentum { get; }

    /// <summary>A copy with the coefficient set to <paramref name="momentum"/>.</summary>
    OptimizerOptions WithMomentum(double momentum);
}
