using Glassbox.RL.Networks;

namespace Glassbox.RL.Algorithms;

/// <summary>How <see cref="BehaviorCloning"/> scores a continuous action against the expert's.</summary>
public enum ContinuousCloningLoss
{
    /// <summary>
    /// −log N(a_E; μ_θ(s), diag σ²), averaged over the batch, with a learned state-independent log σ: maximum likelihood
    /// of the expert's actions under a Gaussian policy (the imitation library's BC objective without its entropy term).
    /// </summary>
    GaussianLogLikelihood,
    /// <summary>‖μ_θ(s) − a_E‖² averaged over batch and dimensions (<c>F.mse_loss</c>): the Gaussian likelihood with σ fixed, up to constants.</summary>
    MeanSquaredError,
}

/// <summary>
/// Hyperparameters of <see cref="BehaviorCloning"/>. Optimiser and batch follow the <c>imitation</c> library's BC
/// defaults (Adam at 1e-3, minibatches of 32); the network is the 64-64 tanh MLP of the project's PPO actor.
/// </summary>
public sealed record BehaviorCloningOptions
{
    /// <summary>Hidden widths of the policy MLP ([64, 64]).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [64, 64];
    /// <summary>Hidden activation (tanh).</summary>
    public MlpActivation Activation { get; init; } = MlpActivation.Tanh;
    /// <summary>Adam learning rate (1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Minibatch size (32).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Passes over the demonstrations (20).</summary>
    public int Epochs { get; init; } = 20;
    /// <summary>The loss for continuous actions (Gaussian log-likelihood); ignored for discrete ones, which use cross-entropy.</summary>
    public ContinuousCloningLoss ContinuousLoss { get; init; } = ContinuousCloningLoss.GaussianLogLikelihood;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate(string who)
    {
        void Check(bool ok, string what) { if (!ok) throw new ArgumentOutOfRangeException(what, $"{who}: {what} is out of range"); }
        Check(Hidden.All(h => h >= 1), $"Hidden = [{string.Join(", ", Hidden)}]");
        Check(LearningRate > 0, $"LearningRate = {LearningRate}");
        Check(BatchSize >= 1, $"BatchSize = {BatchSize}");
        Check(Epochs >= 0, $"Epochs = {Epochs}");
    }
}
