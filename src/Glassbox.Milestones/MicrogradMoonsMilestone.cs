using Glassbox.Scalar;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>micrograd-moons</c>: the scalar autograd engine (<see cref="Value"/>) trains MLP(2, [16, 16, 1]) on two moons
/// with a max-margin loss, then saves the decision boundary as a PNG. Needs no data download.
/// </summary>
public sealed class MicrogradMoonsMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "micrograd-moons";

    /// <inheritdoc/>
    public override string Title => "scalar engine trains an MLP on two moons to >= 95% accuracy; saves the decision boundary";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        int samples = ctx.Quick ? 60 : 100, epochs = ctx.Quick ? 40 : 100;
        double bar = ctx.Quick ? 0.85 : 0.95;
        var image = Path.Combine(ctx.OutputDir, "decision_boundary.png");
        ctx.Progress.StartEpoch();
        var r = MoonsDemo.Run((int)ctx.Seed + 1, samples, epochs, image,
            (epoch, loss, acc) => ctx.Progress.Step(1, 1, epoch + 1, epochs, (long)(epoch + 1) * samples, loss, acc));
        return new MilestoneResult(Id, r.Accuracy >= bar, new Dictionary<string, object>
        {
            ["train_accuracy"] = r.Accuracy, ["final_loss"] = r.FinalLoss, ["required_accuracy"] = bar,
            ["samples"] = r.Samples, ["epochs"] = r.Epochs, ["parameters"] = r.Parameters, ["decision_boundary"] = image,
        }, r.Seconds);
    }
}
