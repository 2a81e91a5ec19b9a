using Glassbox.Milestones.Recipes.Generative;

namespace Glassbox.Milestones;

/// <summary>
/// <c>mnist-cgan</c>: Conditional DCGAN on MNIST: >= 95% of samples classified as the requested digit. The shared run is <see cref="GanRun"/>; recipe and numbers: docs/milestones/mnist-cgan.md.
/// </summary>
public sealed class MnistCganMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "mnist-cgan";

    /// <inheritdoc/>
    public override string Title => "Conditional DCGAN on MNIST: >= 95% of samples classified as the requested digit";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var outcome = GanRun.Execute(ctx, GanRecipes.Conditional(ctx.Quick));
        var (passed, bar) = Bar(ctx.Quick, outcome);
        var metrics = outcome.Metrics;
        metrics["bar"] = bar;
        return new MilestoneResult(Id, passed, metrics, 0);
    }

    private static (bool passed, string bar) Bar(bool quick, GanOutcome o)
    {
        if (quick)
        {
            // Smoke run (150 steps): the labels must already steer the samples — far above the 10% of a generator
            // that ignores them — and the FID must have left the untrained generator's behind.
            double q = 0.5 * o.UntrainedFid;
            return (o.Conditional!.Accuracy >= 0.3 && o.Fid <= q, $"share classified as requested >= 30% and MNIST-FID <= {q:F1}");
        }
        return (o.Conditional!.Accuracy >= 0.95, "share classified as requested >= 95%");
    }
}
