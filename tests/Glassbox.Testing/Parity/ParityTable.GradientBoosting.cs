using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Options;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// Classic gradient boosting against sklearn (gradient_boosting.json): decision function (regressor: predict) on
    /// held-out rows within 1e-8·max(1, |F|max), predict_proba within 1e-8, train_score_ within 1e-8 relative,
    /// feature_importances_ within 1e-10, n_estimators_ (early stopping) exact, oob_improvement_ (subsample &lt; 1) within 1e-8 relative. The data
    /// have no ties, sklearn's RNG streams are reproduced (splitter seeds and subsample masks), and every float sum of
    /// the trees runs in sklearn's order, so only last-bit rounding separates the two; 1e-8 leaves room for its growth
    /// over 30 stages.
    /// </summary>
    private static List<ParityRow> GradientBoostingRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        var x = Fixtures.Tensor(root["X"]);
        var xt = Fixtures.Tensor(root["X_test"]);
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var desc = Describe(c, name);
            var y = Fixtures.Tensor(c["y"]);
            var df = Fixtures.Tensor(c["decision_function"]);
            double tol = 1e-8 * Scale(c["decision_function"]);
            Tensor trainScore, importances;
            Tensor? oob;
            int stages;
            if (name == "GradientBoostingRegressor")
            {
                var est = GradientBoostingFromFixture<GradientBoostingRegressor>(c).Fit(x, y);
                rows.Add(Row(desc, "predict", est.Predict(xt), df, tol));
                (trainScore, importances, stages) = (est.TrainScore, est.FeatureImportances, est.NEstimatorsFitted);
                oob = est.Subsample < 1 ? est.OobImprovement : null;
            }
            else
            {
                var est = GradientBoostingFromFixture<GradientBoostingClassifier>(c).Fit(x, y);
                rows.Add(Row(desc, "decision_function", est.DecisionFunction(xt), df, tol));
                rows.Add(Row(desc, "predict_proba", est.PredictProba(xt), Fixtures.Tensor(c["predict_proba"]), 1e-8));
                rows.Add(Row(desc, "predict", est.Predict(xt).To(DType.Float64), Fixtures.Tensor(c["predict"]).To(DType.Float64), 0));
                (trainScore, importances, stages) = (est.TrainScore, est.FeatureImportances, est.NEstimatorsFitted);
                oob = est.Subsample < 1 ? est.OobImprovement : null;
            }
            if (c["oob_improvement"] is JsonNode oi)
                rows.Add(Row(desc, "oob_improvement_", oob!, Fixtures.Tensor(oi), 1e-8 * Scale(oi)));
            if (c["n_estimators_"] is JsonNode ne) rows.Add(Row(desc, "n_estimators_", stages, ne.GetValue<int>(), 0));
            rows.Add(Row(desc, "train_score_", trainScore, Fixtures.Tensor(c["train_score"]), 1e-8 * Scale(c["train_score"])));
            if (c["feature_importances"] is not null)
                rows.Add(Row(desc, "feature_importances_", importances, Fixtures.Tensor(c["feature_importances"]), 1e-10));
        }
        return rows;
    }

    /// <summary>The Glassbox estimator for a fixture case's sklearn params (random_state = 0).</summary>
    internal static T GradientBoostingFromFixture<T>(JsonObject c) where T : class
    {
        var ps = (JsonObject)c["params"]!;
        string? S(string k) => ps[k]?.GetValue<string>();
        int I(string k, int d) => ps[k] is JsonNode n ? n.GetValue<int>() : d;
        double lr = D(ps, "learning_rate", 0.1), sub = D(ps, "subsample", 1.0);
        int nEst = I("n_estimators", 100), depth = I("max_depth", 3), msl = I("min_samples_leaf", 1);
        int? noChange = ps["n_iter_no_change"] is JsonNode nc ? nc.GetValue<int>() : null;
        double vf = D(ps, "validation_fraction", 0.1), tol = D(ps, "tol", 1e-4);
        var crit = SklearnNames.Parse<GradientBoostingCriterion>(S("criterion") ?? "friedman_mse");
        object est = typeof(T) == typeof(GradientBoostingRegressor)
            ? new GradientBoostingRegressor(SklearnNames.Parse<GradientBoostingRegressorLoss>(S("loss") ?? "squared_error"), lr, nEst, sub, crit, minSamplesLeaf: msl, maxDepth: depth, randomState: 0,
                alpha: D(ps, "alpha", 0.9), nIterNoChange: noChange, validationFraction: vf, tol: tol)
            : new GradientBoostingClassifier(SklearnNames.Parse<GradientBoostingClassifierLoss>(S("loss") ?? "log_loss"), lr, nEst, sub, crit, minSamplesLeaf: msl, maxDepth: depth, randomState: 0,
                nIterNoChange: noChange, validationFraction: vf, tol: tol);
        return (T)est;
    }
}
