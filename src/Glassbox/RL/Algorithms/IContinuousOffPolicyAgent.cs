namespace Glassbox.RL.Algorithms;

/// <summary>
/// What an off-policy learner for continuous actions (<see cref="Ddpg"/>, <see cref="Td3"/>, <see cref="Sac"/>) offers
/// a training loop: acting, and one gradient update from a replay minibatch.
/// </summary>
/// <remarks>
/// The loop is the same for all three (CleanRL's): act uniformly at random for <see cref="LearningStarts"/> steps, then
/// act with <see cref="Act"/> (explore = true), store every transition, and after each environment step call
/// <see cref="Update(Tensor, Tensor, Tensor, Tensor, Tensor)"/> once with a minibatch of <see cref="BatchSize"/> transitions drawn uniformly from the buffer.
/// Store <c>terminated</c>, never <c>truncated</c>, as the done flag: a time-limit cut is not a terminal state, and
/// bootstrapping through it keeps the value of Pendulum's states independent of the clock.
/// </remarks>
public interface IContinuousOffPolicyAgent
{
    /// <summary>Minibatch size each <see cref="Update(Tensor, Tensor, Tensor, Tensor, Tensor)"/> expects.</summary>
    int BatchSize { get; }

    /// <summary>Environment steps of uniformly random actions before the first update.</summary>
    int LearningStarts { get; }

    /// <summary>
    /// Actions [B, A] for observations [B, obs], inside the action box: with exploration (the algorithm's behaviour
    /// policy) or without it (the evaluation policy). Runs without recording gradients.
    /// </summary>
    Tensor Act(Tensor observations, bool explore);

    /// <summary>
    /// One learning step from a minibatch: observations [B, obs], actions [B, A], rewards [B], next observations
    /// [B, obs] and terminated flags [B] (1 where the episode ended in a terminal state, else 0), all of the networks' dtype.
    /// </summary>
    OffPolicyUpdateStats Update(Tensor observations, Tensor actions, Tensor rewards, Tensor nextObservations, Tensor terminated);

    /// <summary><see cref="Update(Tensor, Tensor, Tensor, Tensor, Tensor)"/> on a <see cref="ReplayBuffer"/> minibatch.</summary>
    OffPolicyUpdateStats Update(ReplayBatch batch) =>
        Update(batch.Observations, batch.Actions, batch.Rewards, batch.NextObservations, batch.Terminated);
}

/// <summary>Diagnostics of one <see cref="IContinuousOffPolicyAgent.Update(Tensor, Tensor, Tensor, Tensor, Tensor)"/>.</summary>
/// <param name="CriticLoss">The critic regression loss (summed over twin critics where there are two).</param>
/// <param name="MeanQ">Mean Q(s, a) of the (first) critic on the minibatch.</param>
/// <param name="ActorLoss">The policy loss, or NaN when the policy was not updated this step (delayed updates).</param>
/// <param name="Alpha">SAC's entropy coefficient α after this step; NaN for the deterministic algorithms.</param>
public readonly record struct OffPolicyUpdateStats(double CriticLoss, double MeanQ, double ActorLoss, double Alpha);
