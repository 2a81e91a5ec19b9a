using Glassbox.Milestones.Recipes.RL;

namespace Glassbox.Milestones;

/// <summary>
/// <c>pendulum-cql</c>: offline RL on a fixed Pendulum-v1 dataset (by default a partly trained SAC policy's
/// near-deterministic episodes, D4RL-"medium"-like): CQL, behaviour cloning and naive offline SAC on the same data, three
/// seeds; CQL's mean final evaluation return must beat both.
/// Recipe and numbers: docs/milestones/pendulum-cql.md.
/// </summary>
public sealed class PendulumCqlMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "pendulum-cql";

    /// <inheritdoc/>
    public override string Title => "Offline RL on Pendulum-v1 (a partly trained SAC's narrow actions): CQL's mean final return beats BC's and naive offline SAC's (3 seeds); curves and Q-vs-return saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext context) => PendulumOffline.Run(context, Id);
}
