using Glassbox.Milestones.Recipes.RL;

namespace Glassbox.Milestones;

/// <summary>
/// <c>pointmass-her</c>: SAC on the 2-d point-mass goal task with and without Hindsight Experience Replay (future strategy,
/// k = 4), three seeds each, evaluated on 50 fixed start/goal pairs. Bar: HER's mean final success rate ≥ 0.9 and at
/// least 0.3 above SAC without hindsight. Recipe and numbers: docs/milestones/pointmass-her.md.
/// </summary>
public sealed class PointMassHerMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "pointmass-her";

    /// <inheritdoc/>
    public override string Title => "SAC on the point-mass goal task: success >= 0.9 with HER (k = 4), clearly above SAC without it (3 seeds); success curves saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext context) => PointMassHer.Run(context, Id);
}
