namespace Glassbox.RL.Algorithms;

/// <summary>
/// Hyperparameters of <see cref="A2c"/>. The defaults are Stable-Baselines3's A2C as tuned for CartPole-v1 in the
/// RL Baselines3 Zoo (8 environments, 5-step rollouts, RMSprop 7e-4 with α = 0.99 and ε = 1e-5, no entropy bonus).
/// </summary>
public sealed record A2cOptions
{
    /// <summary>Environment steps to train for, over all environments (500,000).</summary>
    public long TotalTimesteps { get; init; } = 500_000;
    /// <summary>RMSprop learning rate (7e-4).</summary>
    public double LearningRate { get; init; } = 7e-4;
    /// <summary>RMSprop smoothing α (0.99).</summary>
    public double RmsAlpha { get; init; } = 0.99;
    /// <summary>RMSprop ε (1e-5).</summary>
    public double RmsEps { get; init; } = 1e-5;
    /// <summary>Steps per environment per update n (5).</summary>
    public int NumSteps { get; init; } = 5;
    /// <summary>Discount γ (0.99).</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>GAE λ (1: plain n-step returns).</summary>
    public double GaeLambda { get; init; } = 1.0;
    /// <summary>Entropy bonus coefficient (0).</summary>
    public double EntropyCoef { get; init; }
    /// <summary>Value-loss coefficient (0.5).</summary>
    public double ValueCoef { get; init; } = 0.5;
    /// <summary>Global gradient-norm clip (0.5).</summary>
    public double MaxGradNorm { get; init; } = 0.5;
    /// <summary>Hidden width of the two-layer tanh actor and critic (64).</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate(string who)
    {
        void Check(bool ok, string what) { if (!ok) throw new ArgumentOutOfRangeException(what, $"{who}: {what} is out of range"); }
        Check(TotalTimesteps >= 1 && NumSteps >= 1, $"TotalTimesteps = {TotalTimesteps}, NumSteps = {NumSteps}");
        Check(LearningRate > 0 && RmsEps > 0 && RmsAlpha is > 0 and < 1, $"LearningRate = {LearningRate}, RmsAlpha = {RmsAlpha}, RmsEps = {RmsEps}");
        Check(Gamma is >= 0 and <= 1 && GaeLambda is >= 0 and <= 1, $"Gamma = {Gamma}, GaeLambda = {GaeLambda}");
        Check(MaxGradNorm > 0 && Hidden >= 1, $"MaxGradNorm = {MaxGradNorm}, Hidden = {Hidden}");
    }
}
