namespace Glassbox.RL.Models;

/// <summary>What one <see cref="ProbabilisticEnsemble.Fit"/> did.</summary>
/// <param name="Epochs">Epochs run (early stopping or <see cref="EnsembleOptions.MaxEpochs"/> ended it).</param>
/// <param name="TrainRows">Rows trained on.</param>
/// <param name="HoldoutRows">Rows held out.</param>
/// <param name="HoldoutMse">Each member's holdout mean squared error of its mean prediction, in standardised output units, after restoring its best epoch.</param>
/// <param name="Elites">Indices of the elites, best first.</param>
/// <param name="FinalTrainLoss">Mean training loss (Gaussian NLL summed over members, plus the bound penalty) of the last epoch.</param>
public sealed record EnsembleFitResult(int Epochs, int TrainRows, int HoldoutRows, double[] HoldoutMse, int[] Elites, double FinalTrainLoss);
