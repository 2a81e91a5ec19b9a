using Glassbox.Milestones.Recipes.Generative;

namespace Glassbox.Milestones;

/// <summary>
/// <c>mnist-wgan-gp</c>: WGAN-GP (Gulrajani et al. 2017) on MNIST: MNIST-FID beside floor and noise ceiling; critic and W1 curves, sample grids. The shared run is <see cref="GanRun"/>; recipe and numbers: docs/milestones/mnist-wgan-gp.md.
/// </summary>
public sealed class MnistWganGpMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "mnist-wgan-gp";

    /// <inheritdoc/>
    public override string Title => "WGAN-GP (Gulrajani et al. 2017) on MNIST: MNIST-FID beside floor and noise ceiling; critic and W1 curves, sample grids";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var outcome = GanRun.Execute(ctx, GanRecipes.WganGp(ctx.Quick));
        var (passed, bar) = Bar(ctx.Quick, outcome);
        var metrics = outcome.Metrics;
        metrics["bar"] = bar;
        return new MilestoneResult(Id, passed, metrics, 0);
    }

    private static (bool passed, string bar) Bar(bool quick, GanOutcome o)
    {
        if (quick)
        {
            // Smoke run (50 critic steps, width 16): the critic must score real digits above generated ones (a positive
            // W1 estimate; a sign error in the critic loss makes it negative) and the generator must have moved towards
            // the data (FID below the untrained generator's).
            return (o.LastWassersteinEstimate > 0 && o.Fid < o.UntrainedFid, $"W1 estimate > 0 and MNIST-FID < {o.UntrainedFid:F1} (the untrained generator's)");
        }
        // Full run: the FID at most 0.1 of the noise ceiling (an untrained generator sits at or above the ceiling), and no
        // mode collapse onto a few digits: every class gets at least 2% of the samples (10% each is the data's share).
        double limit = 0.1 * o.NoiseCeilingFid;
        double smallest = o.ClassHistogram.Min() / (double)o.ClassHistogram.Sum();
        return (o.Fid <= limit && smallest >= 0.02, $"MNIST-FID <= {limit:F1} and every class >= 2% of samples");
    }
}
