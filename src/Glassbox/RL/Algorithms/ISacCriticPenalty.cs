namespace Glassbox.RL.Algorithms;

/// <summary>
/// A regulariser of <see cref="Sac"/>'s critics: a scalar added to the twin critics' regression loss in every
/// <see cref="Sac.Update"/>, differentiable with respect to the critics' weights (see <see cref="Sac.CriticPenalty"/>).
/// </summary>
public interface ISacCriticPenalty
{
    /// <summary>
    /// The penalty for one minibatch: observations [B, obs], dataset actions [B, A] and next observations [B, obs], with
    /// the critics' values on the dataset pairs already computed, <paramref name="q1"/> = Q₁(s, a) and
    /// <paramref name="q2"/> = Q₂(s, a) ([B], in the graph). Returns a scalar tensor in the graph of the critics.
    /// </summary>
    Tensor Penalty(Sac agent, Tensor observations, Tensor actions, Tensor nextObservations, Tensor q1, Tensor q2);
}
