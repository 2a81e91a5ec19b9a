using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>Raw-score tolerance of the "hgb_categorical" family; see <see cref="HgbCategoricalRows"/>.</summary>
    private const double HgbCategoricalTol = 1e-6;

    /// <summary>
    /// Native categorical features in histogram gradient boosting against sklearn 1.2.1 (hgb_categorical.json): two
    /// continuous and three categorical features (3, 7 and 40 categories, rare categories below the support threshold,
    /// NaN in training and at test only, categories seen only in the test rows), regressor / binary / 3-class cases with
    /// <c>categorical_features</c> as indices and one as a bool mask. Predictions, decision values and probabilities
    /// on the training and the test rows are compared per value. sklearn computes gradients and hessians in float32
    /// and sums them in float64; Glassbox keeps float64 throughout, so the trees agree (same splits, same category
    /// sets) and the leaf values differ by float32 rounding, ≤ 6e-8 relative per tree, accumulated over 20–30 trees of
    /// leaf values up to ~1: the raw scores agree to ≤ 3e-8 on these cases, inside the tolerance
    /// <see cref="HgbCategoricalTol"/> = 1e-6 (which a single differing split would exceed by orders of magnitude).
    /// Class predictions and the train accuracy must agree exactly. Mathematically tied candidates (the two mirror
    /// images of one partition, found by the left-to-right and the right-to-left scan) may be resolved differently by
    /// the rounding; they route every row, NaN and unseen categories included, to the same leaf either way.
    /// </summary>
    private static List<ParityRow> HgbCategoricalRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        var x = Fixtures.Tensor(root["X"]);
        int nTrain = root["n_train"]!.GetValue<int>();
        var xtr = x.Narrow(0, 0, nTrain).ContiguousRaw();
        var xte = x.Narrow(0, nTrain, x.Shape[0] - nTrain).ContiguousRaw();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var y = Fixtures.Tensor(root[c["y"]!.GetValue<string>()]);
            var ytr = y.Narrow(0, 0, nTrain).ContiguousRaw();
            var ps = (JsonObject)c["params"]!;
            int maxIter = ps["max_iter"]!.GetValue<int>();
            int leaves = ps["max_leaf_nodes"] is JsonNode l ? l.GetValue<int>() : 31;
            double lr = D(ps, "learning_rate", 0.1), l2 = D(ps, "l2_regularization", 0);
            int msl = ps["min_samples_leaf"] is JsonNode m ? m.GetValue<int>() : 20;
            var cfNode = (JsonArray)c["categorical_features"]!;
            var cf = CategoricalFeatures.FromJson(cfNode);
            var desc = Describe(c, name, (y.DType == DType.Int64 ? $"{(int)y.ToDoubleArray().Max() + 1} classes" : "regression")
                + (cf.IsMask ? ", categorical mask" : ", categorical indices"));
            if (name == "HistGradientBoostingClassifier")
            {
                var est = new HistGradientBoostingClassifier(lr, maxIter, leaves, null, msl, l2, earlyStopping: false, categoricalFeatures: cf).Fit(xtr, ytr);
                foreach (var (part, xs) in new[] { ("train", xtr), ("test", xte) })
                {
                    rows.Add(Row(desc, $"decision_function ({part})", est.DecisionFunction(xs), Fixtures.Tensor(c["decision_" + part]), HgbCategoricalTol));
                    rows.Add(Row(desc, $"predict_proba ({part})", est.PredictProba(xs), Fixtures.Tensor(c["proba_" + part]), HgbCategoricalTol));
                    rows.Add(Row(desc, $"predict ({part}, exact)", est.Predict(xs), Fixtures.Tensor(c["predict_" + part]), 0));
                }
                rows.Add(Row(desc, "train accuracy (exact)", est.Score(xtr, ytr), D(c, "score_train"), 0));
                rows.Add(Row(desc, "train_score_ length (empty)", est.TrainScore.Shape[0], Fixtures.Tensor(c["train_score_"]).Shape[0], 0));
            }
            else
            {
                var est = new HistGradientBoostingRegressor(lr, maxIter, leaves, null, msl, l2, earlyStopping: false, categoricalFeatures: cf).Fit(xtr, ytr);
                foreach (var (part, xs) in new[] { ("train", xtr), ("test", xte) })
                    rows.Add(Row(desc, $"predict ({part})", est.Predict(xs), Fixtures.Tensor(c["predict_" + part]), HgbCategoricalTol));
                rows.Add(Row(desc, "train R²", est.Score(xtr, ytr), D(c, "score_train"), HgbCategoricalTol));
                rows.Add(Row(desc, "train_score_ length (empty)", est.TrainScore.Shape[0], Fixtures.Tensor(c["train_score_"]).Shape[0], 0));
            }
        }
        return rows;
    }
}
