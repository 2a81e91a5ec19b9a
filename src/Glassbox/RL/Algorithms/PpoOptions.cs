namespace Glassbox.RL.Algorithms;

/// <summary>
/// Hyperparameters of <see cref="Ppo"/>. The defaults are CleanRL's <c>ppo.py</c> (the recipe of Huang et al.'s
/// "37 implementation details of PPO" for classic control), which reports an episodic return of about 490 on
/// CartPole-v1 after 500k steps.
/// </summary>
public sealed record PpoOptions
{
    /// <summary>Environment steps to train for, over all environments (500,000).</summary>
    public long TotalTimesteps { get; init; } = 500_000;
    /// <summary>Adam learning rate at the start (2.5e-4).</summary>
    public double LearningRate { get; init; } = 2.5e-4;
    /// <summary>Adam ε (1e-5, larger than PyTorch's default 1e-8 as in the original PPO code).</summary>
    public double AdamEps { get; init; } = 1e-5;
    /// <summary>Anneal the learning rate linearly to 0 over the iterations (true).</summary>
    public bool AnnealLearningRate { get; init; } = true;
    /// <summary>Parallel environments N (4).</summary>
    public int NumEnvs { get; init; } = 4;
    /// <summary>Rollout length T per environment per iteration (128); the batch is N·T = 512.</summary>
    public int NumSteps { get; init; } = 128;
    /// <summary>Discount γ (0.99).</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>GAE λ (0.95).</summary>
    public double GaeLambda { get; init; } = 0.95;
    /// <summary>Minibatches per epoch (4, so minibatches of 128).</summary>
    public int NumMinibatches { get; init; } = 4;
    /// <summary>Passes over each rollout (4).</summary>
    public int UpdateEpochs { get; init; } = 4;
    /// <summary>Normalise advantages per minibatch to mean 0, standard deviation 1 (true).</summary>
    public bool NormalizeAdvantages { get; init; } = true;
    /// <summary>Clip range ε of the probability ratio (and of the value change when <see cref="ClipValueLoss"/>) (0.2).</summary>
    public double ClipCoef { get; init; } = 0.2;
    /// <summary>Use the clipped value loss (true).</summary>
    public bool ClipValueLoss { get; init; } = true;
    /// <summary>Entropy bonus coefficient (0.01).</summary>
    public double EntropyCoef { get; init; } = 0.01;
    /// <summary>Value-loss coefficient (0.5).</summary>
    public double ValueCoef { get; init; } = 0.5;
    /// <summary>Global gradient-norm clip (0.5).</summary>
    public double MaxGradNorm { get; init; } = 0.5;
    /// <summary>Stop an update's epochs early when the approximate KL exceeds this (null: never, as CleanRL's default).</summary>
    public double? TargetKl { get; init; }
    /// <summary>Hidden width of the two-layer actor and critic (64).</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>N·T, the rollout batch.</summary>
    public int BatchSize => NumEnvs * NumSteps;
    /// <summary>The minibatch size, batch / minibatches.</summary>
    public int MinibatchSize => BatchSize / NumMinibatches;
    /// <summary>Iterations (rollout + update): TotalTimesteps / BatchSize, rounded down as CleanRL.</summary>
    public int Iterations => (int)(TotalTimesteps / BatchSize);

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate(string who)
    {
        void Check(bool ok, string what) { if (!ok) throw new ArgumentOutOfRangeException(what, $"{who}: {what} is out of range"); }
        Check(NumEnvs >= 1, $"NumEnvs = {NumEnvs}");
        Check(NumSteps >= 1, $"NumSteps = {NumSteps}");
        Check(NumMinibatches >= 1 && BatchSize % NumMinibatches == 0, $"NumMinibatches = {NumMinibatches} (must divide the batch {BatchSize})");
        Check(UpdateEpochs >= 1, $"UpdateEpochs = {UpdateEpochs}");
        Check(TotalTimesteps >= BatchSize, $"TotalTimesteps = {TotalTimesteps} (at least one batch of {BatchSize})");
        Check(LearningRate > 0 && AdamEps > 0, $"LearningRate = {LearningRate}, AdamEps = {AdamEps}");
        Check(Gamma is >= 0 and <= 1 && GaeLambda is >= 0 and <= 1, $"Gamma = {Gamma}, GaeLambda = {GaeLambda}");
        Check(ClipCoef > 0 && MaxGradNorm > 0 && Hidden >= 1, $"ClipCoef = {ClipCoef}, MaxGradNorm = {MaxGradNorm}, Hidden = {Hidden}");
    }
}
