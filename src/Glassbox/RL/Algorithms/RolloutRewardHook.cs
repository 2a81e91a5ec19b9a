namespace Glassbox.RL.Algorithms;

/// <summary>
/// Replaces the rewards of one <see cref="Ppo"/> rollout before the advantages are computed — the seam through which
/// adversarial imitation (<see cref="Gail"/>) trains PPO on a learned reward instead of the environment's.
/// </summary>
/// <param name="observations">The rollout's observations, row-major [N·T, obs]; row t·N + e is environment e at step t
/// (the state the action was taken in).</param>
/// <param name="actions">The 0-based actions taken, [N·T], in the same order.</param>
/// <param name="rewards">On entry the rewards the environments paid, [N·T]; the hook overwrites them in place. The
/// training episodes (<see cref="Ppo.Episodes"/>) keep recording the environment's returns, so learning curves still
/// show the true task score.</param>
public delegate void RolloutRewardHook(float[] observations, long[] actions, double[] rewards);
