using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// sample_weight in the tree family against sklearn (tools/reference/sklearn_sample_weight_tree_fixtures.py →
    /// sample_weight_trees.json): non-integer weights from uniform(0.2, 3) with six exact zeros, on continuous data
    /// without ties. Decision trees (gini, entropy, with and without class_weight="balanced"; squared_error,
    /// friedman_mse): structure identical (split features and per-node sample counts exact), thresholds to 1e-12, and
    /// the weighted quantities — tree_.value (class weight sums or weighted means), weighted_n_node_samples, impurity,
    /// predictions and importances — to 1e-12 relative to their scale: the builder performs sklearn's float operations in
    /// sklearn's order, so only last-bit differences can remain (in practice there are none).
    /// Gradient boosting (every loss, with and without subsample): decision function / predictions within
    /// 1e-11·max(1, |F|max), predict_proba within 1e-11, train_score_ within 1e-11 relative, feature_importances_ within
    /// 1e-12. The trees are sklearn's node for node; what separates the two is NumPy's pairwise summation
    /// (np.average for F₀ and the loss, np.sum in the Newton leaves) against our sequential sums, and NumPy's SIMD exp
    /// against libm's: a few ulps per stage (largest seen 1.8e-15 over 20–25 stages), so 1e-11 keeps a 1000× margin
    /// for machines whose exp rounds differently while still catching any change in what is weighted.
    /// </summary>
    private static List<ParityRow> SampleWeightTreeRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        var x = Fixtures.Tensor(root["X"]);
        var xt = Fixtures.Tensor(root["X_test"]);
        var sw = Fixtures.Tensor(root["sample_weight"]);
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var kind = c["y"]!.GetValue<string>();
            var y = Fixtures.Tensor(root["y_" + kind]);
            var ps = (JsonObject)c["params"]!;
            var desc = Describe(c, name, $"y {kind}, weighted");
            int? maxDepth = ps["max_depth"] is JsonNode md ? md.GetValue<int>() : null;
            int msl = ps["min_samples_leaf"] is JsonNode b ? b.GetValue<int>() : 1;
            switch (name)
            {
                case "DecisionTreeClassifier":
                case "DecisionTreeRegressor":
                    {
                        TreeStructure t;
                        double scale = 1;
                        var crit = SklearnNames.Parse<Criterion>(ps["criterion"]!.GetValue<string>(), "criterion");
                        if (name == "DecisionTreeClassifier")
                        {
                            var m = new DecisionTreeClassifier(crit, maxDepth, minSamplesLeaf: msl, randomState: 0,
                                classWeight: ps["class_weight"] is JsonNode cwn ? ClassWeight.FromJson(cwn) : null).Fit(x, y, sw);
                            t = m.Tree;
                            rows.Add(Row(desc, "predict_proba", m.PredictProba(xt), Fixtures.Tensor(c["predict_proba"]), 1e-12));
                            rows.Add(Row(desc, "feature_importances_", m.FeatureImportances, Fixtures.Tensor(c["feature_importances"]), 1e-12));
                            scale = Scale(c["value"]);
                        }
                        else
                        {
                            var m = new DecisionTreeRegressor(crit, maxDepth, minSamplesLeaf: msl, randomState: 0).Fit(x, y, sw);
                            t = m.Tree;
                            scale = Scale(root["y_" + kind]);
                            rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 1e-12 * scale));
                            rows.Add(Row(desc, "feature_importances_", m.FeatureImportances, Fixtures.Tensor(c["feature_importances"]), 1e-12));
                        }
                        rows.Add(Row(desc, "tree_.feature", t.Feature, Fixtures.Tensor(c["feature"]), 0));
                        rows.Add(Row(desc, "tree_.n_node_samples", t.NNodeSamples, Fixtures.Tensor(c["n_node_samples"]), 0));
                        rows.Add(Row(desc, "tree_.threshold", t.Threshold, Fixtures.Tensor(c["threshold"]), 1e-12));
                        rows.Add(Row(desc, "tree_.weighted_n_node_samples", t.WeightedNNodeSamples,
                            Fixtures.Tensor(c["weighted_n_node_samples"]), 1e-12 * Scale(c["weighted_n_node_samples"])));
                        rows.Add(Row(desc, "tree_.value", t.Value, Fixtures.Tensor(c["value"]), 1e-12 * scale));
                        rows.Add(Row(desc, "tree_.impurity", t.Impurity, Fixtures.Tensor(c["impurity"]),
                            1e-12 * (name == "DecisionTreeRegressor" ? scale * scale : 1)));
                        break;
                    }
                default:
                    {
                        var df = Fixtures.Tensor(c["decision_function"]);
                        double tol = 1e-11 * Scale(c["decision_function"]);
                        Tensor trainScore, importances;
                        if (name == "GradientBoostingRegressor")
                        {
                            var est = GradientBoostingFromFixture<GradientBoostingRegressor>(c).Fit(x, y, sw);
                            rows.Add(Row(desc, "predict", est.Predict(xt), df, tol));
                            (trainScore, importances) = (est.TrainScore, est.FeatureImportances);
                        }
                        else
                        {
                            var est = GradientBoostingFromFixture<GradientBoostingClassifier>(c).Fit(x, y, sw);
                            rows.Add(Row(desc, "decision_function", est.DecisionFunction(xt), df, tol));
                            rows.Add(Row(desc, "predict_proba", est.PredictProba(xt), Fixtures.Tensor(c["predict_proba"]), 1e-11));
                            rows.Add(Row(desc, "predict", est.Predict(xt).To(DType.Float64), Fixtures.Tensor(c["predict"]).To(DType.Float64), 0));
                            (trainScore, importances) = (est.TrainScore, est.FeatureImportances);
                        }
                        rows.Add(Row(desc, "train_score_", trainScore, Fixtures.Tensor(c["train_score"]), 1e-11 * Scale(c["train_score"])));
                        rows.Add(Row(desc, "feature_importances_", importances, Fixtures.Tensor(c["feature_importances"]), 1e-12));
                        break;
                    }
            }
        }
        return rows;
    }
}
