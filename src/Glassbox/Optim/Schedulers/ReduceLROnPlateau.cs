namespace Glassbox.Optim.Schedulers;

/// <summary>
/// Reduces the lr by <c>factor</c> when a monitored metric has stopped improving for more than
/// <c>patience</c> epochs (<c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>).
/// </summary>
/// <remarks>
/// PyTorch 1.13's rules. "Better" in mode min with threshold mode rel means a &lt; best·(1 − threshold)
/// (abs: a &lt; best − threshold; mode max mirrors it). Each step either resets the bad-epoch count (new best)
/// or increments it; during cooldown the count is held at 0. When the count exceeds patience every group's
/// lr becomes max(lr·factor, minLr) — unless that changes it by no more than eps — and cooldown restarts.
/// </remarks>
public sealed class ReduceLROnPlateau
{
    private readonly Optimizer optimizer;
    private readonly bool modeMin, rel;
    private readonly double factor, threshold, minLr, eps;
    private readonly int patience, cooldown;

    /// <summary>Creates the scheduler.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10, double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, double minLr = 0, double eps = 1e-8)
    {
        if (factor >= 1.0) throw new ArgumentOutOfRangeException(nameof(factor), $"ReduceLROnPlateau: factor should be < 1.0, got {factor}");
        if (!Enum.IsDefined(mode)) throw new ArgumentException($"ReduceLROnPlateau: mode must be Min or Max, got {mode}");
        if (!Enum.IsDefined(thresholdMode)) throw new ArgumentException($"ReduceLROnPlateau: thresholdMode must be Rel or Abs, got {thresholdMode}");
        this.optimizer = optimizer;
        modeMin = mode == PlateauMode.Min;
        rel = thresholdMode == ThresholdMode.Rel;
        (this.factor, this.patience, this.threshold, this.cooldown, this.minLr, this.eps) = (factor, patience, threshold, cooldown, minLr, eps);
        Best = modeMin ? double.PositiveInfinity : double.NegativeInfinity;
        LastLr = optimizer.ParamGroups.Select(g => g.Lr).ToArray();
    }

    /// <summary>Best metric seen so far.</summary>
    public double Best { get; private set; }
    /// <summary>Consecutive epochs without improvement.</summary>
    public int NumBadEpochs { get; private set; }
    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }
    /// <summary>Number of steps taken.</summary>
    public int LastEpoch { get; private set; }
    /// <summary>The learning rates after the last step.</summary>
    public double[] LastLr { get; private set; }

    private bool IsBetter(double a)
    {
        if (modeMin) return rel ? a < Best * (1 - threshold) : a < Best - threshold;
        return rel ? a > Best * (threshold + 1) : a > Best + threshold;
    }

    /// <summary>Records one epoch's metric and reduces the lr if it has plateaued (<c>scheduler.step(metrics)</c>).</summary>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric)) { Best = metric; NumBadEpochs = 0; }
        else NumBadEpochs++;
        if (CooldownCounter > 0) { CooldownCounter--; NumBadEpochs = 0; }
        if (NumBadEpochs > patience)
        {
            foreach (var g in optimizer.ParamGroups)
            {
                double old = g.Lr, nw = Math.Max(old * factor, minLr);
                if (old - nw > eps) g.Lr = nw;
            }
            CooldownCounter = cooldown;
            NumBadEpochs = 0;
        }
        LastLr = optimizer.ParamGroups.Select(g => g.Lr).ToArray();
    }

    /// <summary>The counters (<c>state_dict()</c>): best, num_bad_epochs, cooldown_counter, last_epoch.</summary>
    public Dictionary<string, double> StateDict() => new()
    {
        ["best"] = Best, ["num_bad_epochs"] = NumBadEpochs, ["cooldown_counter"] = CooldownCounter, ["last_epoch"] = LastEpoch,
    };

    /// <summary>Restores <see cref="StateDict"/> output.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, double> state)
    {
        double Get(string k) => state.TryGetValue(k, out var v) ? v : throw new KeyNotFoundException($"ReduceLROnPlateau state dict has no key '{k}'");
        Best = Get("best");
        NumBadEpochs = (int)Get("num_bad_epochs");
        CooldownCounter = (int)Get("cooldown_counter");
        LastEpoch = (int)Get("last_epoch");
    }
}
