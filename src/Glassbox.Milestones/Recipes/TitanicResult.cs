namespace Glassbox.Milestones.Recipes;

/// <summary>Repeated stratified k-fold scores of one model in the Titanic comparison.</summary>
/// <param name="Model">Display name, e.g. "LogisticRegression(C=0.3)".</param>
/// <param name="FoldAccuracies">Validation accuracy of every fold of every repeat (repeat-major).</param>
/// <param name="Mean">Mean of <paramref name="FoldAccuracies"/>.</param>
/// <param name="Std">Population standard deviation of <paramref name="FoldAccuracies"/> (numpy's default, as sklearn reports).</param>
/// <param name="RepeatStd">Standard deviation of the per-repeat means: how much the k-fold estimate itself moves with the shuffle.</param>
public sealed record TitanicModelScore(string Model, double[] FoldAccuracies, double Mean, double Std, double RepeatStd);

/// <summary>
/// Nested cross-validation of the whole procedure "choose a model by inner k-fold CV, refit it": each outer
/// training part runs its own inner selection, and the chosen model is scored once on the outer validation part.
/// </summary>
/// <param name="OuterAccuracies">Accuracy of each outer fold's chosen model on that fold.</param>
/// <param name="Chosen">The model each outer fold's inner CV chose.</param>
/// <param name="Mean">Mean outer accuracy: the estimate of the procedure's accuracy on new passengers.</param>
/// <param name="Std">Population standard deviation of <paramref name="OuterAccuracies"/>.</param>
/// <param name="InnerBest">Mean over outer folds of the chosen model's inner-CV score — the number an unnested
/// search would report; its excess over <paramref name="Mean"/> is the selection bias.</param>
public sealed record TitanicNestedResult(double[] OuterAccuracies, string[] Chosen, double Mean, double Std, double InnerBest);

/// <summary>A stratified holdout never used for any choice: the model is chosen and fitted on the rest.</summary>
/// <param name="Chosen">The model the inner CV on the remaining rows chose.</param>
/// <param name="Accuracy">Its accuracy on the holdout rows.</param>
/// <param name="Rows">Holdout rows.</param>
/// <param name="StdError">Binomial standard error √(a(1−a)/rows) of <paramref name="Accuracy"/>.</param>
public sealed record TitanicHoldoutResult(string Chosen, double Accuracy, int Rows, double StdError);

/// <summary>What <see cref="Titanic.Run"/> produced.</summary>
/// <param name="Scores">Repeated stratified k-fold scores of the candidates, then the gender baseline, then the
/// logistic regression without the group survival features (the ablation).</param>
/// <param name="ChosenModel">The candidate with the highest repeated-CV mean (refitted on all rows for the submission).</param>
/// <param name="SubmissionPath">Path of the written submission.csv (PassengerId,Survived).</param>
/// <param name="TrainAccuracy">Accuracy of the chosen model on the rows it was fitted on (an optimistic sanity check).</param>
/// <param name="Features">Names of the engineered feature columns.</param>
/// <param name="Folds">k of every k-fold split.</param>
/// <param name="Repeats">Repeats of the stratified k-fold comparison.</param>
/// <param name="SingleCvBest">The best candidate's mean over the first repeat alone: a single k-fold CV with the
/// choice made on the same folds, the optimistic kind of number the milestone used to report.</param>
/// <param name="Nested">Nested CV of the selection procedure.</param>
/// <param name="Holdout">The untouched stratified holdout.</param>
/// <param name="CvGroupOverlap">Share of CV validation rows (first repeat) with a ticket or surname + fare mate in
/// their training fold.</param>
/// <param name="TestGroupOverlap">Share of test.csv rows with such a mate in train.csv: when it differs from
/// <paramref name="CvGroupOverlap"/>, the group features carry more (or less) on the test set than CV measures.</param>
public sealed record TitanicResult(IReadOnlyList<TitanicModelScore> Scores, string ChosenModel, string SubmissionPath,
    double TrainAccuracy, IReadOnlyList<string> Features, int Folds, int Repeats, double SingleCvBest,
    TitanicNestedResult Nested, TitanicHoldoutResult Holdout, double CvGroupOverlap, double TestGroupOverlap);
