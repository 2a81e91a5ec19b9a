namespace Glassbox.RL.Algorithms;

/// <summary>Diagnostics of one PPO iteration (CleanRL's logged losses and charts), from its last minibatch.</summary>
/// <param name="Iteration">1-based iteration.</param>
/// <param name="GlobalStep">Environment steps so far.</param>
/// <param name="LearningRate">The learning rate used.</param>
/// <param name="PolicyLoss">Clipped surrogate loss.</param>
/// <param name="ValueLoss">(Clipped) value loss, including the ½.</param>
/// <param name="Entropy">Mean policy entropy (nats).</param>
/// <param name="ApproxKl">The k3 estimator mean((r − 1) − log r) of KL(old ‖ new).</param>
/// <param name="ClipFraction">Fraction of samples whose ratio left [1 − ε, 1 + ε], averaged over the iteration's minibatches.</param>
/// <param name="ExplainedVariance">1 − Var(R − V)/Var(R) of the rollout's value predictions.</param>
public readonly record struct PpoUpdateStats(int Iteration, long GlobalStep, double LearningRate, double PolicyLoss, double ValueLoss, double Entropy,
    double ApproxKl, double ClipFraction, double ExplainedVariance);
