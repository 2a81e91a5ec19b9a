using Glassbox.Milestones.Recipes.Generative;

namespace Glassbox.Milestones;

/// <summary>
/// <c>fashion-ddpm</c>: the <c>mnist-ddpm</c> recipe on Fashion-MNIST, scored by an evaluator trained on
/// Fashion-MNIST. Recipe and numbers: docs/milestones/fashion-ddpm.md.
/// </summary>
public sealed class FashionDdpmMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "fashion-ddpm";

    /// <inheritdoc/>
    public override string Title => "DDPM with a small U-Net on Fashion-MNIST: FID of ancestral and DDIM 10/20/50/100-step samples from one model";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx) => DdpmRun.Run(ctx, Id, DatasetKind.FashionMnist);
}
