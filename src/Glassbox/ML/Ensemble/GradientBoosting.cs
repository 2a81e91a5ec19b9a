using Glassbox.ML.Options;
using Glassbox.ML.Tree;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Ensemble;

/// <summary>The losses of classic gradient boosting (<c>sklearn.ensemble._gb_losses</c>).</summary>
internal enum GbLoss
{
    /// <summary>½(y − F)² (<c>"squared_error"</c>): residual y − F, leaves keep the tree's mean.</summary>
    SquaredError,
    /// <summary>|y − F| (<c>"absolute_error"</c>): residual sign(y − F) (0 → −1), leaves = weighted median of y − F.</summary>
    AbsoluteError,
    /// <summary>Binomial deviance (<c>"log_loss"</c>, 2 classes): residual y − σ(F), leaves = Σr / Σp(1 − p).</summary>
    Binary,
    /// <summary>Multinomial deviance (<c>"log_loss"</c>, K ≥ 3 classes): K trees per stage on y_k − softmax_k(F).</summary>
    Multinomial,
    /// <summary>Huber (<c>"huber"</c>): ½d² for |d| ≤ δ, δ(|d| − δ/2) beyond, with δ the α-quantile of |y − F| each
    /// stage; residual d clipped to ±δ; leaves = median + mean clipped deviation from it.</summary>
    Huber,
    /// <summary>Pinball loss (<c>"quantile"</c>): α·d for d &gt; 0, (α − 1)·d otherwise; residual α or α − 1; leaves =
    /// the α-quantile of y − F. F estimates the conditional α-quantile.</summary>
    Quantile,
    /// <summary>AdaBoost's exponential loss (<c>"exponential"</c>, 2 classes): e^{−ỹF} with ỹ = 2y − 1; residual
    /// ỹ·e^{−ỹF}; leaves = Σỹe^{−ỹF} / Σe^{−ỹF}; P(y = 1) = σ(2F).</summary>
    Exponential,
}

/// <summary>Fitted state of a classic gradient-boosting model.</summary>
/// <param name="Init">Initial raw score per column [K] (<c>init_</c>'s raw prediction).</param>
/// <param name="Trees">Regression trees [n_estimators][K] (<c>estimators_</c>), leaf values already Newton/median-updated.</param>
/// <param name="TrainScore">Training loss after each stage, on the in-bag samples (<c>train_score_</c>).</param>
/// <param name="LearningRate">Shrinkage ν applied to each tree's value.</param>
/// <param name="OobImprovement">With subsample &lt; 1: per stage, the out-of-bag loss before it minus after it
/// (<c>oob_improvement_</c>); null otherwise.</param>
internal sealed record GbModel(double[] Init, TreeStructure[][] Trees, double[] TrainScore, double LearningRate, double[]? OobImprovement = null);

/// <summary>Early stopping of one boosting run (sklearn's <c>n_iter_no_change</c>, <c>validation_fraction</c>,
/// <c>tol</c>); null <see cref="NIterNoChange"/> turns it off.</summary>
internal sealed record GbEarlyStopping(int? NIterNoChange, double ValidationFraction, double Tol);

/// <summary>Hyperparameters of one boosting run.</summary>
internal sealed record GbSettings(GbLoss Loss, double LearningRate, int NEstimators, double Subsample, SplitCriterion Criterion,
    int MinSamplesSplit, int MinSamplesLeaf, int? MaxDepth, MaxFeatures? MaxFeatures, long? RandomState, double Alpha = 0.9,
    GbEarlyStopping? EarlyStopping = null, double CcpAlpha = 0.0, int? MaxLeafNodes = null);

/// <summary>
/// Friedman's gradient boosting machine (Friedman 2001, "Greedy function approximation"; stochastic variant Friedman
/// 2002) as <c>sklearn.ensemble.GradientBoostingRegressor/Classifier</c> 1.2 fits it:
/// F₀ = the loss's best constant; stage m: rᵢ = −∂L(yᵢ, F(xᵢ))/∂F, fit a CART regression tree hₘ to r (in-bag samples
/// only, as 0/1 sample weights), replace each leaf value by the loss's one-step optimum γ over the leaf's in-bag samples,
/// then F ← F + ν·γ(leaf(x)) for all samples.
/// </summary>
/// <remarks>
/// Random streams reproduce sklearn's: one MT19937 <c>RandomState(random_state)</c> feeds, per stage, the subsample mask
/// (<c>_random_sample_mask</c>: uᵢ·(n − i) &lt; n_inbag − bagged so far) and then one splitter seed per tree
/// (<c>randint(0, RAND_R_MAX)</c>). So a seeded fit is deterministic and, on data without ties, equal to sklearn's,
/// subsampling included. Trees see float32 features, like sklearn (it converts X to float32 in GB's fit and predict).
/// One trap: when two features induce the very same partition of a node, the winner is decided by last-bit rounding of
/// the proxy improvement; for the log losses the residuals go through exp, and NumPy's SIMD exp (AVX-512) differs from
/// libm's in the last bit, so such near-ties may break differently from sklearn on some machines.
/// <para>
/// Sample weights wᵢ (<c>fit(X, y, sample_weight)</c>) enter where sklearn 1.2 puts them: F₀ is the weighted
/// constant (weighted mean, lower weighted median / α-quantile, weighted class priors; see
/// <see cref="InitRawWeighted"/>); each tree is grown with weights wᵢ·maskᵢ; every leaf optimum is weighted (see
/// <see cref="UpdateLeaves"/>); Huber's δ is the weighted α-quantile of |y − F| over all rows; <c>train_score_</c> is
/// Σwᵢlᵢ/Σwᵢ over the in-bag rows. The subsample mask itself ignores the weights. One deliberate difference: weights
/// that are all equal keep the unweighted (interpolated) median/quantile F₀, where sklearn switches to the lower weighted
/// one as soon as any sample_weight is passed.
/// </para>
/// </remarks>
internal static class GradientBoosting
{
    /// <summary>float32 machine epsilon: sklearn clips the prior probabilities to [eps, 1 − eps] with it.</summary>
    private const double Eps32 = 1.1920928955078125e-07;

    /// <summary>Fits the model. <paramref name="y"/> holds regression targets, or class indices 0..K−1 as doubles;
    /// <paramref name="sampleWeight"/> the validated per-sample weights (null: unweighted).</summary>
    public static GbModel Fit(double[] x, int n, int p, double[] y, int nClasses, GbSettings s, double[]? sampleWeight = null,
        string who = "GradientBoosting.Fit")
    {
        if (s.EarlyStopping is { NIterNoChange: not null } es)
        {
            var v = EarlyStoppingSplit.Make(x, n, p, y, nClasses, s, sampleWeight, es.ValidationFraction, who);
            return FitStages(v.X, v.N, p, v.Y, nClasses, s, v.Weight, v);
        }
        return FitStages(x, n, p, y, nClasses, s, sampleWeight, null);
    }

    /// <summary>The boosting loop on (x, y); <paramref name="val"/> holds the early-stopping validation rows when set.</summary>
    private static GbModel FitStages(double[] x, int n, int p, double[] y, int nClasses, GbSettings s, double[]? sampleWeight, EarlyStoppingSplit? val)
    {
        var data = new ColumnData(x, n, p);
        int k = s.Loss == GbLoss.Multinomial ? nClasses : 1;
        var sw = sampleWeight;
        // sklearn fits its init estimator with sample_weight only when one was passed, and then the median/quantile
        // inits become _weighted_percentile's lower value instead of np.percentile's interpolated one. Weights that are
        // all equal describe the unweighted problem, so they keep the unweighted init (the Estimator contract: weights
        // of one are no weights); any other weights give sklearn's weighted init.
        var init = sw is null || Array.TrueForAll(sw, v => v == sw[0]) ? InitRaw(s.Loss, y, n, k, s.Alpha) : InitRawWeighted(s.Loss, y, sw, k, s.Alpha);
        var raw = new double[n * k];
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) raw[i * k + c] = init[c];
        var rng = new SklearnRandom(Cart.SeedOf(s.RandomState));
        // A stage's K trees are independent (each fits its class's residuals at the stage's starting scores), so with
        // K > 1 they grow on parallel threads, each single-threaded; a lone tree instead splits its large nodes'
        // features across threads.
        bool treeParallel = k > 1 && Kernels.Par.MaxThreads > 1;
        var settings = Cart.Settings(s.Criterion, s.MaxDepth, s.MinSamplesSplit, s.MinSamplesLeaf, s.MaxFeatures, 0.0, s.MaxLeafNodes, p, 0, !treeParallel);
        int nInBag = Math.Max(1, (int)(s.Subsample * n));
        var trees = new TreeStructure[s.NEstimators][];
        var trainScore = new double[s.NEstimators];
        var oobImprovement = s.Subsample < 1.0 ? new double[s.NEstimators] : null;
        double previousDelta = double.NaN;
        var residual = new double[k][];
        var yk = new double[k][];
        var leafOf = new int[k][];
        for (int c = 0; c < k; c++) { residual[c] = new double[n]; yk[c] = new double[n]; leafOf[c] = new int[n]; }
        var seeds = new uint[k];
        var start = new double[n * k];
        var workspaces = new TreeWorkspacePool();
        if (treeParallel) data.Sorted(true);
        var monitor = val is null ? null : new EarlyStoppingMonitor(val, init, k, s);
        int stages = s.NEstimators;
        for (int m = 0; m < s.NEstimators; m++)
        {
            double[]? mask = s.Subsample < 1.0 ? SampleMask(n, nInBag, rng) : null;
            // the trees and the leaf updates see sample_weight · mask (sklearn: sample_weight * sample_mask)
            double[]? w = Cart.Multiply(sw, mask);
            Array.Copy(raw, start, raw.Length);
            var stage = trees[m] = new TreeStructure[k];
            // sklearn draws tree c's splitter seed just before growing it; nothing else draws in between
            for (int c = 0; c < k; c++) seeds[c] = rng.RandInt(SklearnRandom.RandRMax);
            // Huber's δ: the weighted α-quantile of |y − F| over all rows (sklearn passes the full sample_weight here,
            // units when unweighted, not the subsample mask, so it is _weighted_percentile's lower quantile, not
            // np.percentile's interpolated one)
            double delta = s.Loss == GbLoss.Huber ? WeightedPercentile(Enumerable.Range(0, n).Select(i => Math.Abs(y[i] - raw[i])).ToArray(), sw, s.Alpha * 100) : 0;
            // out-of-bag rows (mask 0) carry weight sw·(1 − mask); the loss before the stage uses the δ of the stage
            // before (sklearn's Huber keeps the last δ it computed; at the first stage it takes the OOB rows' own quantile)
            double[]? oobW = null;
            double oobBefore = 0;
            if (mask is not null)
            {
                oobW = new double[n];
                for (int i = 0; i < n; i++) oobW[i] = (1 - mask[i]) * (sw is null ? 1.0 : sw[i]);
                double oldDelta = previousDelta;
                if (s.Loss == GbLoss.Huber && m == 0)
                {
                    var rows = Enumerable.Range(0, n).Where(i => oobW[i] > 0).ToArray();
                    oldDelta = WeightedPercentile(rows.Select(i => Math.Abs(y[i] - raw[i])).ToArray(), rows.Select(i => oobW[i]).ToArray(), s.Alpha * 100);
                }
                oobBefore = LossValue(s.Loss, y, raw, n, k, oobW, oldDelta, s.Alpha);
            }
            previousDelta = delta;
            void Grow(int c)
            {
                Residuals(s.Loss, y, start, k, c, residual[c], yk[c], delta, s.Alpha);
                // sklearn prunes each stage's tree (ccp_alpha) right after growing it, before the leaf update
                var tree = CostComplexityPruning.Prune(
                    workspaces.With(ws => new TreeBuilder(data, null, 1, residual[c], w, settings with { SplitterSeed = seeds[c] }, ws).Build()), s.CcpAlpha);
                for (int i = 0; i < n; i++) leafOf[c][i] = tree.ApplyRow(x, i);
                if (s.Loss != GbLoss.SquaredError) UpdateLeaves(s.Loss, tree, leafOf[c], mask, w, y, raw, k, residual[c], yk[c], nClasses, delta, s.Alpha);
                stage[c] = tree;
            }
            if (treeParallel) Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Kernels.Par.MaxThreads }, Grow);
            else for (int c = 0; c < k; c++) Grow(c);
            for (int c = 0; c < k; c++)
                for (int i = 0; i < n; i++) raw[i * k + c] += s.LearningRate * stage[c].value[leafOf[c][i]];
            trainScore[m] = LossValue(s.Loss, y, raw, n, k, w, delta, s.Alpha);
            if (oobImprovement is not null) oobImprovement[m] = oobBefore - LossValue(s.Loss, y, raw, n, k, oobW, delta, s.Alpha);
            if (monitor is not null && monitor.StopAfter(m, stage, delta)) { stages = m + 1; break; }
        }
        // early stopping keeps the stage that failed to improve, as sklearn's n_estimators_ = i + 1 does
        return new GbModel(init, trees[..stages], trainScore[..stages], s.LearningRate, oobImprovement?[..stages]);
    }

    /// <summary>The raw prediction of the loss's initial estimator: mean, lower weighted median, log-odds of the
    /// positive-class prior, or log class priors (priors clipped to [eps₃₂, 1 − eps₃₂]).</summary>
    private static double[] InitRaw(GbLoss loss, double[] y, int n, int k, double alpha)
    {
        switch (loss)
        {
            case GbLoss.Huber:
                return [Percentile(y, 50)];
            case GbLoss.Quantile:
                return [Percentile(y, alpha * 100)];
            case GbLoss.Exponential:
                {
                    double pos = 0;
                    foreach (var v in y) pos += v;
                    double pr = Math.Clamp(pos / n, Eps32, 1 - Eps32);
                    return [0.5 * Math.Log(pr / (1 - pr))];
                }
            case GbLoss.SquaredError:
                {
                    double sum = 0;
                    foreach (var v in y) sum += v;
                    return [sum / n];
                }
            case GbLoss.AbsoluteError:
                // unweighted fit: DummyRegressor(quantile=0.5) calls np.percentile(y, 50), the interpolated median,
                // unlike the lower median of the leaves
                return [Percentile(y, 50)];
            case GbLoss.Binary:
                {
                    double pos = 0;
                    foreach (var v in y) pos += v;
                    double pr = Math.Clamp(pos / n, Eps32, 1 - Eps32);
                    return [Math.Log(pr / (1 - pr))];
                }
            default:
                {
                    var r = new double[k];
                    foreach (var v in y) r[(int)v] += 1;
                    for (int c = 0; c < k; c++) r[c] = Math.Log(Math.Clamp(r[c] / n, Eps32, 1 - Eps32));
                    return r;
                }
        }
    }

    /// <summary>
    /// The init estimator fitted with sample weights (sklearn's <c>DummyRegressor/DummyClassifier.fit(X, y,
    /// sample_weight)</c>): the weighted mean Σwy/Σw (<c>np.average</c>); the lower weighted median or α-quantile
    /// (<c>_weighted_percentile</c>); the weighted class priors W_k / Σ_c W_c with W_k = Σ_{yᵢ=k} wᵢ (<c>np.bincount</c>
    /// with weights), turned into raw scores as in <see cref="InitRaw"/>.
    /// </summary>
    private static double[] InitRawWeighted(GbLoss loss, double[] y, double[] w, int k, double alpha)
    {
        int n = y.Length;
        switch (loss)
        {
            case GbLoss.SquaredError:
                {
                    double sy = 0, sw = 0;
                    for (int i = 0; i < n; i++) { sy += y[i] * w[i]; sw += w[i]; }
                    return [sy / sw];
                }
            case GbLoss.AbsoluteError or GbLoss.Huber:
                return [WeightedPercentile(y, w, 50)];
            case GbLoss.Quantile:
                return [WeightedPercentile(y, w, alpha * 100)];
        }
        var classes = new double[Math.Max(k, 2)];
        for (int i = 0; i < n; i++) classes[(int)y[i]] += w[i];
        double total = 0;
        foreach (var v in classes) total += v;
        if (loss is GbLoss.Binary or GbLoss.Exponential)
        {
            double pr = Math.Clamp(classes[1] / total, Eps32, 1 - Eps32);
            double logit = Math.Log(pr / (1 - pr));
            return [loss == GbLoss.Exponential ? 0.5 * logit : logit];
        }
        var r = new double[k];
        for (int c = 0; c < k; c++) r[c] = Math.Log(Math.Clamp(classes[c] / total, Eps32, 1 - Eps32));
        return r;
    }

    /// <summary>
    /// np.percentile(a, q) with its default linear interpolation: position q/100·(n − 1) between the sorted values,
    /// computed as numpy's lerp does (b − (b − a)·(1 − t) for t ≥ ½), so the last bit agrees.
    /// </summary>
    internal static double Percentile(double[] a, double q)
    {
        var sorted = (double[])a.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        double pos = q / 100 * (n - 1);
        int lo = (int)Math.Floor(pos);
        double t = pos - lo, x0 = sorted[lo], x1 = sorted[Math.Min(lo + 1, n - 1)];
        return t >= 0.5 ? x1 - (x1 - x0) * (1 - t) : x0 + (x1 - x0) * t;
    }

    /// <summary>Negative gradient of column <paramref name="c"/> at raw scores <paramref name="raw"/> [n, k];
    /// <paramref name="yk"/> receives the 0/1 target of class c (multinomial) or y itself.</summary>
    private static void Residuals(GbLoss loss, double[] y, double[] raw, int k, int c, double[] r, double[] yk, double delta, double alpha)
    {
        int n = r.Length;
        for (int i = 0; i < n; i++)
        {
            switch (loss)
            {
                case GbLoss.SquaredError: r[i] = y[i] - raw[i]; yk[i] = y[i]; break;
                case GbLoss.AbsoluteError: r[i] = y[i] - raw[i] > 0 ? 1.0 : -1.0; yk[i] = y[i]; break;
                case GbLoss.Binary: r[i] = y[i] - Sigmoid(raw[i]); yk[i] = y[i]; break;
                case GbLoss.Huber:
                    {
                        double d = y[i] - raw[i];
                        r[i] = Math.Abs(d) <= delta ? d : delta * Math.Sign(d);
                        yk[i] = y[i];
                        break;
                    }
                case GbLoss.Quantile: r[i] = y[i] > raw[i] ? alpha : alpha - 1; yk[i] = y[i]; break;
                case GbLoss.Exponential:
                    {
                        double s = 2 * y[i] - 1;
                        r[i] = s * Math.Exp(-s * raw[i]);
                        yk[i] = y[i];
                        break;
                    }
                default:
                    {
                        double lse = LogSumExp(raw, i * k, k);
                        yk[i] = y[i] == c ? 1.0 : 0.0;
                        r[i] = yk[i] - Math.Exp(raw[i * k + c] - lse);
                        break;
                    }
            }
        }
    }

    /// <summary>
    /// One-step leaf optimum over the leaf's in-bag samples (sklearn's <c>_update_terminal_region</c>), with the
    /// weights wᵢ = sample_weightᵢ (in-bag rows only): absolute error / quantile: weighted median / α-quantile of
    /// y − F; Huber: weighted median m plus the unweighted mean of clip(d − m, ±δ) over the leaf's in-bag rows (sklearn
    /// takes <c>np.mean</c> there, so rows of weight 0 count); log loss: Σwr / Σw(y − r)(1 − y + r) (= Σwr / Σwp(1 − p)),
    /// times (K − 1)/K for the multinomial loss; exponential: Σwỹe^{−ỹF} / Σwe^{−ỹF}; 0 when the denominator is below 1e-150.
    /// <c>mask</c> is the stage's 0/1 in-bag mask (null when not subsampling): a leaf's rows are its in-bag rows,
    /// whatever their weight; <c>w</c> is sample_weight · mask (null when both are absent: unit weights).
    /// </summary>
    private static void UpdateLeaves(GbLoss loss, TreeStructure tree, int[] leafOf, double[]? mask, double[]? w, double[] y, double[] raw, int k,
        double[] r, double[] yk, int nClasses, double delta, double alpha)
    {
        int n = leafOf.Length;
        var members = new List<int>[tree.NodeCount];
        for (int i = 0; i < n; i++)
        {
            if (mask is not null && mask[i] == 0) continue;
            (members[leafOf[i]] ??= []).Add(i);
        }
        for (int leaf = 0; leaf < tree.NodeCount; leaf++)
        {
            if (tree.left[leaf] != -1) continue;
            var idx = members[leaf];
            if (idx is null) continue;
            if (loss is GbLoss.AbsoluteError or GbLoss.Huber or GbLoss.Quantile)
            {
                var diff = new double[idx.Count];
                for (int j = 0; j < idx.Count; j++) diff[j] = y[idx[j]] - raw[idx[j]];
                double[]? lw = null;
                if (w is not null)
                {
                    lw = new double[idx.Count];
                    for (int j = 0; j < idx.Count; j++) lw[j] = w[idx[j]];
                }
                if (loss == GbLoss.Quantile) { tree.value[leaf] = WeightedPercentile(diff, lw, alpha * 100); continue; }
                double median = WeightedMedian(diff, lw);
                if (loss == GbLoss.AbsoluteError) { tree.value[leaf] = median; continue; }
                // Huber: one step from the median towards the mean of the deviations, each clipped to ±δ
                double sum = 0;
                foreach (var d in diff) sum += Math.Sign(d - median) * Math.Min(Math.Abs(d - median), delta);
                tree.value[leaf] = median + sum / diff.Length;
                continue;
            }
            if (loss == GbLoss.Exponential)
            {
                double en = 0, ed = 0;
                foreach (var i in idx)
                {
                    double s = 2 * y[i] - 1, e = Math.Exp(-s * raw[i]);
                    if (w is null)
                    {
                        en += s * e;
                        ed += e;
                    }
                    else
                    {
                        en += s * w[i] * e;
                        ed += w[i] * e;
                    }
                }
                tree.value[leaf] = Math.Abs(ed) < 1e-150 ? 0.0 : en / ed;
                continue;
            }
            double num = 0, den = 0;
            foreach (var i in idx)
            {
                double wi = w is null ? 1.0 : w[i];
                num += wi * r[i];
                den += wi * (yk[i] - r[i]) * (1 - yk[i] + r[i]);
            }
            if (loss == GbLoss.Multinomial) num *= (nClasses - 1) / (double)nClasses;
            tree.value[leaf] = Math.Abs(den) < 1e-150 ? 0.0 : num / den;
        }
    }

    /// <summary>sklearn's <c>_weighted_percentile(a, w, 50)</c>: the lower median for unit weights (no interpolation).</summary>
    internal static double WeightedMedian(double[] a, double[]? w) => WeightedPercentile(a, w, 50);

    /// <summary>
    /// sklearn's <c>_weighted_percentile(a, w, q)</c>: the smallest sorted value whose cumulative weight reaches
    /// q/100 of the total (a search for the first cumulative sum ≥ it; q = 0 skips leading zero weights).
    /// </summary>
    internal static double WeightedPercentile(double[] a, double[]? w, double q)
    {
        var order = Enumerable.Range(0, a.Length).ToArray();
        var keys = (double[])a.Clone();
        Array.Sort(keys, order);
        double total = 0;
        foreach (var i in order) total += w is null ? 1.0 : w[i];
        double target = q / 100 * total, cum = 0;
        if (target == 0) target = Math.BitIncrement(target);
        for (int j = 0; j < order.Length; j++)
        {
            cum += w is null ? 1.0 : w[order[j]];
            if (cum >= target) return keys[j];
        }
        return keys[^1];
    }

    /// <summary>sklearn's <c>_random_sample_mask</c> on MT19937 uniforms: exactly <paramref name="nInBag"/> ones, as 0/1 weights.</summary>
    private static double[] SampleMask(int n, int nInBag, SklearnRandom rng)
    {
        var u = new double[n];
        for (int i = 0; i < n; i++) u[i] = rng.RandomSample();
        var mask = new double[n];
        int bagged = 0;
        for (int i = 0; i < n; i++)
            if (u[i] * (n - i) < nInBag - bagged) { mask[i] = 1; bagged++; }
        return mask;
    }

    /// <summary>The training loss of sklearn 1.2's loss objects, weighted by sample_weight · in-bag mask
    /// (Σwᵢlᵢ / Σwᵢ): mean squared error, mean
    /// absolute error, binomial deviance −2·mean(yF − log(1 + eᶠ)), multinomial mean(−F_y + logΣeᶠ), Huber with the
    /// stage's δ, pinball loss, mean e^{−ỹF}.</summary>
    internal static double LossValue(GbLoss loss, double[] y, double[] raw, int n, int k, double[]? w, double delta, double alpha)
    {
        double sum = 0, wsum = 0;
        for (int i = 0; i < n; i++)
        {
            double wi = w is null ? 1.0 : w[i];
            if (wi == 0) continue;
            double l = loss switch
            {
                GbLoss.SquaredError => (y[i] - raw[i]) * (y[i] - raw[i]),
                GbLoss.AbsoluteError => Math.Abs(y[i] - raw[i]),
                GbLoss.Binary => y[i] * raw[i] - LogAddExp0(raw[i]),
                GbLoss.Huber => Math.Abs(y[i] - raw[i]) <= delta ? 0.5 * (y[i] - raw[i]) * (y[i] - raw[i]) : delta * (Math.Abs(y[i] - raw[i]) - delta / 2),
                GbLoss.Quantile => y[i] > raw[i] ? alpha * (y[i] - raw[i]) : (alpha - 1) * (y[i] - raw[i]),
                GbLoss.Exponential => Math.Exp(-(2 * y[i] - 1) * raw[i]),
                _ => -raw[i * k + (int)y[i]] + LogSumExp(raw, i * k, k),
            };
            sum += wi * l; wsum += wi;
        }
        return loss == GbLoss.Binary ? -2 * sum / wsum : sum / wsum;
    }

    /// <summary>Raw scores [n, k] = F₀ + ν Σₘ hₘ(x), accumulated stage by stage as sklearn's <c>predict_stages</c>.</summary>
    public static double[] Raw(GbModel model, double[] x, int n, int stages = int.MaxValue)
    {
        int k = model.Init.Length;
        var raw = new double[n * k];
        int nst = Math.Min(stages, model.Trees.Length);
        Kernels.Par.For(n, 64, (a, len) =>
        {
            for (int i = a; i < a + len; i++)
                for (int c = 0; c < k; c++)
                {
                    double v = model.Init[c];
                    for (int m = 0; m < nst; m++)
                    {
                        var t = model.Trees[m][c];
                        v += model.LearningRate * t.value[t.ApplyRow(x, i)];
                    }
                    raw[i * k + c] = v;
                }
        });
        return raw;
    }

    /// <summary>
    /// sklearn 1.2's <c>feature_importances_</c> for boosting: each tree that splits contributes its total weighted
    /// impurity decrease per feature divided by its root weight (<c>compute_feature_importances(normalize=False)</c>);
    /// the mean over those trees is normalised to sum 1 (all zeros when no tree splits).
    /// </summary>
    public static double[] FeatureImportances(GbModel model, int p) => Forest.FeatureImportances(model.Trees.SelectMany(stage => stage), p, false);

    /// <summary>σ(f) = 1/(1 + e⁻ᶠ), written exactly as <c>scipy.special.expit</c> computes it so residuals round alike
    /// (e⁻ᶠ = ∞ for f ≪ 0 gives 0, not NaN).</summary>
    internal static double Sigmoid(double f) => 1 / (1 + Math.Exp(-f));

    /// <summary>log(1 + eᶠ) without overflow (<c>np.logaddexp(0, f)</c>).</summary>
    private static double LogAddExp0(double f) => f > 0 ? f + Math.Log(1 + Math.Exp(-f)) : Math.Log(1 + Math.Exp(f));

    /// <summary>log Σ_c exp(a[o + c]) with the max shifted out.</summary>
    internal static double LogSumExp(double[] a, int o, int k)
    {
        double mx = double.NegativeInfinity;
        for (int c = 0; c < k; c++) mx = Math.Max(mx, a[o + c]);
        double s = 0;
        for (int c = 0; c < k; c++) s += Math.Exp(a[o + c] - mx);
        return mx + Math.Log(s);
    }

    /// <summary>The tree split rule of <paramref name="criterion"/>.</summary>
    public static SplitCriterion Split(GradientBoostingCriterion criterion) =>
        criterion == GradientBoostingCriterion.SquaredError ? SplitCriterion.SquaredError : SplitCriterion.FriedmanMse;

    /// <summary>Writes the model under fixed keys.</summary>
    public static void Save(ModelState st, GbModel m)
    {
        st.Set("init", Tensor.FromArray(m.Init, [m.Init.Length]));
        st.Set("train_score", Tensor.FromArray(m.TrainScore, [m.TrainScore.Length]));
        st.Set("learning_rate_used", m.LearningRate);
        st.Set("n_stages", m.Trees.Length);
        if (m.OobImprovement is { } oob) st.Set("oob_improvement", Tensor.FromArray(oob, [oob.Length]));
        for (int i = 0; i < m.Trees.Length; i++)
            for (int c = 0; c < m.Trees[i].Length; c++) m.Trees[i][c].Save(st, $"t{i}_{c}.");
    }

    /// <summary>Reads what <see cref="Save"/> wrote: <paramref name="treesPerStage"/> regression trees per stage (1, or one per class).</summary>
    public static GbModel Load(ModelState st, int treesPerStage)
    {
        var init = st.GetVector("init", treesPerStage, finite: true);
        var trees = new TreeStructure[st.GetCount("n_stages")][];
        for (int i = 0; i < trees.Length; i++)
        {
            trees[i] = new TreeStructure[init.Length];
            for (int c = 0; c < init.Length; c++) trees[i][c] = TreeStructure.Load(st, $"t{i}_{c}.", 1);
        }
        return new GbModel(init, trees, st.GetVector("train_score", trees.Length), st.GetDouble("learning_rate_used", finite: true),
            st.Contains("oob_improvement") ? st.GetVector("oob_improvement", trees.Length) : null);
    }
}
