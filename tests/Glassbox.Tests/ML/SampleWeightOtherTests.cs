using Glassbox.ML.Cluster;
using Glassbox.ML.Ensemble;
using Glassbox.ML.NaiveBayes;
using Glassbox.ML.Svm;

namespace Glassbox.Tests.ML;

/// <summary>
/// sample_weight on naive Bayes, SVC/SVR, KMeans, MiniBatchKMeans and histogram boosting: the identities that define it — an integer
/// weight is that many copies of the row, a zero weight is the row left out — wherever they hold exactly for the
/// algorithm (and where sklearn 1.2 breaks them, that it is on purpose). The comparison with sklearn itself is the
/// "sample_weight_other" family of the parity table (run by SklearnParityTests and the classical-parity milestone).
/// </summary>
public class SampleWeightOtherTests
{
    /// <summary>Three Gaussian blobs in 4-D (centres 3 apart, so classes overlap a little), labels 0..2.</summary>
    private static (Tensor X, Tensor Y) Blobs(int n, ulong seed, double sep = 3) => SvmClusterMixtureTests.Blobs(n, seed, sep);

    /// <summary>Integer weights 1..3 per row (seeded), and the data with every row repeated that many times.</summary>
    private static (Tensor W, Tensor XRep, Tensor YRep, int[] Rows) Repeat(Tensor x, Tensor y, ulong seed)
    {
        var g = new Generator(seed);
        int n = x.Shape[0];
        var w = new double[n];
        var rows = new List<int>();
        for (int i = 0; i < n; i++)
        {
            w[i] = 1 + g.NextInt(3);
            for (int r = 0; r < w[i]; r++) rows.Add(i);
        }
        var idx = rows.ToArray();
        return (Tensor.FromArray(w, n), Rows(x, idx), Rows(y, idx), idx);
    }

    /// <summary>Weights 1 except every fifth row (weight 0), and the data without those rows.</summary>
    private static (Tensor W, Tensor XKept, Tensor YKept, int[] Kept) DropEveryFifth(Tensor x, Tensor y)
    {
        int n = x.Shape[0];
        var w = Enumerable.Range(0, n).Select(i => i % 5 == 2 ? 0.0 : 1.0).ToArray();
        var kept = Enumerable.Range(0, n).Where(i => w[i] > 0).ToArray();
        return (Tensor.FromArray(w, n), Rows(x, kept), Rows(y, kept), kept);
    }

    private static Tensor Rows(Tensor t, int[] rows)
    {
        int cols = t.NDim == 1 ? 1 : t.Shape[1];
        var src = t.ToDoubleArray();
        var r = new double[rows.Length * cols];
        for (int i = 0; i < rows.Length; i++) Array.Copy(src, rows[i] * cols, r, i * cols, cols);
        var o = t.NDim == 1 ? Tensor.FromArray(r, rows.Length) : Tensor.FromArray(r, rows.Length, cols);
        return t.DType == DType.Int64 ? o.To(DType.Int64) : o;
    }

    private static void Close(Tensor expected, Tensor actual, double tol, string what)
    {
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tol * Math.Max(1, Math.Abs(e[i])), $"{what}[{i}]: {e[i]} vs {a[i]} (tol {tol})");
    }

    private static Tensor Counts(Tensor x) => Tensor.FromArray(x.ToDoubleArray().Select(v => Math.Floor(Math.Abs(v) * 2)).ToArray(), x.Shape[0], x.Shape[1]);

    // ---------------------------------------------------------------- naive Bayes

    [Fact]
    public void NaiveBayesIntegerWeightsAreRepeatedRows()
    {
        var (x, y) = Blobs(60, 1);
        var (w, xr, yr, _) = Repeat(x, y, 2);
        var xt = Blobs(15, 3).X;
        // ε = var_smoothing · max Var(X) is unweighted in sklearn (and here): repeating rows changes it, so compare at
        // var_smoothing = 0, where θ, σ², priors are pure weighted sums — equal to rounding (sums in another order)
        var gw = new GaussianNB(varSmoothing: 0).Fit(x, y, w);
        var gr = new GaussianNB(varSmoothing: 0).Fit(xr, yr);
        Close(gr.Theta, gw.Theta, 1e-12, "theta");
        Close(gr.Var, gw.Var, 1e-12, "var");
        Close(gr.ClassPrior, gw.ClassPrior, 1e-14, "class_prior");
        Close(gr.ClassCount, gw.ClassCount, 0, "class_count");
        Close(gr.PredictProba(xt), gw.PredictProba(xt), 1e-10, "GaussianNB predict_proba");
        // with the default var_smoothing the two fits differ only through ε
        Assert.NotEqual(new GaussianNB().Fit(x, y, w).Epsilon, new GaussianNB().Fit(xr, yr).Epsilon);

        var (c, cr, ct) = (Counts(x), Counts(xr), Counts(xt));
        var mw = new MultinomialNB(alpha: 0.5).Fit(c, y, w);
        var mr = new MultinomialNB(alpha: 0.5).Fit(cr, yr);
        Close(mr.FeatureCount, mw.FeatureCount, 0, "feature_count"); // integer counts times integer weights: exact
        Close(mr.ClassCount, mw.ClassCount, 0, "class_count");
        Close(mr.PredictProba(ct), mw.PredictProba(ct), 1e-12, "MultinomialNB predict_proba");
        var bw = new BernoulliNB(binarize: 0.3).Fit(x, y, w);
        var br = new BernoulliNB(binarize: 0.3).Fit(xr, yr);
        Close(br.FeatureLogProb, bw.FeatureLogProb, 1e-14, "feature_log_prob");
        Close(br.PredictProba(xt), bw.PredictProba(xt), 1e-12, "BernoulliNB predict_proba");
    }

    [Fact]
    public void NaiveBayesZeroWeightsAreRemovedRows()
    {
        var (x, y) = Blobs(60, 4);
        var (w, xk, yk, _) = DropEveryFifth(x, y);
        var xt = Blobs(15, 5).X;
        var gw = new GaussianNB(varSmoothing: 0).Fit(x, y, w);
        var gk = new GaussianNB(varSmoothing: 0).Fit(xk, yk);
        Close(gk.Theta, gw.Theta, 1e-13, "theta");
        Close(gk.Var, gw.Var, 1e-13, "var");
        Close(gk.PredictProba(xt), gw.PredictProba(xt), 1e-12, "predict_proba");
        var (c, ck, ct) = (Counts(x), Counts(xk), Counts(xt));
        Close(new MultinomialNB().Fit(ck, yk).PredictProba(ct), new MultinomialNB().Fit(c, y, w).PredictProba(ct), 1e-13, "MultinomialNB");
        Close(new BernoulliNB().Fit(xk, yk).PredictProba(xt), new BernoulliNB().Fit(x, y, w).PredictProba(xt), 1e-13, "BernoulliNB");
    }

    [Fact]
    public void GaussianNBClassWithoutWeightKeepsZeroMeanAsSklearn()
    {
        var (x, y) = Blobs(30, 6);
        var w = y.ToArray<long>().Select(v => v == 1 ? 0.0 : 1.5).ToArray();
        var m = new GaussianNB().Fit(x, y, Tensor.FromArray(w, w.Length));
        Assert.Equal(0.0, m.ClassPrior.ToDoubleArray()[1]);
        Assert.All(m.Theta.Select(0, 1).ToDoubleArray(), v => Assert.Equal(0.0, v));
        Assert.All(m.Var.Select(0, 1).ToDoubleArray(), v => Assert.Equal(m.Epsilon, v));
        Assert.All(m.Predict(x).ToArray<long>(), v => Assert.NotEqual(1L, v)); // prior 0: never predicted
    }

    // ---------------------------------------------------------------- SVM

    [Fact]
    public void SvcIntegerWeightsAreRepeatedRows()
    {
        var (x, y) = Blobs(60, 7, sep: 2);
        var (w, xr, yr, _) = Repeat(x, y, 8);
        var xt = Blobs(20, 9).X;
        // the dual solution (α) of the repeated problem is not unique — copies may share C·w differently — but the
        // decision function is; at tol 1e-9 both solves reach it to ~1e-7. γ is given: "scale" reads Var(X), which
        // repetition changes
        var a = new SVC(c: 2.0, gamma: 0.2, tol: 1e-9, decisionFunctionShape: DecisionFunctionShape.Ovo).Fit(x, y, w);
        var b = new SVC(c: 2.0, gamma: 0.2, tol: 1e-9, decisionFunctionShape: DecisionFunctionShape.Ovo).Fit(xr, yr);
        Close(b.DecisionFunction(xt), a.DecisionFunction(xt), 1e-6, "SVC decision_function");
        var ra = new SVR(gamma: 0.2, tol: 1e-9, c: 2.0).Fit(x, x.Select(1, 0), w);
        var rb = new SVR(gamma: 0.2, tol: 1e-9, c: 2.0).Fit(xr, xr.Select(1, 0));
        Close(rb.Predict(xt), ra.Predict(xt), 1e-6, "SVR predict");
    }

    [Fact]
    public void SvmZeroWeightsRemoveTheRowsExactly()
    {
        var (x, y) = Blobs(60, 10, sep: 2);
        var (w, xk, yk, kept) = DropEveryFifth(x, y);
        var xt = Blobs(20, 11).X;
        // libsvm's remove_zero_weight: the weighted fit solves exactly the problem without those rows, in the same order
        foreach (bool probability in new[] { false, true })
        {
            var a = new SVC(gamma: 0.3, tol: 1e-6, decisionFunctionShape: DecisionFunctionShape.Ovo, probability: probability, randomState: 3).Fit(x, y, w);
            var b = new SVC(gamma: 0.3, tol: 1e-6, decisionFunctionShape: DecisionFunctionShape.Ovo, probability: probability, randomState: 3).Fit(xk, yk);
            Assert.Equal(b.DecisionFunction(xt).ToDoubleArray(), a.DecisionFunction(xt).ToDoubleArray());
            Assert.Equal(b.DualCoef.ToDoubleArray(), a.DualCoef.ToDoubleArray());
            Assert.Equal(b.NSupport.ToArray<long>(), a.NSupport.ToArray<long>());
            // Support indexes the original rows (sklearn 1.2 numbers the kept rows instead)
            Assert.Equal(b.Support.ToArray<long>().Select(i => (long)kept[i]), a.Support.ToArray<long>());
            Assert.Equal(Rows(x, a.Support.ToArray<long>().Select(i => (int)i).ToArray()).ToDoubleArray(), a.SupportVectors.ToDoubleArray());
            if (probability) Assert.Equal(b.PredictProba(xt).ToDoubleArray(), a.PredictProba(xt).ToDoubleArray());
        }
        var t = x.Select(1, 2);
        var ra = new SVR(gamma: 0.3, tol: 1e-6).Fit(x, t, w);
        var rb = new SVR(gamma: 0.3, tol: 1e-6).Fit(xk, Rows(t, kept));
        Assert.Equal(rb.Predict(xt).ToDoubleArray(), ra.Predict(xt).ToDoubleArray());
        Assert.Equal(rb.Support.ToArray<long>().Select(i => (long)kept[i]), ra.Support.ToArray<long>());
    }

    [Fact]
    public void SvcNeedsAPositiveWeightInEveryClass()
    {
        var (x, y) = Blobs(30, 12);
        var w = y.ToArray<long>().Select(v => v == 2 ? 0.0 : 1.0).ToArray();
        var ex = Assert.Throws<ArgumentException>(() => new SVC().Fit(x, y, Tensor.FromArray(w, w.Length)));
        Assert.Contains("SVC.Fit", ex.Message);
        Assert.Contains("class 2", ex.Message);
    }

    [Fact]
    public void SvcWeightScalesTheBoxOfEachSample()
    {
        // a weight w on every row is C·w: the same problem as SVC(C·w)
        var (x, y) = Blobs(45, 13, sep: 2);
        var xt = Blobs(10, 14).X;
        var w = Tensor.FromArray(Enumerable.Repeat(2.5, 45).ToArray(), 45);
        var a = new SVC(c: 0.8, tol: 1e-6).Fit(x, y, w);
        var b = new SVC(c: 2.0, tol: 1e-6).Fit(x, y);
        Close(b.DecisionFunction(xt), a.DecisionFunction(xt), 1e-9, "decision_function");
    }

    [Fact]
    public void LinearSvcWeightsAreRepeatedRowsAndZerosRemoveRows()
    {
        var (x, y) = Blobs(60, 25, sep: 2);
        var xt = Blobs(20, 26).X;
        foreach (var loss in new[] { HingeLoss.SquaredHinge, HingeLoss.Hinge })
        {
            // zero weights: the rows drop out before the visiting order is drawn, so the fit is the one without them
            var (w0, xk, yk, _) = DropEveryFifth(x, y);
            var a = new LinearSVC(loss, tol: 1e-8, maxIter: 100_000, randomState: 1).Fit(x, y, w0);
            var b = new LinearSVC(loss, tol: 1e-8, maxIter: 100_000, randomState: 1).Fit(xk, yk);
            Assert.Equal(b.Coef.ToDoubleArray(), a.Coef.ToDoubleArray());
            Assert.Equal(b.Intercept.ToDoubleArray(), a.Intercept.ToDoubleArray());
            // integer weights: Σ C·wᵢ·ℓᵢ is the repeated rows' objective; its optimum is unique, reached by both to ~tol
            var (w, xr, yr, _) = Repeat(x, y, 27);
            var c = new LinearSVC(loss, tol: 1e-10, maxIter: 1_000_000, randomState: 1).Fit(x, y, w);
            var d = new LinearSVC(loss, tol: 1e-10, maxIter: 1_000_000, randomState: 1).Fit(xr, yr);
            Close(d.DecisionFunction(xt), c.DecisionFunction(xt), 1e-6, $"LinearSVC({loss}) decision_function");
        }
    }

    // ---------------------------------------------------------------- KMeans

    [Fact]
    public void KMeansIntegerWeightsAreRepeatedRowsFromTheSameCentres()
    {
        var (x, _) = Blobs(90, 15);
        var (w, xr, _, rows) = Repeat(x, Tensor.FromArray(new long[90], 90), 16);
        var init = Rows(x, [0, 1, 2]);
        // tol = 0: the tolerance is scaled by the unweighted Var(X), which repetition changes; strict convergence both ways
        var a = new KMeans(3, initCenters: init, tol: 0).Fit(x, null, w);
        var b = new KMeans(3, initCenters: init, tol: 0).Fit(xr);
        Close(b.ClusterCenters, a.ClusterCenters, 1e-12, "cluster_centers");
        Assert.Equal(b.Inertia, a.Inertia, 1e-9 * b.Inertia);
        Assert.Equal(b.NIter, a.NIter);
        var lb = b.Labels.ToArray<long>();
        var la = a.Labels.ToArray<long>();
        for (int t = 0; t < rows.Length; t++) Assert.Equal(lb[t], la[rows[t]]);
    }

    [Fact]
    public void KMeansZeroWeightsAreRemovedRowsFromTheSameCentres()
    {
        var (x, y) = Blobs(90, 17);
        var (w, xk, _, kept) = DropEveryFifth(x, y);
        var init = Rows(x, [0, 1, 2]);
        var a = new KMeans(3, initCenters: init, tol: 0).Fit(x, null, w);
        var b = new KMeans(3, initCenters: init, tol: 0).Fit(xk);
        Close(b.ClusterCenters, a.ClusterCenters, 1e-12, "cluster_centers");
        Assert.Equal(b.Inertia, a.Inertia, 1e-9 * b.Inertia);
        var lb = b.Labels.ToArray<long>();
        var la = a.Labels.ToArray<long>();
        for (int t = 0; t < kept.Length; t++) Assert.Equal(lb[t], la[kept[t]]);
    }

    // ---------------------------------------------------------------- MiniBatchKMeans

    /// <summary>Five full-batch PartialFit steps from centres = rows 0..2, no re-seeding: no draw depends on n, so
    /// weights and repeated/removed rows must agree.</summary>
    private static MiniBatchKMeans PartialFits(Tensor x, Tensor init, Tensor? w)
    {
        var m = new MiniBatchKMeans(3, initCenters: init, reassignmentRatio: 0, randomState: 0);
        for (int s = 0; s < 5; s++) m.PartialFit(x, w);
        return m;
    }

    [Fact]
    public void MiniBatchKMeansIntegerWeightsAreRepeatedRows()
    {
        var (x, _) = Blobs(90, 25);
        var (w, xr, _, rows) = Repeat(x, Tensor.FromArray(new long[90], 90), 26);
        var init = Rows(x, [0, 1, 2]);
        var a = PartialFits(x, init, w);
        var b = PartialFits(xr, init, null);
        // the only difference is rounding: wᵢxᵢ in one fused multiply-add against wᵢ separate additions (values ~5,
        // 5 steps: a few ulps of 10, far below 1e-10)
        Close(b.ClusterCenters, a.ClusterCenters, 1e-10, "cluster_centers");
        Assert.Equal(b.Counts.ToDoubleArray(), a.Counts.ToDoubleArray()); // integer sums: exact
        Assert.Equal(b.Inertia, a.Inertia, 1e-9 * b.Inertia);
        var lb = b.Labels.ToArray<long>();
        var la = a.Labels.ToArray<long>();
        for (int t = 0; t < rows.Length; t++) Assert.Equal(lb[t], la[rows[t]]);
    }

    [Fact]
    public void MiniBatchKMeansZeroWeightsAreRemovedRows()
    {
        var (x, y) = Blobs(90, 27);
        var (w, xk, _, kept) = DropEveryFifth(x, y);
        var init = Rows(x, [0, 1, 3]); // row 2 weighs 0: seed from kept rows
        var a = PartialFits(x, init, w);
        var b = PartialFits(xk, init, null);
        Close(b.ClusterCenters, a.ClusterCenters, 1e-12, "cluster_centers");
        Assert.Equal(b.Counts.ToDoubleArray(), a.Counts.ToDoubleArray());
        Assert.Equal(b.Inertia, a.Inertia, 1e-9 * b.Inertia);
        var lb = b.Labels.ToArray<long>();
        var la = a.Labels.ToArray<long>();
        for (int t = 0; t < kept.Length; t++) Assert.Equal(lb[t], la[kept[t]]);
    }

    [Fact]
    public void MiniBatchKMeansPartialFitWeightsOfOneAreTheUnweightedSteps()
    {
        var (x, _) = Blobs(90, 28);
        var init = Rows(x, [0, 1, 2]);
        var a = PartialFits(x, init, Tensor.FromArray(Enumerable.Repeat(1.0, 90).ToArray(), 90));
        var b = PartialFits(x, init, null);
        Assert.Equal(b.ClusterCenters.ToDoubleArray(), a.ClusterCenters.ToDoubleArray());
        Assert.Equal(b.Counts.ToDoubleArray(), a.Counts.ToDoubleArray());
        Assert.Equal(b.Inertia, a.Inertia);
    }

    [Fact]
    public void MiniBatchKMeansHeavyRowsPullTheirCentre()
    {
        // one centre over three blobs: the running (weighted) mean of the sampled rows. Weight 50 on blob 0 puts the
        // weighted mean at ≈ (50·c₀ + c₁ + c₂)/52, 0.16 of a blob spacing (3) away from c₀; the unweighted mean is
        // (c₀+c₁+c₂)/3, about 2.4 away. 3·90/16 steps of 16 rows sample the data with noise of a few tenths.
        var (x, _) = Blobs(90, 29);
        var w = Tensor.FromArray(Enumerable.Range(0, 90).Select(i => i % 3 == 0 ? 50.0 : 1.0).ToArray(), 90);
        var heavy = new MiniBatchKMeans(1, batchSize: 16, maxIter: 3, randomState: 5).Fit(x, null, w).ClusterCenters.ToDoubleArray();
        var plain = new MiniBatchKMeans(1, batchSize: 16, maxIter: 3, randomState: 5).Fit(x).ClusterCenters.ToDoubleArray();
        double Dist0(double[] c) => Math.Sqrt(c.Sum(v => v * v)); // blob 0 is centred at the origin
        Assert.True(Dist0(heavy) < 0.8, $"weighted centre {Dist0(heavy)} from blob 0");
        Assert.True(Dist0(plain) > 1.5, $"unweighted centre {Dist0(plain)} from blob 0");
    }

    // ---------------------------------------------------------------- histogram gradient boosting

    [Fact]
    public void HistRegressorIntegerWeightsAreRepeatedRows()
    {
        // exact when the bin edges are the same: with at most max_bins distinct values per feature they are the
        // midpoints of the distinct values, which repetition does not change; min_samples_leaf = 1 since it counts rows
        var (x, _) = Blobs(120, 20);
        var xa = x.ToDoubleArray();
        var t = Tensor.FromArray(Enumerable.Range(0, 120).Select(i => Math.Sin(xa[i * 4]) + xa[i * 4 + 1] * xa[i * 4 + 2]).ToArray(), 120);
        var (w, xr, tr, _) = Repeat(x, t, 21);
        var xt = Blobs(30, 22).X;
        var a = new HistGradientBoostingRegressor(maxIter: 20, minSamplesLeaf: 1, maxLeafNodes: 8).Fit(x, t, w);
        var b = new HistGradientBoostingRegressor(maxIter: 20, minSamplesLeaf: 1, maxLeafNodes: 8).Fit(xr, tr);
        // gradients are stored as float32 (as in sklearn): w·g rounded once vs g rounded and summed w times differ by
        // float32 rounding, ~1e-8 on these values
        Close(b.Predict(xt), a.Predict(xt), 1e-7, "HGB regressor predict");
        var y = Tensor.FromArray(t.ToDoubleArray().Select(v => v > 0.3 ? 1L : 0L).ToArray(), 120);
        var yr = Repeat(x, y, 21).YRep;
        var ca = new HistGradientBoostingClassifier(maxIter: 20, minSamplesLeaf: 1, maxLeafNodes: 8).Fit(x, y, w);
        var cb = new HistGradientBoostingClassifier(maxIter: 20, minSamplesLeaf: 1, maxLeafNodes: 8).Fit(xr, yr);
        Close(cb.DecisionFunction(xt), ca.DecisionFunction(xt), 1e-7, "HGB classifier decision_function");
    }

    [Fact]
    public void HistEarlyStoppingScoresAreWeightedMeans()
    {
        // early stopping on a small problem: the split is the unweighted one (all-ones weights give the unweighted fit,
        // scores included), and with real weights the first train/validation scores are the weighted mean half loss at
        // the weighted baseline, which a constant weight factor does not change
        var (x, _) = Blobs(300, 23);
        var xa = x.ToDoubleArray();
        var t = Tensor.FromArray(Enumerable.Range(0, 300).Select(i => xa[i * 4] - 0.5 * xa[i * 4 + 3]).ToArray(), 300);
        HistGradientBoostingRegressor Make() => new(maxIter: 60, earlyStopping: true, randomState: 4, nIterNoChange: 5);
        var plain = Make().Fit(x, t);
        var ones = Make().Fit(x, t, Tensor.FromArray(Enumerable.Repeat(1.0, 300).ToArray(), 300));
        var threes = Make().Fit(x, t, Tensor.FromArray(Enumerable.Repeat(3.0, 300).ToArray(), 300));
        Assert.Equal(plain.ValidationScore.ToDoubleArray(), ones.ValidationScore.ToDoubleArray());
        // equal up to the float32 rounding of 3·g versus g in the stored gradients (as sklearn stores them)
        Close(plain.ValidationScore, threes.ValidationScore, 1e-8, "validation_score, weights 3");
        Close(plain.TrainScore, threes.TrainScore, 1e-8, "train_score, weights 3");
        Assert.Equal(plain.NIter, threes.NIter);
        // weights that favour half the rows move the baseline and every score
        var g = new Generator(24);
        var w = Tensor.FromArray(Enumerable.Range(0, 300).Select(i => xa[i * 4 + 1] > 0 ? 3.0 : 0.2 + g.NextDouble()).ToArray(), 300);
        var weighted = Make().Fit(x, t, w);
        Assert.NotEqual(plain.ValidationScore.ToDoubleArray()[0], weighted.ValidationScore.ToDoubleArray()[0]);
    }
}
