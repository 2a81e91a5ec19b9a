using System.Text.Json.Nodes;
using Glassbox.ML.Options;
using Glassbox.ML;
using Glassbox.ML.Metrics;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.NaiveBayes;
using Glassbox.ML.Neighbors;
using Glassbox.ML.Preprocessing;

namespace Glassbox.Testing.Parity;

// Rows for naive Bayes, KNN, metrics, preprocessing and splitters.
public static partial class ParityTable
{
    private static Tensor F(JsonObject o, string key) => Fixtures.Tensor(o[key]);

    private static List<ParityRow> NaiveBayesRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var data = c["data"]!.GetValue<string>();
            var ds = (JsonObject)root[data]!;
            var ps = (JsonObject)c["params"]!;
            IProbabilisticClassifier m = name switch
            {
                "GaussianNB" => new GaussianNB(D(ps, "var_smoothing")),
                "MultinomialNB" => new MultinomialNB(D(ps, "alpha"), B(ps, "fit_prior")),
                "BernoulliNB" => new BernoulliNB(D(ps, "alpha"), ps["binarize"] is JsonNode b ? b.GetValue<double>() : null, B(ps, "fit_prior")),
                _ => throw new InvalidDataException($"naive_bayes fixture: unknown estimator {name}"),
            };
            m.Fit(F(ds, "X"), F(ds, "y"));
            var desc = Describe(c, name, data);
            rows.Add(Row(desc, "predict", m.Predict(F(ds, "Xq")), F(c, "predict"), 0));
            rows.Add(Row(desc, "predict_proba", m.PredictProba(F(ds, "Xq")), F(c, "predict_proba"), 1e-10));
        }
        return rows;
    }

    private static List<ParityRow> KnnRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        var (x, y, yr, xq) = (F(root, "X"), F(root, "y"), F(root, "y_reg"), F(root, "Xq"));
        foreach (var c in SklearnFixture.Cases(root))
        {
            var ps = (JsonObject)c["params"]!;
            int k = ps["n_neighbors"]!.GetValue<int>(), p = ps["p"]!.GetValue<int>();
            var w = SklearnNames.Parse<NeighborWeights>(ps["weights"]!.GetValue<string>(), "weights");
            var alg = SklearnNames.Parse<NeighborAlgorithm>(ps["algorithm"]!.GetValue<string>(), "algorithm");
            var clf = new KNeighborsClassifier(k, w, alg, p).Fit(x, y);
            var reg = new KNeighborsRegressor(k, w, alg, p).Fit(x, yr);
            var desc = Describe(c, "KNeighbors");
            var (dist, ind) = clf.KNeighbors(xq);
            rows.Add(Row(desc, "kneighbors indices", ind, F(c, "kneighbors_ind"), 0));
            rows.Add(Row(desc, "kneighbors distances", dist, F(c, "kneighbors_dist"), 1e-10));
            rows.Add(Row(desc, "classifier predict", clf.Predict(xq), F(c, "predict"), 0));
            rows.Add(Row(desc, "classifier predict_proba", clf.PredictProba(xq), F(c, "predict_proba"), 1e-10));
            rows.Add(Row(desc, "regressor predict", reg.Predict(xq), F(c, "predict_reg"), 1e-10));
        }
        return rows;
    }

    private static List<ParityRow> MetricRows(JsonObject root)
    {
        const double tol = 1e-12;
        var rows = new List<ParityRow>();
        var (bi, mu, re, si) = ((JsonObject)root["binary"]!, (JsonObject)root["multi"]!, (JsonObject)root["regression"]!, (JsonObject)root["silhouette"]!);
        var s = (JsonObject)root["scalars"]!;
        var cv = (JsonObject)root["curves"]!;
        var (yt, ys, yp) = (F(bi, "y_true"), F(bi, "y_score"), F(bi, "y_pred"));
        var (mt, mp, mpr) = (F(mu, "y_true"), F(mu, "y_pred"), F(mu, "proba"));
        var (rt, rp) = (F(re, "y_true"), F(re, "y_pred"));
        void Scalar(string key, double ours) => rows.Add(Row("metrics", key, ours, D(s, key), tol));
        Scalar("accuracy_binary", Classification.AccuracyScore(yt, yp));
        Scalar("accuracy_multi", Classification.AccuracyScore(mt, mp));
        Scalar("precision_binary", Classification.PrecisionScore(yt, yp));
        Scalar("recall_binary", Classification.RecallScore(yt, yp));
        Scalar("f1_binary", Classification.F1Score(yt, yp));
        foreach (var avg in new[] { "macro", "micro", "weighted" })
        {
            var a = Glassbox.ML.Options.SklearnNames.Parse<Average>(avg);
            Scalar($"precision_{avg}", Classification.PrecisionScore(mt, mp, a));
            Scalar($"recall_{avg}", Classification.RecallScore(mt, mp, a));
            Scalar($"f1_{avg}", Classification.F1Score(mt, mp, a));
        }
        Scalar("log_loss_multi", Classification.LogLoss(mt, mpr));
        Scalar("log_loss_binary", Classification.LogLoss(yt, ys));
        Scalar("roc_auc", Ranking.RocAucScore(yt, ys));
        Scalar("average_precision", Ranking.AveragePrecisionScore(yt, ys));
        Scalar("mse", Regression.MeanSquaredError(rt, rp));
        Scalar("mae", Regression.MeanAbsoluteError(rt, rp));
        Scalar("r2", Regression.R2Score(rt, rp));
        Scalar("silhouette", Clustering.SilhouetteScore(F(si, "X"), F(si, "labels")));
        var (fpr, tpr, thr) = Ranking.RocCurve(yt, ys);
        rows.Add(Row("metrics", "roc_curve fpr", fpr, F(cv, "roc_fpr"), tol));
        rows.Add(Row("metrics", "roc_curve tpr", tpr, F(cv, "roc_tpr"), tol));
        rows.Add(Row("metrics", "roc_curve thresholds", thr, F(cv, "roc_thresholds"), tol));
        var (ffpr, ftpr, fthr) = Ranking.RocCurve(yt, ys, dropIntermediate: false);
        rows.Add(Row("metrics", "roc_curve(drop_intermediate=False) fpr", ffpr, F(cv, "roc_full_fpr"), tol));
        rows.Add(Row("metrics", "roc_curve(drop_intermediate=False) tpr", ftpr, F(cv, "roc_full_tpr"), tol));
        rows.Add(Row("metrics", "roc_curve(drop_intermediate=False) thresholds", fthr, F(cv, "roc_full_thresholds"), tol));
        var (pr, rc, pt) = Ranking.PrecisionRecallCurve(yt, ys);
        rows.Add(Row("metrics", "precision_recall_curve precision", pr, F(cv, "pr_precision"), tol));
        rows.Add(Row("metrics", "precision_recall_curve recall", rc, F(cv, "pr_recall"), tol));
        rows.Add(Row("metrics", "precision_recall_curve thresholds", pt, F(cv, "pr_thresholds"), tol));
        rows.Add(Row("metrics", "confusion_matrix binary", Classification.ConfusionMatrix(yt, yp), F(cv, "confusion_binary"), 0));
        rows.Add(Row("metrics", "confusion_matrix multi", Classification.ConfusionMatrix(mt, mp), F(cv, "confusion_multi"), 0));
        return rows;
    }

    private static List<ParityRow> PreprocessingRows(JsonObject root)
    {
        const double tol = 1e-12;
        var o = (JsonObject)root["outputs"]!;
        var (x, xq, xc, xcq, xn, xne) = (F(root, "X"), F(root, "Xq"), F(root, "Xcat"), F(root, "Xcat_q"), F(root, "Xnan"), F(root, "Xnan_empty"));
        var xpoly = xq.Narrow(1, 0, 3);
        var cases = new (string Key, Func<Tensor> Ours)[]
        {
            ("standard", () => new StandardScaler().Fit(x).Transform(xq)),
            ("standard_nomean", () => new StandardScaler(withMean: false).Fit(x).Transform(xq)),
            ("minmax", () => new MinMaxScaler().Fit(x).Transform(xq)),
            ("minmax_range", () => new MinMaxScaler([-2.0, 3.0]).Fit(x).Transform(xq)),
            ("robust", () => new RobustScaler().Fit(x).Transform(xq)),
            ("robust_range", () => new RobustScaler(quantileRange: [10.0, 80.0]).Fit(x).Transform(xq)),
            ("onehot_ignore", () => new OneHotEncoder(HandleUnknown.Ignore).Fit(xc).Transform(xcq)),
            ("ordinal_unknown", () => new OrdinalEncoder(HandleUnknown.UseEncodedValue, -1).Fit(xc).Transform(xcq)),
            ("impute_mean", () => new SimpleImputer(ImputeStrategy.Mean).FitTransform(xn)),
            ("impute_median", () => new SimpleImputer(ImputeStrategy.Median).FitTransform(xn)),
            ("impute_most_frequent", () => new SimpleImputer(ImputeStrategy.MostFrequent).FitTransform(xn)),
            ("impute_mean_empty", () => new SimpleImputer(ImputeStrategy.Mean).FitTransform(xne)),
            ("impute_median_empty", () => new SimpleImputer(ImputeStrategy.Median).FitTransform(xne)),
            ("impute_most_frequent_empty", () => new SimpleImputer(ImputeStrategy.MostFrequent).FitTransform(xne)),
            ("impute_constant", () => new SimpleImputer(ImputeStrategy.Constant, -7.5).FitTransform(xn)),
            ("poly2", () => new PolynomialFeatures(2).FitTransform(xpoly)),
            ("poly3_nobias", () => new PolynomialFeatures(3, includeBias: false).FitTransform(xpoly)),
            ("poly3_interaction", () => new PolynomialFeatures(3, interactionOnly: true).FitTransform(xpoly)),
        };
        return cases.Select(c => Row("preprocessing", c.Key, c.Ours(), F(o, c.Key), tol)).ToList();
    }

    private static List<ParityRow> SplitRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        int n = root["n"]!.GetValue<int>();
        var (y, groups) = (F(root, "y"), F(root, "groups"));
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["splitter"]!.GetValue<string>();
            var ps = (JsonObject)c["params"]!;
            int k = ps["n_splits"]!.GetValue<int>();
            ICrossValidator cv = name switch
            {
                "KFold" => new KFold(k),
                "StratifiedKFold" => new StratifiedKFold(k),
                "GroupKFold" => new GroupKFold(k),
                "TimeSeriesSplit" => new TimeSeriesSplit(k, ps["max_train_size"]?.GetValue<int>(), ps["test_size"]?.GetValue<int>(), ps["gap"]?.GetValue<int>() ?? 0),
                _ => throw new InvalidDataException($"splits fixture: unknown splitter {name}"),
            };
            var ours = cv.Split(n, y, groups).ToArray();
            var theirs = ((JsonArray)c["folds"]!).Select(f => (F((JsonObject)f!, "train"), F((JsonObject)f!, "test"))).ToArray();
            var desc = Describe(c, name);
            bool same = ours.Length == theirs.Length && ours.Zip(theirs).All(p =>
                p.First.Train.Select(v => (long)v).SequenceEqual(p.Second.Item1.ToArray<long>()) &&
                p.First.Test.Select(v => (long)v).SequenceEqual(p.Second.Item2.ToArray<long>()));
            rows.Add(new ParityRow(desc, "train/test indices", same ? 0 : double.PositiveInfinity, 0, same));
        }
        return rows;
    }
}
