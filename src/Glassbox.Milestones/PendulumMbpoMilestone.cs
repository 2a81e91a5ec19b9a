using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>pendulum-mbpo</c>: MBPO (probabilistic ensemble dynamics model, one-step branched rollouts, SAC on a 95% model / 5%
/// real buffer) on Pendulum-v1, three seeds, beside SAC at the same environment steps; the mean final evaluation return must
/// reach −200 with at most a quarter of <c>pendulum-sac</c>'s 50,000 steps. Recipe and numbers: docs/milestones/pendulum-mbpo.md.
/// </summary>
public sealed class PendulumMbpoMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "pendulum-mbpo";

    /// <inheritdoc/>
    public override string Title => "MBPO on Pendulum-v1: mean evaluation return >= -200 within 12.5k environment steps (3 seeds), beside SAC at the same steps";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext context) => PendulumMbpo.Run(context, Id);
}
