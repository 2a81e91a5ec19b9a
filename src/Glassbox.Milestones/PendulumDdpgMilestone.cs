using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>pendulum-ddpg</c>: DDPG on Pendulum-v1 with CleanRL's recipe, 50,000 environment steps, three seeds; the mean final
/// evaluation return must reach −200. Recipe and numbers: docs/milestones/pendulum-ddpg.md.
/// </summary>
public sealed class PendulumDdpgMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "pendulum-ddpg";

    /// <inheritdoc/>
    public override string Title => "DDPG on Pendulum-v1: mean evaluation return >= -200 within 50k steps (3 seeds); learning curves saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext context) => PendulumControl.Run(context, Id, "ddpg");
}
