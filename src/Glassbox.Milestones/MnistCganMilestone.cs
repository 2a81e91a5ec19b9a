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
            // Smoke run (150 steps; unmeasured on a quiet machine when written): the FID below the untrained
            // generator's, and the samples classified as requested at least as often as chance (10%).
            return (o.Conditional!.Accuracy >= 0.1 && o.Fid < o.UntrainedFid, $"share classified as requested >= 10% and MNIST-FID < {o.UntrainedFid:F1}");
        }
        return (o.Conditional!.Accuracy >= 0.95, "share classified as requested >= 95%");
    }
}
