using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// Minimal cost-complexity pruning against sklearn (ccp.json): the pruning path (effective alphas and subtree
    /// impurities, sums of a few hundred products of sklearn-identical impurities, to 1e-12) and, for ccp_alpha halfway
    /// between path alphas, the pruned tree node for node (structure exact, values as the unpruned tree family: 1e-12)
    /// and its predictions; gradient boosting with pruned stage trees to 1e-8 as the gradient_boosting family, its
    /// per-stage leaf counts exact.
    /// </summary>
    private static List<ParityRow> CostComplexityRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        var x = Fixtures.Tensor(root["X"]);
        var xt = Fixtures.Tensor(root["X_test"]);
        var sw = Fixtures.Tensor(root["sample_weight"]);
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var y = Fixtures.Tensor(root["y_" + c["y"]!.GetValue<string>()]);
            var ps = (JsonObject)c["params"]!;
            int I(string k, int d) => ps[k] is JsonNode v ? v.GetValue<int>() : d;
            if (name.StartsWith("GradientBoosting", StringComparison.Ordinal))
            {
                var desc = Describe(c, name);
                double ccp = D(ps, "ccp_alpha");
                Tensor pred, ts;
                double[] leafCounts;
                if (name == "GradientBoostingRegressor")
                {
                    var m = new GradientBoostingRegressor(nEstimators: I("n_estimators", 100), minSamplesLeaf: I("min_samples_leaf", 1), randomState: 0, ccpAlpha: ccp).Fit(x, y);
                    (pred, ts, leafCounts) = (m.Predict(xt), m.TrainScore, m.Estimators.Select(t => (double)t.NLeaves).ToArray());
                }
                else
                {
                    var m = new GradientBoostingClassifier(nEstimators: I("n_estimators", 100), minSamplesLeaf: I("min_samples_leaf", 1), randomState: 0, ccpAlpha: ccp).Fit(x, y);
                    (pred, ts, leafCounts) = (m.DecisionFunction(xt), m.TrainScore, m.Estimators.Select(s => (double)s[0].NLeaves).ToArray());
                }
                rows.Add(Row(desc, "decision_function / predict", pred, Fixtures.Tensor(c["predict"]), 1e-8 * Scale(c["predict"])));
                rows.Add(Row(desc, "train_score_", ts, Fixtures.Tensor(c["train_score"]), 1e-8 * Scale(c["train_score"])));
                var leaves = Tensor.FromArray(leafCounts, [leafCounts.Length]);
                rows.Add(Row(desc, "n_leaves per stage", leaves, Fixtures.Tensor(c["n_leaves"]).To(DType.Float64), 0));
                continue;
            }
            bool weighted = c["weighted"]!.GetValue<bool>();
            var w = weighted ? sw : null;
            var crit = SklearnNames.Parse<Criterion>(ps["criterion"]!.GetValue<string>(), "criterion");
            int? depth = ps["max_depth"] is JsonNode dn ? dn.GetValue<int>() : null;
            int msl = I("min_samples_leaf", 1);
            bool clf = name == "DecisionTreeClassifier";
            var data = $"{c["y"]}{(weighted ? ", sample_weight" : "")}";
            var pathDesc = Describe(c, name, data);
            CostComplexityPath path = clf
                ? new DecisionTreeClassifier(crit, depth, minSamplesLeaf: msl, randomState: 0).CostComplexityPruningPath(x, y, w)
                : new DecisionTreeRegressor(crit, depth, minSamplesLeaf: msl, randomState: 0).CostComplexityPruningPath(x, y, w);
            rows.Add(Row(pathDesc, "ccp_alphas", path.CcpAlphas, Fixtures.Tensor(c["ccp_alphas"]), 1e-12 * Scale(c["ccp_alphas"])));
            rows.Add(Row(pathDesc, "impurities", path.Impurities, Fixtures.Tensor(c["impurities"]), 1e-12 * Scale(c["impurities"])));
            foreach (var f in ((JsonArray)c["fits"]!).Cast<JsonObject>())
            {
                double alpha = f["ccp_alpha"]!.GetValue<double>();
                var desc = $"{pathDesc} ccp_alpha={alpha:G6}";
                TreeStructure t;
                Tensor pred;
                if (clf)
                {
                    var m = new DecisionTreeClassifier(crit, depth, minSamplesLeaf: msl, randomState: 0, ccpAlpha: alpha).Fit(x, y, w);
                    (t, pred) = (m.Tree, m.PredictProba(xt));
                }
                else
                {
                    var m = new DecisionTreeRegressor(crit, depth, minSamplesLeaf: msl, randomState: 0, ccpAlpha: alpha).Fit(x, y, w);
                    (t, pred) = (m.Tree, m.Predict(xt));
                }
                Tensor F(string k) => Fixtures.Tensor(f[k]).To(DType.Float64);
                rows.Add(Row(desc, "children_left", t.ChildrenLeft.To(DType.Float64), F("children_left"), 0));
                rows.Add(Row(desc, "children_right", t.ChildrenRight.To(DType.Float64), F("children_right"), 0));
                rows.Add(Row(desc, "feature", t.Feature.To(DType.Float64), F("feature"), 0));
                rows.Add(Row(desc, "n_node_samples", t.NNodeSamples.To(DType.Float64), F("n_node_samples"), 0));
                rows.Add(Row(desc, "max_depth", t.MaxDepth, f["max_depth"]!.GetValue<int>(), 0));
                rows.Add(Row(desc, "threshold", t.Threshold, F("threshold"), 1e-12));
                rows.Add(Row(desc, "impurity", t.Impurity, F("impurity"), 1e-12));
                rows.Add(Row(desc, "value", t.Value, F("value"), 1e-12 * Scale(f["value"])));
                rows.Add(Row(desc, clf ? "predict_proba" : "predict", pred, F("predict"), 1e-12 * Scale(f["predict"])));
            }
        }
        return rows;
    }
}
