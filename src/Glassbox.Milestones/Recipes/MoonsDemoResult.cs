namespace Glassbox.Milestones.Recipes;

/// <summary>What <see cref="MoonsDemo.Run"/> reports.</summary>
/// <param name="FinalLoss">Total loss (mean hinge + L2 penalty) of the trained network on the training set.</param>
/// <param name="Accuracy">Fraction of training points whose predicted side matches the label, in [0, 1].</param>
/// <param name="Seconds">Wall-clock time of the whole run: data, training, and the image when one is written.</param>
/// <param name="Epochs">Number of full-batch gradient steps taken.</param>
/// <param name="Samples">Number of training points.</param>
/// <param name="Parameters">Number of trainable scalars in the network.</param>
/// <param name="ImagePath">The decision-boundary PNG that was written, or null.</param>
public sealed record MoonsDemoResult(double FinalLoss, double Accuracy, double Seconds, int Epochs, int Samples, int Parameters, string? ImagePath);
