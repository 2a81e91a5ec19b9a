using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Options;
using Glassbox.ML.Tree;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// Decision trees against sklearn's <c>tree_</c> arrays (tools/reference/sklearn_tree_fixtures.py → trees.json).
    /// Structure (children, features, sample counts, leaf indices, labels, export_text) must be identical: 0 tolerance.
    /// Thresholds, values, impurities, importances and probabilities 1e-12 (relative to the target scale for
    /// regression): both sides do the same float operations in the same order, so only summation-order ulps can differ.
    /// Forests are compared by score only (their bootstrap stream is NumPy's): OOB and held-out score within 0.06.
    /// </summary>
    private static List<ParityRow> TreeRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var data = c["data"]!.GetValue<string>();
            var ds = (JsonObject)root[data]!;
            var (x, y, xt) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["y"]), Fixtures.Tensor(ds["X_test"]));
            var ps = (JsonObject)c["params"]!;
            int? maxDepth = ps["max_depth"] is JsonNode md ? md.GetValue<int>() : null;
            int mss = ps["min_samples_split"] is JsonNode a ? a.GetValue<int>() : 2;
            int msl = ps["min_samples_leaf"] is JsonNode b ? b.GetValue<int>() : 1;
            long? rs = ps["random_state"] is JsonNode r ? r.GetValue<long>() : 0;
            double mid = D(ps, "min_impurity_decrease", 0);
            // sklearn's max_features as the fixture writes it: "sqrt", "log2", an int count or a fraction with a '.'
            MaxFeatures? mf = ps["max_features"] is JsonNode mfn ? MaxFeatures.FromJson(mfn) : null;
            var desc = Describe(c, name, data);
            TreeStructure t;
            string text, textNames;
            double scale = 1;
            var names = Enumerable.Range(0, x.Shape[1]).Select(j => $"f{j}").ToArray();
            if (name == "DecisionTreeClassifier")
            {
                var m = new DecisionTreeClassifier(CriterionOf(ps, Criterion.Gini), maxDepth, mss, msl, mf, rs, mid).Fit(x, y);
                t = m.Tree;
                text = m.ExportText();
                textNames = m.ExportText(names, maxDepth: 3, decimals: 3);
                rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 0));
                rows.Add(Row(desc, "predict_proba", m.PredictProba(xt), Fixtures.Tensor(c["predict_proba"]), 1e-12));
                rows.Add(Row(desc, "apply", m.Apply(xt), Fixtures.Tensor(c["apply"]), 0));
                rows.Add(Row(desc, "feature_importances", m.FeatureImportances, Fixtures.Tensor(c["feature_importances"]), 1e-12));
                rows.Add(Text(desc, "export_text(show_weights)", m.ExportText(maxDepth: 2, showWeights: true), c["export_text_weights"]!.GetValue<string>()));
                rows.Add(Row(desc, "depth, n_leaves", m.GetDepth() * 100000 + m.GetNLeaves(), c["depth"]!.GetValue<int>() * 100000 + c["n_leaves"]!.GetValue<int>(), 0));
            }
            else
            {
                var m = new DecisionTreeRegressor(CriterionOf(ps, Criterion.SquaredError), maxDepth, mss, msl, mf, rs, mid).Fit(x, y);
                t = m.Tree;
                text = m.ExportText();
                textNames = m.ExportText(names, maxDepth: 3, decimals: 3);
                scale = Math.Max(1, y.ToDoubleArray().Max(Math.Abs));
                rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 1e-12 * scale));
                rows.Add(Row(desc, "apply", m.Apply(xt), Fixtures.Tensor(c["apply"]), 0));
                rows.Add(Row(desc, "feature_importances", m.FeatureImportances, Fixtures.Tensor(c["feature_importances"]), 1e-12));
                rows.Add(Row(desc, "depth, n_leaves", m.GetDepth() * 100000 + m.GetNLeaves(), c["depth"]!.GetValue<int>() * 100000 + c["n_leaves"]!.GetValue<int>(), 0));
            }
            rows.Add(Row(desc, "children_left", t.ChildrenLeft, Fixtures.Tensor(c["children_left"]), 0));
            rows.Add(Row(desc, "children_right", t.ChildrenRight, Fixtures.Tensor(c["children_right"]), 0));
            rows.Add(Row(desc, "feature", t.Feature, Fixtures.Tensor(c["feature"]), 0));
            rows.Add(Row(desc, "n_node_samples", t.NNodeSamples, Fixtures.Tensor(c["n_node_samples"]), 0));
            rows.Add(Row(desc, "threshold", t.Threshold, Fixtures.Tensor(c["threshold"]), 1e-12));
            rows.Add(Row(desc, "value", t.Value, Fixtures.Tensor(c["value"]), 1e-12 * scale));
            rows.Add(Row(desc, "impurity", t.Impurity, Fixtures.Tensor(c["impurity"]), 1e-12 * scale * scale));
            rows.Add(Text(desc, "export_text", text, c["export_text"]!.GetValue<string>()));
            rows.Add(Text(desc, "export_text(names, depth 3)", textNames, c["export_text_names"]!.GetValue<string>()));
        }
        foreach (var c in SklearnFixture.Cases(root, "forests"))
        {
            var name = c["estimator"]!.GetValue<string>();
            var data = c["data"]!.GetValue<string>();
            var ds = (JsonObject)root[data]!;
            var x = Fixtures.Tensor(ds["X"]);
            var y = Fixtures.Tensor(ds["y"]);
            var tr = Fixtures.Tensor(c["train"]);
            var te = Fixtures.Tensor(c["test"]);
            var (xtr, ytr, xte, yte) = (Rows(x, tr), Rows(y, tr), Rows(x, te), Rows(y, te));
            double oob, score;
            if (name == "RandomForestClassifier")
            {
                var m = new RandomForestClassifier(nEstimators: 100, oobScore: true, randomState: 0).Fit(xtr, ytr);
                (oob, score) = (m.OobScoreFitted, m.Score(xte, yte));
            }
            else
            {
                var m = new RandomForestRegressor(nEstimators: 100, oobScore: true, randomState: 0).Fit(xtr, ytr);
                (oob, score) = (m.OobScoreFitted, m.Score(xte, yte));
            }
            var desc = $"{name} ({data}, n_estimators=100, oob_score=True)";
            rows.Add(Row(desc, "oob_score (±0.06)", oob, D(c, "oob_score"), 0.06));
            rows.Add(Row(desc, "held-out score (±0.06)", score, D(c, "test_score"), 0.06));
        }
        return rows;
    }

    /// <summary>The rows <paramref name="idx"/> of a 1-D or 2-D tensor.</summary>
    private static Tensor Rows(Tensor t, Tensor idx)
    {
        var ix = idx.ToArray<long>();
        int cols = t.NDim == 1 ? 1 : t.Shape[1];
        var src = t.ToDoubleArray();
        var dst = new double[ix.Length * cols];
        for (int r = 0; r < ix.Length; r++) Array.Copy(src, ix[r] * cols, dst, r * cols, cols);
        var o = Tensor.FromArray(dst, t.NDim == 1 ? [ix.Length] : [ix.Length, cols]);
        return t.DType == DType.Int64 ? o.To(DType.Int64) : o;
    }

    /// <summary>Exact text comparison: difference 0 when identical, else +∞ (the first differing line is in the quantity).</summary>
    private static ParityRow Text(string est, string qty, string ours, string theirs)
    {
        if (ours == theirs) return new ParityRow(est, qty, 0, 0, true);
        var a = ours.Split('\n'); var b = theirs.Split('\n');
        int i = 0;
        while (i < Math.Min(a.Length, b.Length) && a[i] == b[i]) i++;
        return new ParityRow(est, $"{qty}: line {i + 1} '{(i < a.Length ? a[i] : "")}' vs '{(i < b.Length ? b[i] : "")}'", double.PositiveInfinity, 0, false);
    }

    /// <summary>The fixture's <c>criterion</c> (a scikit-learn string), or <paramref name="fallback"/> when absent.</summary>
    private static Criterion CriterionOf(JsonObject ps, Criterion fallback) =>
        ps["criterion"] is JsonNode n ? SklearnNames.Parse<Criterion>(n.GetValue<string>(), "criterion") : fallback;
}
