namespace Glassbox.Milestones.Recipes;

/// <summary>Cross-validation scores of one model in the Titanic comparison.</summary>
/// <param name="Model">Display name, e.g. "LogisticRegression(C=1)".</param>
/// <param name="FoldAccuracies">Validation accuracy of each of the stratified folds.</param>
/// <param name="Mean">Mean of <paramref name="FoldAccuracies"/>.</param>
/// <param name="Std">Population standard deviation of <paramref name="FoldAccuracies"/> (numpy's default, as sklearn reports).</param>
public sealed record TitanicModelScore(string Model, double[] FoldAccuracies, double Mean, double Std);

/// <summary>What <see cref="Titanic.Run"/> produced.</summary>
/// <param name="Scores">Every model's CV scores, in the order compared.</param>
/// <param name="ChosenModel">The model with the highest mean CV accuracy (refitted on all training rows).</param>
/// <param name="SubmissionPath">Path of the written submission.csv (PassengerId,Survived).</param>
/// <param name="TrainAccuracy">Accuracy of the chosen model on the rows it was fitted on (an optimistic sanity check).</param>
/// <param name="Features">Names of the engineered feature columns.</param>
/// <param name="Folds">Number of CV folds.</param>
public sealed record TitanicResult(IReadOnlyList<TitanicModelScore> Scores, string ChosenModel, string SubmissionPath,
    double TrainAccuracy, IReadOnlyList<string> Features, int Folds);
