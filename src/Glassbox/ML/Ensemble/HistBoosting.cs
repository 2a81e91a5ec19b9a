using Glassbox.ML.Replay;

namespace Glassbox.ML.Ensemble;

/// <summary>Hyperparameters of one histogram-boosting fit (the estimators' constructor arguments, validated).</summary>
internal sealed record HistSettings(int MaxIter, double LearningRate, int MaxLeafNodes, int? MaxDepth, int MinSamplesLeaf, double L2,
    int MaxBins, bool? EarlyStopping, double ValidationFraction, int NIterNoChange, double Tol, long? RandomState, double Quantile = 0.5);

/// <summary>A fitted histogram-boosting model and its early-stopping scores (empty without early stopping).</summary>
internal sealed record HistFit(double[] Baseline, HistTree[][] Trees, double[] TrainScore, double[] ValidationScore);

/// <summary>
/// The boosting loop shared by the histogram gradient-boosting estimators (sklearn's
/// <c>BaseHistGradientBoosting.fit</c>): raw scores start at the loss's best constant; each iteration computes
/// per-sample gradients/hessians of the loss at the current raw scores and adds one tree per output column (K trees
/// for K ≥ 3 classes).
/// </summary>
/// <remarks>
/// Early stopping (on by default above 10,000 samples, <c>early_stopping="auto"</c>): a stratified (classification)
/// or plain random <c>validation_fraction</c> of the rows is held out before binning; after every iteration — and once
/// before the first — the score −mean loss (the half losses sklearn uses: ½(y − f)², log(1 + eᶠ) − y·f,
/// logΣₖe^{fₖ} − f_y) is recorded on both parts, and fitting stops when none of the last <c>n_iter_no_change</c>
/// validation scores beats the one before them by more than <c>tol</c> (<c>_should_stop</c>). The split comes from
/// Glassbox's generator, so it holds out different rows than sklearn's for the same seed.
/// <para>
/// <b>Sample weights</b> (sklearn 1.2's <c>fit(X, y, sample_weight)</c>): every per-sample gradient and hessian is
/// multiplied by wᵢ (gᵢ = wᵢ(f − y), hᵢ = wᵢ for squared error — no longer constant), so histogram sums, split gains
/// G_L²/(H_L+λ) + …, the min-hessian rule and the leaf values −lr·ΣwᵢGᵢ/(ΣwᵢHᵢ + λ) are all weighted; the baseline is
/// the weighted mean target (log-odds of the weighted positive share; log of the weighted class shares); the
/// validation split carries the weights along and both early-stopping scores are weighted means of the half loss
/// (<c>np.average(loss, weights=w)</c>). Not weighted, as in sklearn 1.2: the bin edges (<c>_BinMapper</c> takes no
/// weights), <c>min_samples_leaf</c> (a count of rows) and the choice of validation rows.
/// </para>
/// </remarks>
internal static class HistBoosting
{
    /// <summary>The losses: "squared_error" (½(f − y)², g = f − y, h = 1), binary "log_loss" (g = σ(f) − y, h = σ(1 − σ)),
    /// multinomial "log_loss" (g_k = softmax_k − 1[y = k], h_k = p_k(1 − p_k)).</summary>
    public enum Loss { SquaredError, Binary, Multinomial, Poisson, AbsoluteError, Quantile }

    /// <summary>Fits the model; <paramref name="yAll"/> holds targets, or class indices 0..K−1 as doubles;
    /// <paramref name="wAll"/> the sample weights, or null; <paramref name="categories"/> the known categories of the
    /// categorical features (from all rows, before any validation split, as sklearn), or null when none is;
    /// <paramref name="vectorizedKernels"/> forces the histogram kernels' vector or scalar path (null: the hardware
    /// default), for tests and the A/B benchmark: both fit the same trees.</summary>
    public static HistFit Fit(double[] xAll, int nAll, int p, Loss loss, double[] yAll, int nClasses, HistSettings s, double[]? wAll = null,
        double[]?[]? categories = null, bool? vectorizedKernels = null)
    {
        int maxIter = s.MaxIter, maxBins = s.MaxBins;
        bool earlyStop = s.EarlyStopping ?? nAll > 10000;
        double[] x = xAll, y = yAll, xVal = [], yVal = [];
        double[]? w = wAll, wVal = null;
        int n = nAll, nVal = 0;
        if (earlyStop)
        {
            // sklearn 1.2: rng = RandomState(random_state); _random_seed = rng.randint(2³² − 1, dtype="u8"); then
            // train_test_split(..., stratify=y for classifiers, random_state=_random_seed) — replayed draw for draw, so
            // the same seed holds out the same rows as sklearn
            uint splitSeed = new SklearnRandom(Tree.Cart.SeedOf(s.RandomState)).RandInt(uint.MaxValue);
            int[]? strata = loss is Loss.Binary or Loss.Multinomial ? Array.ConvertAll(yAll, v => (int)v) : null;
            var (train, val) = SklearnTrainTestSplit.Split(nAll, s.ValidationFraction, strata, splitSeed, "HistGradientBoosting.Fit");
            (x, y, n) = (Gather(xAll, p, train), Array.ConvertAll(train, i => yAll[i]), train.Length);
            (xVal, yVal, nVal) = (Gather(xAll, p, val), Array.ConvertAll(val, i => yAll[i]), val.Length);
            if (wAll is not null) (w, wVal) = (Array.ConvertAll(train, i => wAll[i]), Array.ConvertAll(val, i => wAll[i]));
        }
        var binner = new HistBinner(x, n, p, maxBins, categories);
        var bins = binner.Transform(x, n, p);
        int k = loss == Loss.Multinomial ? nClasses : 1;
        var baseline = new double[k];
        if (loss == Loss.SquaredError) baseline[0] = w is null ? y.Average() : WeightedMean(y, w, v => v);
        else if (loss is Loss.AbsoluteError or Loss.Quantile)
            baseline[0] = LeafQuantile(y, w, loss == Loss.Quantile ? s.Quantile : 0.5);
        else if (loss == Loss.Poisson)
        {
            // log link: F₀ = log(mean y), the mean clipped at 10ε so that all-zero training targets stay finite
            double mean = w is null ? y.Average() : WeightedMean(y, w, v => v);
            baseline[0] = Math.Log(Math.Max(mean, 10 * 2.220446049250313e-16));
        }
        else
        {
            // sklearn clips the binary share to [10ε, 1 − 10ε] but each multinomial share to [ε, 1 − ε]; only a class
            // whose weights are all 0 gets near either bound
            const double eps = 10 * 2.220446049250313e-16, epsMulti = 2.220446049250313e-16;
            if (loss == Loss.Binary)
            {
                double pm = Math.Clamp(w is null ? y.Average() : WeightedMean(y, w, v => v), eps, 1 - eps);
                baseline[0] = Math.Log(pm / (1 - pm));
            }
            else
            {
                for (int c = 0; c < k; c++)
                {
                    int cc = c;
                    double share = w is null ? y.Count(v => v == cc) / (double)n : WeightedMean(y, w, v => v == cc ? 1.0 : 0.0);
                    double pc = Math.Clamp(share, epsMulti, 1 - epsMulti);
                    baseline[c] = Math.Log(pc);
                }
                double mean = baseline.Average();
                for (int c = 0; c < k; c++) baseline[c] -= mean;
            }
        }
        var raw = new double[n * k];
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) raw[i * k + c] = baseline[c];
        var grower = new HistGrower(bins, n, p, binner.Edges, binner.HasMissing, s.MaxLeafNodes, s.MaxDepth, s.MinSamplesLeaf, s.L2, s.LearningRate, categories)
        {
            Vectorized = vectorizedKernels ?? System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
        };
        var trees = new HistTree[maxIter][];
        var trainScore = new List<double>();
        var valScore = new List<double>();
        var rawVal = new double[nVal * k];
        for (int i = 0; i < nVal; i++) for (int c = 0; c < k; c++) rawVal[i * k + c] = baseline[c];
        if (earlyStop)
        {
            trainScore.Add(-MeanLoss(loss, y, raw, n, k, w, s.Quantile));
            valScore.Add(-MeanLoss(loss, yVal, rawVal, nVal, k, wVal, s.Quantile));
        }
        int done = maxIter;
        var g = new double[k][]; var h = new double[k][];
        for (int c = 0; c < k; c++) { g[c] = new double[n]; h[c] = new double[n]; }
        for (int it = 0; it < maxIter; it++)
        {
            Kernels.Par.For(n, 1024, (a, len) =>
            {
                Span<double> pr = stackalloc double[k];
                for (int i = a; i < a + len; i++)
                {
                    switch (loss)
                    {
                        case Loss.SquaredError:
                            g[0][i] = raw[i] - y[i]; h[0][i] = 1.0; break;
                        case Loss.AbsoluteError:
                            g[0][i] = raw[i] > y[i] ? 1.0 : -1.0; h[0][i] = 1.0; break;
                        case Loss.Quantile:
                            g[0][i] = y[i] >= raw[i] ? -s.Quantile : 1 - s.Quantile; h[0][i] = 1.0; break;
                        case Loss.Poisson:
                            {
                                // half Poisson deviance e^f − y·f (μ = e^f): g = e^f − y, h = e^f
                                double mu = Math.Exp(raw[i]);
                                g[0][i] = mu - y[i]; h[0][i] = mu; break;
                            }
                        case Loss.Binary:
                            {
                                double f = raw[i], s = f >= 0 ? 1 / (1 + Math.Exp(-f)) : Math.Exp(f) / (1 + Math.Exp(f));
                                g[0][i] = s - y[i]; h[0][i] = s * (1 - s); break;
                            }
                        default:
                            {
                                double mx = double.NegativeInfinity, sum = 0;
                                for (int c = 0; c < k; c++) mx = Math.Max(mx, raw[i * k + c]);
                                for (int c = 0; c < k; c++) { pr[c] = Math.Exp(raw[i * k + c] - mx); sum += pr[c]; }
                                for (int c = 0; c < k; c++)
                                {
                                    double pc = pr[c] / sum;
                                    g[c][i] = pc - (y[i] == c ? 1.0 : 0.0);
                                    h[c][i] = pc * (1 - pc);
                                }
                                break;
                            }
                    }
                }
            });
            // sklearn's loss.gradient_hessian(sample_weight=w) scales both by wᵢ and stores them in float32 arrays
            // (G_H_DTYPE): round the same way, so that the histogram sums — and every split gain compared to pick a
            // split — are sklearn's to the last bit
            var ww = w;
            Kernels.Par.For(n, 4096, (a, len) =>
            {
                for (int c = 0; c < k; c++)
                {
                    var gc = g[c]; var hc = h[c];
                    for (int i = a; i < a + len; i++)
                    {
                        double wi = ww is null ? 1.0 : ww[i];
                        gc[i] = (float)(gc[i] * wi); hc[i] = (float)(hc[i] * wi);
                    }
                }
            });
            trees[it] = new HistTree[k];
            // the median-type losses replace each leaf's Newton step by the leaf's (weighted) median / α-quantile of
            // y − F, F the scores before this tree (sklearn's _update_leaves_values; l2 does not enter)
            Func<ReadOnlyMemory<int>, double>? leafValue = loss is Loss.AbsoluteError or Loss.Quantile
                ? rows =>
                {
                    var r = rows.Span;
                    var d = new double[r.Length];
                    double[]? lw = w is null ? null : new double[r.Length];
                    for (int j = 0; j < r.Length; j++) { d[j] = y[r[j]] - raw[r[j]]; if (lw is not null) lw[j] = w![r[j]]; }
                    return LeafQuantile(d, lw, loss == Loss.Quantile ? s.Quantile : 0.5);
                }
                : null;
            for (int c = 0; c < k; c++) trees[it][c] = grower.Grow(g[c], h[c], raw, k, c, leafValue);
            if (!earlyStop) continue;
            var stage = trees[it];
            Kernels.Par.For(nVal, 256, (a, len) =>
            {
                for (int i = a; i < a + len; i++)
                    for (int c = 0; c < k; c++) rawVal[i * k + c] += stage[c].Predict(xVal, i, p);
            });
            trainScore.Add(-MeanLoss(loss, y, raw, n, k, w, s.Quantile));
            valScore.Add(-MeanLoss(loss, yVal, rawVal, nVal, k, wVal, s.Quantile));
            if (ShouldStop(valScore, s.NIterNoChange, s.Tol)) { done = it + 1; break; }
        }
        return new HistFit(baseline, trees[..done], [.. trainScore], [.. valScore]);
    }

    /// <summary>
    /// sklearn's <c>_should_stop</c>: with r = n_iter_no_change + 1, stop when none of the last r − 1 scores exceeds the
    /// score r places back by more than <paramref name="tol"/> (scores are −loss, higher is better).
    /// </summary>
    internal static bool ShouldStop(IReadOnlyList<double> scores, int nIterNoChange, double tol)
    {
        int r = nIterNoChange + 1;
        if (scores.Count < r) return false;
        double reference = scores[scores.Count - r] + tol;
        for (int t = scores.Count - r + 1; t < scores.Count; t++)
            if (scores[t] > reference) return false;
        return true;
    }

    /// <summary>
    /// The constant minimising Σwᵢ·loss over <paramref name="a"/> for the median-type losses, as sklearn's
    /// <c>fit_intercept_only</c>: unweighted, <c>np.median</c> (α = ½: the mean of the two middle values) or
    /// <c>np.percentile(a, 100α)</c> (linear interpolation); weighted, <c>_weighted_percentile(a, w, 100α)</c>.
    /// </summary>
    internal static double LeafQuantile(double[] a, double[]? w, double alpha)
    {
        if (w is not null) return GradientBoosting.WeightedPercentile(a, w, 100 * alpha);
        if (alpha != 0.5) return GradientBoosting.Percentile(a, 100 * alpha);
        var sorted = (double[])a.Clone();
        Array.Sort(sorted);
        int m = sorted.Length;
        return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    }

    /// <summary>Σwᵢf(yᵢ) / Σwᵢ (<c>np.average(f(y), weights=w)</c>).</summary>
    private static double WeightedMean(double[] y, double[] w, Func<double, double> f)
    {
        double s = 0, sw = 0;
        for (int i = 0; i < y.Length; i++) { s += w[i] * f(y[i]); sw += w[i]; }
        return s / sw;
    }

    /// <summary>Mean half loss at raw scores [n, k]: ½(y − f)², e^f − y·f (Poisson), log(1 + eᶠ) − y·f, or logΣₖe^{fₖ} − f_y; with weights
    /// <paramref name="w"/> the weighted mean Σwᵢℓᵢ / Σwᵢ.</summary>
    internal static double MeanLoss(Loss loss, double[] y, double[] raw, int n, int k, double[]? w = null, double quantile = 0.5)
    {
        double sum = 0, wsum = 0;
        for (int i = 0; i < n; i++)
        {
            double l;
            switch (loss)
            {
                case Loss.SquaredError: { double d = y[i] - raw[i]; l = 0.5 * d * d; break; }
                case Loss.Poisson: l = Math.Exp(raw[i]) - y[i] * raw[i]; break;
                case Loss.AbsoluteError: l = Math.Abs(y[i] - raw[i]); break;
                case Loss.Quantile: l = y[i] >= raw[i] ? quantile * (y[i] - raw[i]) : (1 - quantile) * (raw[i] - y[i]); break;
                case Loss.Binary:
                    {
                        double f = raw[i];
                        l = (f > 0 ? f + Math.Log(1 + Math.Exp(-f)) : Math.Log(1 + Math.Exp(f))) - y[i] * f;
                        break;
                    }
                default: l = GradientBoosting.LogSumExp(raw, i * k, k) - raw[i * k + (int)y[i]]; break;
            }
            if (w is null) sum += l;
            else { sum += w[i] * l; wsum += w[i]; }
        }
        if (w is not null) return wsum > 0 ? sum / wsum : 0;
        return n == 0 ? 0 : sum / n;
    }

    /// <summary>Rows <paramref name="rows"/> of the row-major matrix <paramref name="x"/> [*, p], in that order (<c>X[rows]</c>).</summary>
    internal static double[] Gather(double[] x, int p, int[] rows)
    {
        var r = new double[rows.Length * p];
        for (int t = 0; t < rows.Length; t++) Array.Copy(x, rows[t] * p, r, t * p, p);
        return r;
    }

    /// <summary>Raw scores [n, k] = baseline + Σ trees.</summary>
    public static double[] Raw(double[] x, int n, int p, double[] baseline, HistTree[][] trees)
    {
        int k = baseline.Length;
        var raw = new double[n * k];
        Kernels.Par.For(n, 64, (a, len) =>
        {
            for (int i = a; i < a + len; i++)
                for (int c = 0; c < k; c++)
                {
                    double s = baseline[c];
                    foreach (var stage in trees) s += stage[c].Predict(x, i, p);
                    raw[i * k + c] = s;
                }
        });
        return raw;
    }

    public static void Save(ModelState st, double[] baseline, HistTree[][] trees, double[] trainScore, double[] validationScore)
    {
        st.Set("train_score", Tensor.FromArray(trainScore, [trainScore.Length]));
        st.Set("validation_score", Tensor.FromArray(validationScore, [validationScore.Length]));
        st.Set("baseline", Tensor.FromArray(baseline, [baseline.Length]));
        st.Set("n_iter", trees.Length);
        for (int it = 0; it < trees.Length; it++)
            for (int c = 0; c < trees[it].Length; c++) trees[it][c].Save(st, $"t{it}_{c}.");
    }

    /// <summary>Reads what <see cref="Save"/> wrote: <paramref name="treesPerIteration"/> trees per iteration (1, or one per class).</summary>
    public static HistFit Load(ModelState st, int treesPerIteration)
    {
        var baseline = st.GetVector("baseline", treesPerIteration, finite: true);
        var trees = new HistTree[st.GetCount("n_iter")][];
        for (int it = 0; it < trees.Length; it++)
        {
            trees[it] = new HistTree[baseline.Length];
            for (int c = 0; c < baseline.Length; c++) trees[it][c] = HistTree.Load(st, $"t{it}_{c}.");
        }
        return new HistFit(baseline, trees, st.GetVectorOrNull("train_score") ?? [], st.GetVectorOrNull("validation_score") ?? []);
    }
}
