using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>toolbox-demo</c>: the practitioner's toolbox on one imbalanced task, Fashion-MNIST "shirt vs the rest" (10 %
/// positives) on 7×7 pooled pixels with histogram gradient boosting: class weights and resampling against recall and
/// precision, calibration before/after, a tuned decision threshold, permutation importance, partial dependence, a
/// TreeSHAP summary and the confusion matrix logged for the run store. Recipe and numbers: docs/milestones/toolbox-demo.md.
/// </summary>
public sealed class ToolboxDemoMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "toolbox-demo";

    /// <inheritdoc/>
    public override string Title => "imbalanced Fashion-MNIST shirt-vs-rest: class weights, resampling, calibration, tuned threshold beats 0.5 on held-out F1; importance, PDP, SHAP";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext context) => ToolboxDemo.Run(context, Id);
}
