namespace Glassbox.RL.Algorithms;

/// <summary>Diagnostics of one GAIL discriminator round (one PPO rollout).</summary>
/// <param name="Iteration">1-based PPO iteration the rollout belongs to.</param>
/// <param name="DiscriminatorLoss">Mean binary cross-entropy over the round's minibatches (ln 4 ≈ 1.386 when D is at chance).</param>
/// <param name="ExpertAccuracy">Fraction of the last minibatch's expert pairs with D &gt; ½.</param>
/// <param name="PolicyAccuracy">Fraction of the last minibatch's policy pairs with D &lt; ½.</param>
/// <param name="MeanReward">Mean surrogate reward −log(1 − D) paid for the rollout after the round.</param>
public readonly record struct GailUpdateStats(int Iteration, double DiscriminatorLoss, double ExpertAccuracy, double PolicyAccuracy, double MeanReward);
