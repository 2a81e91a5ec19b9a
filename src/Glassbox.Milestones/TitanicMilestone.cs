using System.Globalization;
using Glassbox.Data;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>titanic</c>: from Kaggle's raw train.csv / test.csv, a leak-free pipeline (everything data-dependent, the
/// group survival rates included, fitted inside each fold), an honest accuracy estimate (repeated stratified CV,
/// nested CV of the model choice, an untouched holdout) and a submission.csv. docs/milestones/titanic.md explains it.
/// </summary>
public sealed class TitanicMilestone : Milestone
{
    /// <summary>
    /// The bar on the nested-CV accuracy (full run: 10 outer folds). Without the group survival features the same
    /// protocol puts logistic regression at 0.828 — that is the honest level of the feature set whose submission scored
    /// below the leaderboard median on the true labels (it reported 0.845 from one 5-fold CV with the choice made on
    /// the same folds). The bar, 0.83, asks the whole procedure (features, choice among four models, refit) to beat that
    /// level on folds no choice saw. Seed 0 measured 0.842 with an outer-fold spread of 0.026, a standard error of
    /// ≈ 0.008 for the mean, so the bar sits 1.5 standard errors below the measurement.
    /// </summary>
    public const double Bar = 0.83;

    /// <summary>
    /// The quick bar: one repeat of 5 outer folds with 3 inner folds and smaller ensembles (seed 0: 0.843). Five outer
    /// folds give a standard error of ≈ 0.011, so the bar sits 3 of them below and still 0.02 above the gender baseline's
    /// 0.787: quick mode checks that the pipeline works end to end, the full run that it beats the old level.
    /// </summary>
    public const double QuickBar = 0.81;

    /// <inheritdoc/>
    public override string Id => "titanic";

    /// <inheritdoc/>
    public override string Title => "Titanic with out-of-fold group survival features: nested-CV and holdout accuracy, Kaggle submission.csv";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var files = DatasetRegistry.Titanic(ctx.DataDir);
        var config = new Dictionary<string, object>
        {
            ["seed"] = ctx.Seed, ["quick"] = ctx.Quick, ["folds"] = 5, ["repeats"] = ctx.Quick ? 2 : 10,
            ["nested"] = ctx.Quick ? "5 outer x 3 inner" : "2 x 5 outer x 5 inner", ["holdout"] = 0.2,
            ["candidates"] = string.Join("; ", TitanicCandidates.Names(ctx.Quick)),
        };
        using var run = ctx.Track(config);
        var r = Titanic.Run(files.Train, files.Test, ctx.OutputDir, ctx.Seed, ctx.Quick, line => ctx.Progress.Info("  " + line));
        foreach (var s in r.Scores)
            ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"  {s.Model,-52} {r.Repeats}×{r.Folds}-fold CV {s.Mean:0.0000} ± {s.Std:0.0000} (repeat means ± {s.RepeatStd:0.0000})"));
        for (int i = 0; i < r.Nested.OuterAccuracies.Length; i++)
            run.Log(i, new Dictionary<string, double> { ["nested_outer_accuracy"] = r.Nested.OuterAccuracies[i] });
        int rows = File.ReadLines(r.SubmissionPath).Count() - 1;
        double bar = ctx.Quick ? QuickBar : Bar;
        var chosen = r.Scores.First(s => s.Model == r.ChosenModel);
        var metrics = new Dictionary<string, object>
        {
            ["nested_cv_accuracy"] = Math.Round(r.Nested.Mean, 4), ["nested_cv_std"] = Math.Round(r.Nested.Std, 4), ["required_nested_cv_accuracy"] = bar,
            ["nested_inner_best"] = Math.Round(r.Nested.InnerBest, 4),
            ["nested_choices"] = string.Join(", ", r.Nested.Chosen.GroupBy(c => c).Select(g => $"{g.Key} ×{g.Count()}")),
            ["holdout_accuracy"] = Math.Round(r.Holdout.Accuracy, 4), ["holdout_std_error"] = Math.Round(r.Holdout.StdError, 4), ["holdout_rows"] = r.Holdout.Rows, ["holdout_choice"] = r.Holdout.Chosen,
            ["repeated_cv_accuracy"] = Math.Round(chosen.Mean, 4), ["repeated_cv_std"] = Math.Round(chosen.Std, 4), ["single_cv_best"] = Math.Round(r.SingleCvBest, 4),
            ["gender_baseline_cv"] = Math.Round(r.Scores.First(s => s.Model == TitanicCandidates.Baseline).Mean, 4),
            ["without_group_survival_cv"] = Math.Round(r.Scores.First(s => s.Model.EndsWith(Titanic.WithoutGroupSurvival, StringComparison.Ordinal)).Mean, 4),
            ["cv_rows_with_group_mate"] = Math.Round(r.CvGroupOverlap, 4), ["test_rows_with_group_mate"] = Math.Round(r.TestGroupOverlap, 4),
            ["chosen_model"] = r.ChosenModel, ["train_accuracy"] = Math.Round(r.TrainAccuracy, 4),
            ["submission"] = r.SubmissionPath, ["submission_rows"] = rows,
        };
        return new MilestoneResult(Id, r.Nested.Mean >= bar && rows == 418, metrics, 0);
    }
}
