namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>
/// How well samples of a conditional generator match the classes they were asked for, as judged by a frozen
/// classifier (<see cref="MnistEvaluator.ScoreConditional"/>).
/// </summary>
/// <param name="Accuracy">Share of all samples that the classifier assigns to the requested class.</param>
/// <param name="PerClassAccuracy">For each class c, the share of the samples requested as c that are classified as c (NaN when none was requested).</param>
/// <param name="PerClassRequested">How many samples were requested per class.</param>
public sealed record ConditionalScore(double Accuracy, double[] PerClassAccuracy, int[] PerClassRequested)
{
    /// <summary>The worst class's accuracy among the classes that were requested: a model that ignores one label shows here, not in the mean.</summary>
    public double MinClassAccuracy => PerClassAccuracy.Where(a => !double.IsNaN(a)).DefaultIfEmpty(double.NaN).Min();

    /// <summary>Number of requested classes of which at least half the samples are classified as requested (coverage).</summary>
    public int ClassesCovered => PerClassAccuracy.Count(a => a >= 0.5);
}
