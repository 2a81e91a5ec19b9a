using System.Text.Json.Nodes;
using Glassbox.ML.Metrics;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// The metrics' sample_weight against sklearn (sample_weight_metrics.json): non-integer weights with exact zeros,
    /// tied scores for the curves. Everything is a short sum of weights, so 1e-12 (a few ulps of the O(1) results).
    /// </summary>
    private static List<ParityRow> SampleWeightMetricRows(JsonObject root)
    {
        const double tol = 1e-12;
        var rows = new List<ParityRow>();
        Tensor F(string key) => Fixtures.Tensor(root[key]);
        double V(string key) => root[key]!.GetValue<double>();
        var w = F("w");
        var (y2, p2, score, y3, p3) = (F("y2"), F("p2"), F("score"), F("y3"), F("p3"));
        const string est = "metrics (sample_weight)";
        rows.Add(Row(est, "accuracy_score", Classification.AccuracyScore(y3, p3, w), V("accuracy3"), tol));
        rows.Add(Row(est, "confusion_matrix", Classification.ConfusionMatrix(y3, p3, sampleWeight: w), F("confusion3"), tol));
        foreach (var avg in new[] { Average.Micro, Average.Macro, Average.Weighted })
        {
            string name = Glassbox.ML.Options.SklearnNames.Of(avg);
            rows.Add(Row(est, $"precision_score ({name})", Classification.PrecisionScore(y3, p3, avg, sampleWeight: w), V($"precision3_{name}"), tol));
            rows.Add(Row(est, $"recall_score ({name})", Classification.RecallScore(y3, p3, avg, sampleWeight: w), V($"recall3_{name}"), tol));
            rows.Add(Row(est, $"f1_score ({name})", Classification.F1Score(y3, p3, avg, sampleWeight: w), V($"f1_3_{name}"), tol));
            rows.Add(Row(est, $"fbeta_score (beta=0.5, {name})", Classification.FBetaScore(y3, p3, 0.5, avg, sampleWeight: w), V($"fbeta3_{name}"), tol));
        }
        rows.Add(Row(est, "precision_score (binary)", Classification.PrecisionScore(y2, p2, sampleWeight: w), V("precision2"), tol));
        rows.Add(Row(est, "recall_score (binary)", Classification.RecallScore(y2, p2, sampleWeight: w), V("recall2"), tol));
        rows.Add(Row(est, "f1_score (binary)", Classification.F1Score(y2, p2, sampleWeight: w), V("f1_2"), tol));
        rows.Add(Row(est, "log_loss", Classification.LogLoss(y3, F("proba3"), w), V("log_loss3"), tol));
        foreach (var (key, drop) in new[] { ("roc", true), ("roc_all", false) })
        {
            var (fpr, tpr, thr) = Ranking.RocCurve(y2, score, dropIntermediate: drop, sampleWeight: w);
            var o = (JsonObject)root[key]!;
            rows.Add(Row(est, $"roc_curve fpr (drop_intermediate={drop})", fpr, Fixtures.Tensor(o["fpr"]), tol));
            rows.Add(Row(est, $"roc_curve tpr (drop_intermediate={drop})", tpr, Fixtures.Tensor(o["tpr"]), tol));
            rows.Add(Row(est, $"roc_curve thresholds (drop_intermediate={drop})", thr, Fixtures.Tensor(o["thresholds"]), tol));
        }
        rows.Add(Row(est, "roc_auc_score", Ranking.RocAucScore(y2, score, sampleWeight: w), V("roc_auc"), tol));
        var (prec, rec, prThr) = Ranking.PrecisionRecallCurve(y2, score, sampleWeight: w);
        var pc = (JsonObject)root["pr_curve"]!;
        rows.Add(Row(est, "precision_recall_curve precision", prec, Fixtures.Tensor(pc["precision"]), tol));
        rows.Add(Row(est, "precision_recall_curve recall", rec, Fixtures.Tensor(pc["recall"]), tol));
        rows.Add(Row(est, "precision_recall_curve thresholds", prThr, Fixtures.Tensor(pc["thresholds"]), tol));
        rows.Add(Row(est, "average_precision_score", Ranking.AveragePrecisionScore(y2, score, sampleWeight: w), V("average_precision"), tol));
        var (yr, pr) = (F("yr"), F("pr"));
        rows.Add(Row(est, "mean_squared_error", Regression.MeanSquaredError(yr, pr, w), V("mse"), tol));
        rows.Add(Row(est, "mean_absolute_error", Regression.MeanAbsoluteError(yr, pr, w), V("mae"), tol));
        rows.Add(Row(est, "r2_score", Regression.R2Score(yr, pr, w), V("r2"), tol));
        return rows;
    }
}
