using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// Best-first growth (<c>max_leaf_nodes</c>) against sklearn 1.2's <c>BestFirstTreeBuilder</c>
    /// (tools/reference/sklearn_max_leaf_fixtures.py → max_leaf_nodes.json). Decision trees: structure (children,
    /// features, sample counts, depth, leaf count, class predictions) identical, 0 tolerance — it is decided by which
    /// frontier node is expanded next, so a single misordered pop shows as a structural difference; thresholds,
    /// values, impurities and probabilities 1e-12 (relative to the target scale for regression), as in the "trees"
    /// family: the same float operations run in the same order, so only summation-order ulps could differ. The "tied"
    /// cases (whole numbers, identical blocks of rows) make many frontier nodes tie bit for bit, so they check the
    /// heap's tie order: any difference there is structural. Gradient
    /// boosting with max_leaf_nodes = 6: decision function / predict within 1e-8·max(1, |F|max), train_score_ 1e-8
    /// relative, labels exact, leaves per tree exact — the "gradient_boosting" family's tolerances, room for last-bit
    /// rounding to grow over 25 stages.
    /// </summary>
    private static List<ParityRow> MaxLeafNodesRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        var xTrain = Fixtures.Tensor(root["X"]);
        var xTest = Fixtures.Tensor(root["X_test"]);
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var desc = Describe(c, name, c["data"]?.GetValue<string>());
            var y = Fixtures.Tensor(c["y"]);
            // the "tied" cases bring their own data (see the fixture script)
            var (x, xt) = c["X"] is JsonNode cx ? (Fixtures.Tensor(cx), Fixtures.Tensor(c["X_test"])) : (xTrain, xTest);
            var ps = (JsonObject)c["params"]!;
            int? Int(string k) => ps[k] is JsonNode v ? v.GetValue<int>() : null;
            int? maxLeaf = Int("max_leaf_nodes"), maxDepth = Int("max_depth");
            int msl = Int("min_samples_leaf") ?? 1;
            long rs = ps["random_state"] is JsonNode r ? r.GetValue<long>() : 0;
            double mid = D(ps, "min_impurity_decrease", 0);
            MaxFeatures? mf = ps["max_features"] is JsonNode mfn ? MaxFeatures.FromJson(mfn) : null;
            TreeStructure t;
            double scale = 1;
            switch (name)
            {
                case "DecisionTreeClassifier":
                    {
                        var m = new DecisionTreeClassifier(CriterionOf(ps, Criterion.Gini), maxDepth, 2, msl, mf, rs, mid, maxLeafNodes: maxLeaf).Fit(x, y);
                        t = m.Tree;
                        rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 0));
                        rows.Add(Row(desc, "predict_proba", m.PredictProba(xt), Fixtures.Tensor(c["predict_proba"]), 1e-12));
                        break;
                    }
                case "DecisionTreeRegressor":
                    {
                        var m = new DecisionTreeRegressor(CriterionOf(ps, Criterion.SquaredError), maxDepth, 2, msl, mf, rs, mid, maxLeafNodes: maxLeaf).Fit(x, y);
                        t = m.Tree;
                        scale = Math.Max(1, y.ToDoubleArray().Max(Math.Abs));
                        rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 1e-12 * scale));
                        break;
                    }
                default:
                    {
                        // sklearn's GB default max_depth is 3; the fixture passes None explicitly to lift it
                        int? gbDepth = ps.ContainsKey("max_depth") ? maxDepth : 3;
                        int nEst = Int("n_estimators") ?? 100;
                        var df = Fixtures.Tensor(c["decision_function"]);
                        double tol = 1e-8 * Scale(c["decision_function"]);
                        Tensor trainScore;
                        IEnumerable<TreeStructure> trees;
                        if (name == "GradientBoostingRegressor")
                        {
                            var est = new GradientBoostingRegressor(nEstimators: nEst, minSamplesLeaf: msl, maxDepth: gbDepth, randomState: 0, maxLeafNodes: maxLeaf).Fit(x, y);
                            rows.Add(Row(desc, "predict", est.Predict(xt), df, tol));
                            (trainScore, trees) = (est.TrainScore, est.Estimators);
                        }
                        else
                        {
                            var est = new GradientBoostingClassifier(nEstimators: nEst, minSamplesLeaf: msl, maxDepth: gbDepth, randomState: 0, maxLeafNodes: maxLeaf).Fit(x, y);
                            rows.Add(Row(desc, "decision_function", est.DecisionFunction(xt), df, tol));
                            rows.Add(Row(desc, "predict", est.Predict(xt).To(DType.Float64), Fixtures.Tensor(c["predict"]).To(DType.Float64), 0));
                            (trainScore, trees) = (est.TrainScore, est.Estimators.Select(stage => stage[0]));
                        }
                        rows.Add(Row(desc, "train_score_", trainScore, Fixtures.Tensor(c["train_score"]), 1e-8 * Scale(c["train_score"])));
                        var leaves = trees.Select(tr => (double)tr.NLeaves).ToArray();
                        rows.Add(Row(desc, "n_leaves per tree", Tensor.FromArray(leaves, [leaves.Length]),
                            Fixtures.Tensor(c["n_leaves"]).To(DType.Float64), 0));
                        continue;
                    }
            }
            rows.Add(Row(desc, "max_depth, n_leaves", t.MaxDepth * 100000 + t.NLeaves, c["max_depth"]!.GetValue<int>() * 100000 + c["n_leaves"]!.GetValue<int>(), 0));
            rows.Add(Row(desc, "children_left", t.ChildrenLeft, Fixtures.Tensor(c["children_left"]), 0));
            rows.Add(Row(desc, "children_right", t.ChildrenRight, Fixtures.Tensor(c["children_right"]), 0));
            rows.Add(Row(desc, "feature", t.Feature, Fixtures.Tensor(c["feature"]), 0));
            rows.Add(Row(desc, "n_node_samples", t.NNodeSamples, Fixtures.Tensor(c["n_node_samples"]), 0));
            rows.Add(Row(desc, "threshold", t.Threshold, Fixtures.Tensor(c["threshold"]), 1e-12));
            rows.Add(Row(desc, "value", t.Value, Fixtures.Tensor(c["value"]), 1e-12 * scale));
            rows.Add(Row(desc, "impurity", t.Impurity, Fixtures.Tensor(c["impurity"]), 1e-12 * scale * scale));
        }
        return rows;
    }
}
