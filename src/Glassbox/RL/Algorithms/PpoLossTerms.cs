namespace Glassbox.RL.Algorithms;

/// <summary>The PPO objective of one minibatch: the differentiable total and its parts as numbers.</summary>
/// <param name="Loss">L = L_clip − c_H·H + c_V·L_V, to back-propagate.</param>
/// <param name="PolicyLoss">L_clip.</param>
/// <param name="ValueLoss">L_V (with its ½).</param>
/// <param name="Entropy">Mean entropy H.</param>
/// <param name="ApproxKl">mean((r − 1) − log r).</param>
/// <param name="ClipFraction">Fraction with |r − 1| &gt; ε.</param>
public readonly record struct PpoLossTerms(Tensor Loss, double PolicyLoss, double ValueLoss, double Entropy, double ApproxKl, double ClipFraction);
