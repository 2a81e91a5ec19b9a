namespace Glassbox.Milestones.Recipes.RL;

/// <summary>
/// Which offline dataset <c>pendulum-cql</c> learns from; both are named after the D4RL dataset families (Fu et al. 2020)
/// whose collection they imitate.
/// </summary>
public enum PendulumDatasetKind
{
    /// <summary>
    /// D4RL "medium-replay"-like: the whole replay buffer of an online SAC run stopped early — uniformly random steps, then
    /// the learner's stochastic actions. Actions cover the box densely at almost every state, so an offline learner has
    /// little to extrapolate into.
    /// </summary>
    MediumReplay,

    /// <summary>
    /// D4RL "medium"-like: whole episodes of one partly trained SAC policy acting near-deterministically (its mean action
    /// plus small Gaussian noise). At each state the actions are narrow, so a critic trained on them is unconstrained
    /// everywhere else in the action box — the setting where naive offline SAC extrapolates and CQL's penalty matters.
    /// </summary>
    Medium,
}
