using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>pendulum-td3</c>: TD3 on Pendulum-v1 with CleanRL's recipe, 50,000 environment steps, three seeds; the mean final
/// evaluation return must reach −200. Recipe and numbers: docs/milestones/pendulum-td3.md.
/// </summary>
public sealed class PendulumTd3Milestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "pendulum-td3";

    /// <inheritdoc/>
    public override string Title => "TD3 on Pendulum-v1: mean evaluation return >= -200 within 50k steps (3 seeds); learning curves saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext context) => PendulumControl.Run(context, Id, "td3");
}
