namespace Glassbox.RL.Algorithms;

/// <summary>Hyperparameters of <see cref="Reinforce"/>.</summary>
public sealed record ReinforceOptions
{
    /// <summary>Environment steps to train for (300,000).</summary>
    public long TotalTimesteps { get; init; } = 300_000;
    /// <summary>Adam learning rate for the policy and the baseline (1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Discount γ (0.99).</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>Complete episodes per update (4: one per environment of the batch).</summary>
    public int EpisodesPerUpdate { get; init; } = 4;
    /// <summary>Subtract a learned state-value baseline b(s) from the returns (true).</summary>
    public bool Baseline { get; init; } = true;
    /// <summary>Weight of the baseline's squared error in the loss (0.5).</summary>
    public double BaselineCoef { get; init; } = 0.5;
    /// <summary>Standardise the weights G_t − b(s_t) over each update's samples (true).</summary>
    public bool NormalizeAdvantages { get; init; } = true;
    /// <summary>Entropy bonus coefficient (0).</summary>
    public double EntropyCoef { get; init; }
    /// <summary>Global gradient-norm clip (0.5).</summary>
    public double MaxGradNorm { get; init; } = 0.5;
    /// <summary>Hidden width of the two-layer tanh networks (64).</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate(string who)
    {
        void Check(bool ok, string what) { if (!ok) throw new ArgumentOutOfRangeException(what, $"{who}: {what} is out of range"); }
        Check(TotalTimesteps >= 1, $"TotalTimesteps = {TotalTimesteps}");
        Check(LearningRate > 0 && MaxGradNorm > 0, $"LearningRate = {LearningRate}, MaxGradNorm = {MaxGradNorm}");
        Check(Gamma is >= 0 and <= 1, $"Gamma = {Gamma}");
        Check(EpisodesPerUpdate >= 1 && Hidden >= 1, $"EpisodesPerUpdate = {EpisodesPerUpdate}, Hidden = {Hidden}");
    }
}
