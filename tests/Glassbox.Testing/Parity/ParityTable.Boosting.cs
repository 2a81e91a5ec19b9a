using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// Histogram gradient boosting against sklearn (boosting.json): held-out accuracy within 0.01 (one point) and R²
    /// within 0.02. Binning, gains and Newton leaf values follow sklearn, but histogram sums run in a different order,
    /// so near-tied splits may differ and exact agreement is not expected. The "hgb_nan" cases put NaN in the features
    /// (native missing-value handling), one feature only in the held-out rows.
    /// </summary>
    private static List<ParityRow> BoostingRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var (xKey, casesKey) in new[] { ("hgb_X", "hgb"), ("hgb_nan_X", "hgb_nan") })
            if (root[xKey] is not null) rows.AddRange(BoostingRows(root, xKey, casesKey));
        return rows;
    }

    private static List<ParityRow> BoostingRows(JsonObject root, string xKey, string casesKey)
    {
        var rows = new List<ParityRow>();
        var x = Fixtures.Tensor(root[xKey]);
        var xtr = x.Narrow(0, 0, 1000).ContiguousRaw();
        var xte = x.Narrow(0, 1000, x.Shape[0] - 1000).ContiguousRaw();
        foreach (var c in SklearnFixture.Cases(root, casesKey))
        {
            var name = c["estimator"]!.GetValue<string>();
            var y = Fixtures.Tensor(c["y"]);
            var (ytr, yte) = (y.Narrow(0, 0, 1000).ContiguousRaw(), y.Narrow(0, 1000, y.Shape[0] - 1000).ContiguousRaw());
            var ps = (JsonObject)c["params"]!;
            int maxIter = ps["max_iter"]!.GetValue<int>();
            int leaves = ps["max_leaf_nodes"] is JsonNode l ? l.GetValue<int>() : 31;
            double lr = D(ps, "learning_rate", 0.1), l2 = D(ps, "l2_regularization", 0);
            int msl = ps["min_samples_leaf"] is JsonNode m ? m.GetValue<int>() : 20;
            double score, tol;
            if (name == "HistGradientBoostingClassifier")
            {
                var est = new HistGradientBoostingClassifier(lr, maxIter, leaves, null, msl, l2).Fit(xtr, ytr);
                score = est.Score(xte, yte);
                tol = 0.01;
            }
            else
            {
                var est = new HistGradientBoostingRegressor(lr, maxIter, leaves, null, msl, l2).Fit(xtr, ytr);
                score = est.Score(xte, yte);
                tol = 0.02;
            }
            var desc = Describe(c, name, (y.DType == DType.Int64 ? $"{(int)y.ToDoubleArray().Max() + 1} classes" : "regression")
                + (casesKey == "hgb_nan" ? ", NaN in X" : ""));
            rows.Add(Row(desc, tol == 0.01 ? "held-out accuracy (±0.01)" : "held-out R² (±0.02)", score, D(c, "score"), tol));
        }
        return rows;
    }
}
