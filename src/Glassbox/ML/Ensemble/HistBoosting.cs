namespace Glassbox.ML.Ensemble;

/// <summary>
/// The boosting loop shared by the histogram gradient-boosting estimators (sklearn's
/// <c>BaseHistGradientBoosting.fit</c> without early stopping): raw scores start at the loss's best constant; each
/// iteration computes per-sample gradients/hessians of the loss at the current raw scores and adds one tree per
/// output column (K trees for K ≥ 3 classes).
/// </summary>
internal static class HistBoosting
{
    /// <summary>The losses: "squared_error" (½(f − y)², g = f − y, h = 1), binary "log_loss" (g = σ(f) − y, h = σ(1 − σ)),
    /// multinomial "log_loss" (g_k = softmax_k − 1[y = k], h_k = p_k(1 − p_k)).</summary>
    public enum Loss { SquaredError, Binary, Multinomial }

    /// <summary>Fits and returns (baseline per column, trees [iteration][column]).</summary>
    public static (double[] Baseline, HistTree[][] Trees) Fit(double[] x, int n, int p, Loss loss, double[] y, int nClasses,
        int maxIter, double learningRate, int maxLeafNodes, int? maxDepth, int minSamplesLeaf, double l2, int maxBins)
    {
        var binner = new HistBinner(x, n, p, maxBins);
        var bins = binner.Transform(x, n, p);
        int k = loss == Loss.Multinomial ? nClasses : 1;
        var baseline = new double[k];
        if (loss == Loss.SquaredError) baseline[0] = y.Average();
        else
        {
            const double eps = 10 * 2.220446049250313e-16;
            if (loss == Loss.Binary)
            {
                double pm = Math.Clamp(y.Average(), eps, 1 - eps);
                baseline[0] = Math.Log(pm / (1 - pm));
            }
            else
            {
                for (int c = 0; c < k; c++)
                {
                    double pc = Math.Clamp(y.Count(v => v == c) / (double)n, eps, 1 - eps);
                    baseline[c] = Math.Log(pc);
                }
                double mean = baseline.Average();
                for (int c = 0; c < k; c++) baseline[c] -= mean;
            }
        }
        var raw = new double[n * k];
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) raw[i * k + c] = baseline[c];
        var grower = new HistGrower(bins, n, p, binner.Edges, binner.HasMissing, maxLeafNodes, maxDepth, minSamplesLeaf, l2, learningRate);
        var trees = new HistTree[maxIter][];
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
            trees[it] = new HistTree[k];
            for (int c = 0; c < k; c++) trees[it][c] = grower.Grow(g[c], h[c], raw, k, c);
        }
        return (baseline, trees);
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

    public static void Save(ModelState st, double[] baseline, HistTree[][] trees)
    {
        st.Set("baseline", Tensor.FromArray(baseline, [baseline.Length]));
        st.Set("n_iter", trees.Length);
        for (int it = 0; it < trees.Length; it++)
            for (int c = 0; c < trees[it].Length; c++) trees[it][c].Save(st, $"t{it}_{c}.");
    }

    public static (double[] Baseline, HistTree[][] Trees) Load(ModelState st)
    {
        var baseline = st.GetTensor("baseline").ToDoubleArray();
        var trees = new HistTree[st.GetInt("n_iter")][];
        for (int it = 0; it < trees.Length; it++)
        {
            trees[it] = new HistTree[baseline.Length];
            for (int c = 0; c < baseline.Length; c++) trees[it][c] = HistTree.Load(st, $"t{it}_{c}.");
        }
        return (baseline, trees);
    }

    /// <summary>Checks the shared hyperparameters.</summary>
    public static void Check(string est, double learningRate, int maxIter, int maxLeafNodes, int? maxDepth, int minSamplesLeaf, double l2, int maxBins)
    {
        if (!(learningRate > 0)) Tree.Cart.Throw(est, "LearningRate", learningRate, "> 0");
        if (maxIter < 1) Tree.Cart.Throw(est, "MaxIter", maxIter, "an int ≥ 1");
        if (maxLeafNodes < 2) Tree.Cart.Throw(est, "MaxLeafNodes", maxLeafNodes, "an int ≥ 2");
        if (maxDepth is int d && d < 1) Tree.Cart.Throw(est, "MaxDepth", d, "null or an int ≥ 1");
        if (minSamplesLeaf < 1) Tree.Cart.Throw(est, "MinSamplesLeaf", minSamplesLeaf, "an int ≥ 1");
        if (!(l2 >= 0)) Tree.Cart.Throw(est, "L2Regularization", l2, "≥ 0");
        if (maxBins < 2 || maxBins > 255) Tree.Cart.Throw(est, "MaxBins", maxBins, "an int in [2, 255]");
    }
}
