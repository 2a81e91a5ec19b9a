using System.Globalization;

namespace Glassbox.Optim.Schedulers;

/// <summary>
/// Base class of epoch/step-indexed learning-rate schedules (<c>torch.optim.lr_scheduler._LRScheduler</c>).
/// Construction records each group's <see cref="ParamGroup.InitialLr"/> ("initial_lr") unless a scheduler already did, and performs the first <see cref="Step"/> (epoch 0), as
/// PyTorch does; each later <see cref="Step"/> advances <see cref="LastEpoch"/> and writes the new lr into
/// every parameter group.
/// </summary>
/// <remarks>
/// Like PyTorch, most schedules here are written recursively ("chainable"): the new lr is computed from the
/// group's current lr (e.g. StepLR multiplies it by γ at a boundary), so two schedulers can be composed.
/// Call <see cref="Optimizer.Step"/> before <see cref="Step"/> each iteration.
/// </remarks>
public abstract class LRScheduler
{
    /// <summary>Attaches to <paramref name="optimizer"/>, storing "initial_lr" in each group, and takes the epoch-0 step.</summary>
    protected LRScheduler(Optimizer optimizer, bool initialStep = true)
    {
        Optimizer = optimizer;
        foreach (var g in optimizer.ParamGroups) g.InitialLr ??= g.Lr;
        BaseLrs = optimizer.ParamGroups.Select(g => g.InitialLr!.Value).ToArray();
        LastLr = optimizer.ParamGroups.Select(g => g.Lr).ToArray();
        if (initialStep) Step();
    }

    /// <summary>The optimizer whose learning rates this schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Index of the last step taken; 0 right after construction (<c>last_epoch</c>).</summary>
    public int LastEpoch { get; protected set; } = -1;

    /// <summary>Each group's starting learning rate (<c>base_lrs</c>).</summary>
    public double[] BaseLrs { get; protected set; }

    /// <summary>The learning rates set by the last step (<c>get_last_lr()</c>).</summary>
    public double[] LastLr { get; protected set; }

    /// <summary>Advances one epoch/step and applies the new learning rates (<c>scheduler.step()</c>).</summary>
    public virtual void Step()
    {
        LastEpoch++;
        var lrs = ComputeLr();
        for (int i = 0; i < lrs.Length; i++) Optimizer.ParamGroups[i].Lr = lrs[i];
        LastLr = lrs;
    }

    /// <summary>The learning rate of each group at <see cref="LastEpoch"/> (<c>get_lr()</c>), given the current group lrs.</summary>
    protected abstract double[] ComputeLr();

    /// <summary>Current lr of group <paramref name="i"/>.</summary>
    protected double GroupLr(int i) => Optimizer.ParamGroups[i].Lr;

    /// <summary>Group count.</summary>
    protected int Groups => Optimizer.ParamGroups.Count;

    /// <summary>
    /// The schedule's state (<c>state_dict()</c>): "last_epoch", "base_lrs.i", "last_lr.i" and any
    /// schedule-specific counters added by <see cref="SaveExtra"/>. Hyperparameters given to the constructor
    /// are not saved: reconstruct the scheduler with them, then load.
    /// </summary>
    public Dictionary<string, double> StateDict()
    {
        var d = new Dictionary<string, double> { ["last_epoch"] = LastEpoch };
        for (int i = 0; i < BaseLrs.Length; i++) d[Key("base_lrs", i)] = BaseLrs[i];
        for (int i = 0; i < LastLr.Length; i++) d[Key("last_lr", i)] = LastLr[i];
        SaveExtra(d);
        return d;
    }

    /// <summary>
    /// Restores <see cref="StateDict"/> output (<c>load_state_dict</c>), after <see cref="ValidateStateDict"/> has
    /// accepted it, so a rejected state leaves the schedule as it was.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, double> state)
    {
        ValidateStateDict(state);
        LastEpoch = (int)Get(state, "last_epoch");
        BaseLrs = Enumerable.Range(0, Groups).Select(i => Get(state, Key("base_lrs", i))).ToArray();
        LastLr = Enumerable.Range(0, Groups).Select(i => Get(state, Key("last_lr", i))).ToArray();
        LoadExtra(state);
    }

    /// <summary>
    /// Checks a state dict without applying it; throws <see cref="ArgumentException"/> naming the key. Required:
    /// "last_epoch", a whole number ≥ −1 that fits an int, and "base_lrs.i" / "last_lr.i" for each of the
    /// optimizer's groups, finite. Schedules with extra state check it in <see cref="ValidateExtra"/>.
    /// </summary>
    public void ValidateStateDict(IReadOnlyDictionary<string, double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        double epoch = Require(state, "last_epoch");
        if (epoch < -1 || epoch > int.MaxValue || epoch != Math.Floor(epoch))
            throw new ArgumentException($"scheduler state dict: 'last_epoch' = {epoch} is not a whole number in [-1, {int.MaxValue}]");
        for (int i = 0; i < Groups; i++) { Require(state, Key("base_lrs", i)); Require(state, Key("last_lr", i)); }
        ValidateExtra(state);

        static double Require(IReadOnlyDictionary<string, double> state, string key)
        {
            if (!state.TryGetValue(key, out var v)) throw new ArgumentException($"scheduler state dict has no key '{key}'");
            if (!double.IsFinite(v)) throw new ArgumentException($"scheduler state dict: '{key}' = {v} is not finite");
            return v;
        }
    }

    /// <summary>Checks schedule-specific state (throwing <see cref="ArgumentException"/>) before any of it is loaded.</summary>
    protected virtual void ValidateExtra(IReadOnlyDictionary<string, double> state) { }

    /// <summary>Adds schedule-specific state.</summary>
    protected virtual void SaveExtra(Dictionary<string, double> state) { }

    /// <summary>Reads schedule-specific state.</summary>
    protected virtual void LoadExtra(IReadOnlyDictionary<string, double> state) { }

    /// <summary>Reads a required key, naming it when absent.</summary>
    protected static double Get(IReadOnlyDictionary<string, double> state, string key)
        => state.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"scheduler state dict has no key '{key}'");

    private static string Key(string name, int i) => name + "." + i.ToString(CultureInfo.InvariantCulture);
}
