using Glassbox.Milestones.Recipes.Generative;

namespace Glassbox.Milestones;

/// <summary>
/// <c>mnist-ddpm</c>: an unconditional DDPM (Ho et al. 2020; linear schedule, T = 1,000, ε-prediction, EMA weights)
/// with a small U-Net on MNIST, sampled by the 1,000-step ancestral sampler and by DDIM at 10/20/50/100 steps from the
/// same model, each scored by the frozen evaluator's FID. Recipe and numbers: docs/milestones/mnist-ddpm.md.
/// </summary>
public sealed class MnistDdpmMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "mnist-ddpm";

    /// <inheritdoc/>
    public override string Title => "DDPM with a small U-Net on MNIST: FID of ancestral and DDIM 10/20/50/100-step samples from one model";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx) => DdpmRun.Run(ctx, Id, DatasetKind.Mnist);
}
