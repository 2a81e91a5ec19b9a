using Glassbox.RL.Models;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Hyperparameters of <see cref="Mbpo"/>. Defaults are the MBPO paper's (Janner et al. 2019, Appendix C) where they do
/// not depend on the environment: retrain the model every 250 steps, 5% real data in SAC's minibatches, 20 SAC updates
/// per environment step, rollouts of length 1. The rollout batch (the paper's 100,000 start states per retraining) is
/// 10,000 here, a CPU-sized default; the warm-up of random actions is <see cref="SacOptions.LearningStarts"/>.
/// </summary>
public sealed record MbpoOptions
{
    /// <summary>The SAC learner trained on the mixed buffer (its <see cref="SacOptions.LearningStarts"/> is the random warm-up before the first model fit).</summary>
    public SacOptions Sac { get; init; } = new();
    /// <summary>The dynamics model: inputs (s, a), outputs (Δs, r).</summary>
    public EnsembleOptions Model { get; init; } = new();
    /// <summary>Environment steps between model retrainings F (250).</summary>
    public int ModelTrainFrequency { get; init; } = 250;
    /// <summary>Start states drawn from the real buffer at each retraining, each rolled out <see cref="RolloutLength"/> steps (10,000).</summary>
    public int RolloutBatchSize { get; init; } = 10_000;
    /// <summary>Model rollout length k (1, the paper's value for the easy tasks; longer rollouts compound model error).</summary>
    public int RolloutLength { get; init; } = 1;
    /// <summary>The model buffer keeps the rollouts of this many most recent retrainings (4: one paper "epoch" of 1,000 steps at F = 250).</summary>
    public int ModelRetainFits { get; init; } = 4;
    /// <summary>SAC updates per environment step G (20).</summary>
    public int UpdatesPerStep { get; init; } = 20;
    /// <summary>Fraction of each SAC minibatch drawn from the real buffer; the rest comes from the model buffer (0.05).</summary>
    public double RealRatio { get; init; } = 0.05;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Sac);
        ArgumentNullException.ThrowIfNull(Model);
        Sac.Validate();
        Model.Validate();
        if (ModelTrainFrequency < 1) throw new ArgumentException($"MbpoOptions: ModelTrainFrequency must be positive, got {ModelTrainFrequency}");
        if (RolloutBatchSize < 1 || RolloutLength < 1 || ModelRetainFits < 1) throw new ArgumentException($"MbpoOptions: RolloutBatchSize, RolloutLength and ModelRetainFits must be positive, got {RolloutBatchSize}, {RolloutLength}, {ModelRetainFits}");
        if (UpdatesPerStep < 1) throw new ArgumentException($"MbpoOptions: UpdatesPerStep must be positive, got {UpdatesPerStep}");
        if (!(RealRatio >= 0 && RealRatio <= 1)) throw new ArgumentException($"MbpoOptions: RealRatio must be in [0, 1], got {RealRatio}");
        if (Sac.LearningStarts < 2) throw new ArgumentException($"MbpoOptions: Sac.LearningStarts (the random warm-up) must be at least 2 so the first model fit has data to hold out, got {Sac.LearningStarts}");
    }
}
