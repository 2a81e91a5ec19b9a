using System.Globalization;
using System.Text.Json.Nodes;
using Glassbox.ML.Options;
using Glassbox.ML;
using Glassbox.ML.Cluster;
using Glassbox.ML.Ensemble;
using Glassbox.ML.NaiveBayes;
using Glassbox.ML.Svm;

namespace Glassbox.Testing.Parity;

public static partial class ParityTable
{
    /// <summary>
    /// sample_weight against sklearn 1.2 (sample_weight_other.json): weights uniform(0.2, 3) with a few exact zeros.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Naive Bayes: weighted counts, means and variances are closed forms of a few hundred terms, so parameters and
    /// probabilities to 1e-10 (the naive_bayes family's bar), the weighted counts relative to their size.
    /// </para>
    /// <para>
    /// SVC / SVR at tol = 1e-6 on both sides: the same SMO (WSS 3, shrinking) on the same per-sample boxes
    /// C·wᵢ·class_weight, so support sets and n_support exact — zero-weight rows are dropped before training on both
    /// sides and can never be support vectors; sklearn 1.2 numbers <c>support_</c> among the remaining rows, so it is
    /// mapped back to original rows first (<see cref="OriginalRows"/>) — and dual coefficients, intercepts, decision values and predictions to
    /// 1e-3·max(1, C), the class_weight family's bar (observed agreement is far closer). LinearSVC with Cᵢ = C·wᵢ at
    /// tol 1e-10 on both sides: the primal optimum is unique but liblinear's visiting order is its own, so coef_,
    /// intercept_ and decision values to 1e-6, the svm family's bar.
    /// </para>
    /// <para>
    /// KMeans: from explicit centres and from seeded k-means++/random runs (sklearn 1.2 seeds without the weights, and so
    /// do we): labels, n_iter and predict exact, centres to 1e-9 and inertia to 1e-9 relative (weighted sums of a few
    /// hundred terms in another order). One case relocates an empty cluster.
    /// </para>
    /// <para>
    /// MiniBatchKMeans: partial_fit on the fixture's batches from explicit centres, reassignment_ratio = 0, as the
    /// cluster family: centres and last-batch inertia to 1e-10 (running weighted means, a handful of steps, summation
    /// order only), the weight sums <c>_counts</c> to 1e-12 relative (the same per-batch sums in the same row order),
    /// last-batch labels exact.
    /// </para>
    /// <para>
    /// HistGradientBoosting: the weighted baseline (a weighted mean / log-odds) to 1e-12; a single stump
    /// (max_iter = 1, two leaves), whose split and leaf values are closed forms of weighted gradient sums, raw
    /// predictions to 1e-7 — sklearn stores each wᵢgᵢ and wᵢhᵢ as float32 (<c>G_H_DTYPE</c>, relative error 6e-8), we
    /// keep float64, and a leaf value −lr·ΣG/ΣH inherits that relative error (observed 2e-9); longer fits by held-out accuracy within 0.01 and R² within 0.02, as the boosting family
    /// (histogram sums run in another order, so near-tied splits may differ).
    /// </para>
    /// </remarks>
    private static List<ParityRow> SampleWeightOtherRows(JsonObject root)
    {
        var rows = new List<ParityRow>();
        foreach (var c in SklearnFixture.Cases(root))
        {
            var name = c["estimator"]!.GetValue<string>();
            var ds = (JsonObject)root[c["data"]!.GetValue<string>()]!;
            var w = Fixtures.Tensor(ds["w"]);
            var ps = (JsonObject?)c["params"] ?? [];
            var desc = Describe(c, name, "sample_weight");
            switch (name)
            {
                case "GaussianNB":
                    {
                        var (x, y, xt) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["y"]), Fixtures.Tensor(ds["X_test"]));
                        var m = new GaussianNB(D(ps, "var_smoothing", 1e-9), ps["priors"] is JsonArray pr ? pr.Select(v => v!.GetValue<double>()).ToArray() : null)
                            .Fit(x, y, w);
                        rows.Add(Row(desc, "theta_", m.Theta, Fixtures.Tensor(c["theta"]), 1e-10));
                        rows.Add(Row(desc, "var_", m.Var, Fixtures.Tensor(c["var"]), 1e-10));
                        rows.Add(Row(desc, "class_prior_", m.ClassPrior, Fixtures.Tensor(c["class_prior"]), 1e-10));
                        rows.Add(Row(desc, "epsilon_", m.Epsilon, D(c, "epsilon"), 1e-15));
                        rows.Add(Row(desc, "predict_proba", m.PredictProba(xt), Fixtures.Tensor(c["predict_proba"]), 1e-10));
                        break;
                    }
                case "MultinomialNB":
                case "BernoulliNB":
                    {
                        bool counts = name == "MultinomialNB" || B(c, "counts");
                        var x = Fixtures.Tensor(ds[counts ? "X_counts" : "X"]);
                        var xt = Fixtures.Tensor(ds[counts ? "X_counts_test" : "X_test"]);
                        var y = Fixtures.Tensor(ds["y"]);
                        if (name == "BernoulliNB" && counts) { x = Shift(x, -2); xt = Shift(xt, -2); }
                        double alpha = D(ps, "alpha", 1.0);
                        bool fitPrior = ps["fit_prior"]?.GetValue<bool>() ?? true;
                        var (cc, fc, clp, flp, proba) = name == "MultinomialNB"
                            ? Discrete(new MultinomialNB(alpha, fitPrior).Fit(x, y, w), xt)
                            : Discrete(new BernoulliNB(alpha, D(ps, "binarize", 0.0), fitPrior).Fit(x, y, w), xt);
                        rows.Add(Row(desc, "class_count_", cc, Fixtures.Tensor(c["class_count"]), 1e-10 * Scale(c["class_count"])));
                        rows.Add(Row(desc, "feature_count_", fc, Fixtures.Tensor(c["feature_count"]), 1e-10 * Scale(c["feature_count"])));
                        rows.Add(Row(desc, "class_log_prior_", clp, Fixtures.Tensor(c["class_log_prior"]), 1e-10));
                        rows.Add(Row(desc, "feature_log_prob_", flp, Fixtures.Tensor(c["feature_log_prob"]), 1e-10));
                        rows.Add(Row(desc, "predict_proba", proba, Fixtures.Tensor(c["predict_proba"]), 1e-10));
                        break;
                    }
                case "SVC":
                    {
                        var (x, y, xt) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["y"]), Fixtures.Tensor(ds["X_test"]));
                        double cc = D(ps, "C", 1.0), bound = 1e-3 * Math.Max(1, cc);
                        ClassWeight? cw = ps["class_weight"] is JsonObject o
                            ? ClassWeight.Of(o.ToDictionary(kv => long.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value!.GetValue<double>()))
                            : null;
                        var m = new SVC(cc, KernelOf(ps), (int)D(ps, "degree", 3), GammaOf(ps), D(ps, "coef0", 0),
                            ps["shrinking"]?.GetValue<bool>() ?? true, D(ps, "tol", 1e-3), decisionFunctionShape: DecisionFunctionShape.Ovo, classWeight: cw).Fit(x, y, w);
                        rows.Add(Row(desc, "support_ (original rows)", m.Support, OriginalRows(c["support"], w), 0));
                        rows.Add(Row(desc, "n_support_", m.NSupport, Fixtures.Tensor(c["n_support"]), 0));
                        rows.Add(Row(desc, "dual_coef_", m.DualCoef, Fixtures.Tensor(c["dual_coef"]), bound));
                        rows.Add(Row(desc, "intercept_", m.Intercept, Fixtures.Tensor(c["intercept"]), bound));
                        rows.Add(Row(desc, "decision_function", m.DecisionFunction(xt), Fixtures.Tensor(c["decision_function"]), bound));
                        rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 0));
                        break;
                    }
                case "SVR":
                    {
                        var (x, y, xt) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["y"]), Fixtures.Tensor(ds["X_test"]));
                        double cc = D(ps, "C", 1.0), bound = 1e-3 * Math.Max(1, cc);
                        var m = new SVR(KernelOf(ps), 3, GammaOf(ps), 0, D(ps, "tol", 1e-3), cc, D(ps, "epsilon", 0.1))
                            .Fit(x, y, w);
                        rows.Add(Row(desc, "support_ (original rows)", m.Support, OriginalRows(c["support"], w), 0));
                        rows.Add(Row(desc, "dual_coef_", m.DualCoef, Fixtures.Tensor(c["dual_coef"]), bound));
                        rows.Add(Row(desc, "intercept_", m.Intercept, Fixtures.Tensor(c["intercept"]), bound));
                        rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), bound));
                        break;
                    }
                case "LinearSVC":
                    {
                        var (x, y, xt) = (Fixtures.Tensor(ds["X"]), Fixtures.Tensor(ds["y"]), Fixtures.Tensor(ds["X_test"]));
                        var m = new LinearSVC(SklearnNames.Parse<HingeLoss>(ps["loss"]?.GetValue<string>() ?? "squared_hinge", "loss"), 1e-10, D(ps, "C", 1.0),
                            interceptScaling: D(ps, "intercept_scaling", 1), maxIter: 1_000_000, randomState: 0).Fit(x, y, w);
                        rows.Add(Row(desc, "coef_", m.Coef, Fixtures.Tensor(c["coef"]), 1e-6));
                        rows.Add(Row(desc, "intercept_", m.Intercept, Fixtures.Tensor(c["intercept"]), 1e-6));
                        rows.Add(Row(desc, "decision_function", m.DecisionFunction(xt), Fixtures.Tensor(c["decision_function"]), 1e-6));
                        rows.Add(Row(desc, "predict", m.Predict(xt), Fixtures.Tensor(c["predict"]), 0));
                        break;
                    }
                case "KMeans":
                    {
                        var x = Fixtures.Tensor(ds["X"]);
                        KMeans m;
                        if (c["init"] is JsonNode initNode)
                        {
                            var init = Fixtures.Tensor(initNode);
                            m = new KMeans(init.Shape[0], initCenters: init, maxIter: (int)D(ps, "max_iter", 300), tol: D(ps, "tol", 1e-4)).Fit(x, null, w);
                            rows.Add(Row(desc, "predict", m.Predict(Fixtures.Tensor(ds["X_test"])), Fixtures.Tensor(c["predict"]), 0));
                        }
                        else
                            m = new KMeans((int)D(ps, "n_clusters"), SklearnNames.Parse<KMeansInit>(ps["init"]?.GetValue<string>() ?? "k-means++"), nInit: (int)D(ps, "n_init"),
                                randomState: (int)D(ps, "random_state")).Fit(x, null, w);
                        rows.Add(Row(desc, "labels_", m.Labels, Fixtures.Tensor(c["labels"]), 0));
                        rows.Add(Row(desc, "n_iter_", m.NIter, D(c, "n_iter"), 0));
                        rows.Add(Row(desc, "cluster_centers_", m.ClusterCenters, Fixtures.Tensor(c["cluster_centers"]), 1e-9));
                        rows.Add(Row(desc, "inertia_", m.Inertia, D(c, "inertia"), 1e-9 * Math.Max(1, Math.Abs(D(c, "inertia")))));
                        break;
                    }
                case "MiniBatchKMeans":
                    {
                        var x = Fixtures.Tensor(ds["X"]);
                        var init = Fixtures.Tensor(c["init"]);
                        var batches = Fixtures.Tensor(c["batches"]);
                        var m = new MiniBatchKMeans(init.Shape[0], initCenters: init, batchSize: batches.Shape[1], reassignmentRatio: 0);
                        var xa = x.ToDoubleArray();
                        var wa = w.ToDoubleArray();
                        int d = x.Shape[1];
                        for (int b = 0; b < batches.Shape[0]; b++)
                        {
                            var idx = batches.Select(0, b).ToArray<long>();
                            var xb = new double[idx.Length * d];
                            var wb = new double[idx.Length];
                            for (int i = 0; i < idx.Length; i++) { Array.Copy(xa, idx[i] * d, xb, i * d, d); wb[i] = wa[idx[i]]; }
                            m.PartialFit(Tensor.FromArray(xb, idx.Length, d), Tensor.FromArray(wb, idx.Length));
                        }
                        var counts = Fixtures.Tensor(c["counts"]);
                        rows.Add(Row(desc, "cluster_centers_", m.ClusterCenters, Fixtures.Tensor(c["cluster_centers"]), 1e-10));
                        rows.Add(Row(desc, "_counts (weight sums)", m.Counts, counts, 1e-12 * Math.Max(1, counts.ToDoubleArray().Max())));
                        rows.Add(Row(desc, "labels_ (last batch)", m.Labels, Fixtures.Tensor(c["labels"]), 0));
                        rows.Add(Row(desc, "inertia_ (last batch)", m.Inertia, D(c, "inertia"), 1e-10 * Math.Max(1, Math.Abs(D(c, "inertia")))));
                        break;
                    }
                default:
                    rows.AddRange(SampleWeightHistRows(c, ds, name, ps, w, desc));
                    break;
            }
        }
        return rows;
    }

    private static List<ParityRow> SampleWeightHistRows(JsonObject c, JsonObject ds, string name, JsonObject ps, Tensor w, string desc)
    {
        var rows = new List<ParityRow>();
        var x = Fixtures.Tensor(ds["X"]);
        var y = Fixtures.Tensor(ds[c["y"]!.GetValue<string>()]);
        var (xtr, xte) = (x.Narrow(0, 0, 1000).ContiguousRaw(), x.Narrow(0, 1000, x.Shape[0] - 1000).ContiguousRaw());
        var (ytr, yte) = (y.Narrow(0, 0, 1000).ContiguousRaw(), y.Narrow(0, 1000, y.Shape[0] - 1000).ContiguousRaw());
        var wtr = w.Narrow(0, 0, 1000).ContiguousRaw();
        int maxIter = (int)D(ps, "max_iter"), leaves = (int)D(ps, "max_leaf_nodes", 31), msl = (int)D(ps, "min_samples_leaf", 20);
        double lr = D(ps, "learning_rate", 0.1), l2 = D(ps, "l2_regularization", 0);
        double score, tol;
        Tensor raw;
        double[] baseline;
        if (name == "HistGradientBoostingClassifier")
        {
            var est = new HistGradientBoostingClassifier(lr, maxIter, leaves, null, msl, l2, earlyStopping: false).Fit(xtr, ytr, wtr);
            (score, tol) = (est.Score(xte, yte), 0.01);
            raw = est.DecisionFunction(xte);
            baseline = est.BaselinePrediction;
        }
        else
        {
            var est = new HistGradientBoostingRegressor(lr, maxIter, leaves, null, msl, l2, earlyStopping: false).Fit(xtr, ytr, wtr);
            (score, tol) = (est.Score(xte, yte), 0.02);
            raw = est.Predict(xte);
            baseline = est.BaselinePrediction;
        }
        rows.Add(Row(desc, "baseline (weighted init)", Input.Vector(baseline), Fixtures.Tensor(c["baseline"]), 1e-12));
        if (maxIter == 1)
        {
            // one stump: its two raw values are the baseline plus a weighted Newton step each
            rows.Add(Row(desc, "raw prediction (one stump)", raw.Reshape(-1), Fixtures.Tensor(c["raw"]).Reshape(-1), 1e-7));
        }
        else
        {
            rows.Add(Row(desc, tol == 0.01 ? "held-out accuracy (±0.01)" : "held-out R² (±0.02)", score, D(c, "score"), tol));
        }
        return rows;
    }

    /// <summary>
    /// sklearn 1.2's <c>support_</c> counts only the rows of positive weight (libsvm numbers the rows left after
    /// <c>remove_zero_weight</c>; scikit-learn issue #25380, fixed after 1.2), so X[support_] is not
    /// <c>support_vectors_</c> there. Glassbox's <c>Support</c> indexes the original rows; this maps sklearn's numbers
    /// onto them.
    /// </summary>
    private static Tensor OriginalRows(JsonNode? sklearnSupport, Tensor w)
    {
        var keep = w.ToDoubleArray().Select((v, i) => (v, i)).Where(t => t.v > 0).Select(t => (long)t.i).ToArray();
        var s = Fixtures.Tensor(sklearnSupport).ToArray<long>();
        return Tensor.FromArray(s.Select(i => keep[i]).ToArray(), [s.Length]);
    }

    private static Tensor Shift(Tensor x, double by) => Tensor.FromArray(x.ToDoubleArray().Select(v => v + by).ToArray(), x.Shape[0], x.Shape[1]);

    private static Gamma GammaOf(JsonObject ps) => ps["gamma"] is JsonNode g ? Gamma.FromJson(g) : Gamma.Scale;

    private static Kernel KernelOf(JsonObject ps) => SklearnNames.Parse<Kernel>(ps["kernel"]?.GetValue<string>() ?? "rbf", "kernel");

    private static (Tensor ClassCount, Tensor FeatureCount, Tensor ClassLogPrior, Tensor FeatureLogProb, Tensor Proba) Discrete<T>(DiscreteNB<T> m, Tensor xt)
        where T : DiscreteNB<T> =>
        (m.ClassCount, m.FeatureCount, m.ClassLogPrior, m.FeatureLogProb, m.PredictProba(xt));
}
