namespace Glassbox.ML.Metrics;

/// <summary>
/// Label-based classification metrics (<c>sklearn.metrics</c>: accuracy_score, confusion_matrix,
/// precision/recall/F-scores, log_loss). Labels are int64 tensors (any integer values).
/// </summary>
/// <remarks>
/// The label set is the sorted union of the labels in y_true and y_pred, as sklearn's <c>unique_labels</c>.
/// Zero divisions (a class never predicted, or never present) give 0, sklearn's <c>zero_division="warn"</c>
/// value without the warning. An optional <c>sampleWeight</c> makes every count a sum of weights (sklearn's
/// <c>sample_weight</c>): accuracy Σwᵢ[yᵢ = ŷᵢ]/Σwᵢ, weighted confusion cells, tp/fp/fn and supports.
/// </remarks>
public static class Classification
{
    /// <summary>Fraction of exact matches, Σwᵢ[yᵢ = ŷᵢ] / Σwᵢ with wᵢ = 1 by default (<c>accuracy_score</c>).</summary>
    public static double AccuracyScore(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        var (t, p) = Regression.Pair(yTrue, yPred, "AccuracyScore");
        var w = Input.Weights(sampleWeight, t.Length, "AccuracyScore");
        if (w is null)
        {
            int hit = 0;
            for (int i = 0; i < t.Length; i++) if (t[i] == p[i]) hit++;
            return (double)hit / t.Length;
        }
        double h = 0, sw = 0;
        for (int i = 0; i < t.Length; i++) { if (t[i] == p[i]) h += w[i]; sw += w[i]; }
        return h / sw;
    }

    /// <summary>
    /// C[i, j] = number of samples with true label labels[i] predicted as labels[j], int64 [K, K]
    /// (<c>confusion_matrix</c>); <paramref name="labels"/> defaults to the sorted union of both. With
    /// <paramref name="sampleWeight"/> each cell is the sum of its samples' weights, float64 [K, K].
    /// </summary>
    public static Tensor ConfusionMatrix(Tensor yTrue, Tensor yPred, long[]? labels = null, Tensor? sampleWeight = null)
    {
        var (t, p, lab) = Prepare(yTrue, yPred, labels, "ConfusionMatrix");
        var w = Input.Weights(sampleWeight, t.Length, "ConfusionMatrix");
        int k = lab.Length;
        var index = new Dictionary<long, int>();
        for (int i = 0; i < k; i++) index[lab[i]] = i;
        if (w is not null)
        {
            var cw = new double[k * k];
            for (int i = 0; i < t.Length; i++)
                if (index.TryGetValue(t[i], out int a) && index.TryGetValue(p[i], out int b)) cw[a * k + b] += w[i];
            return Tensor.FromArray(cw, k, k);
        }
        var c = new long[k * k];
        for (int i = 0; i < t.Length; i++)
            if (index.TryGetValue(t[i], out int a) && index.TryGetValue(p[i], out int b)) c[a * k + b]++;
        return Tensor.FromArray(c, k, k);
    }

    /// <summary>Per-class precision, recall, F-β and support (<c>precision_recall_fscore_support(average=None)</c>), columns ordered as <c>Labels</c>.</summary>
    public static PrecisionRecallF PrecisionRecallFScoreSupport(Tensor yTrue, Tensor yPred, double beta = 1.0, long[]? labels = null)
    {
        var (t, p, lab) = Prepare(yTrue, yPred, labels, "PrecisionRecallFScoreSupport");
        var (tp, predCount, trueCount) = Counts(t, p, lab);
        int k = lab.Length;
        var pr = new double[k]; var rc = new double[k]; var f = new double[k];
        for (int c = 0; c < k; c++)
        {
            pr[c] = predCount[c] == 0 ? 0 : tp[c] / predCount[c];
            rc[c] = trueCount[c] == 0 ? 0 : tp[c] / trueCount[c];
            f[c] = FBeta(pr[c], rc[c], beta);
        }
        return new PrecisionRecallF(lab, pr, rc, f, trueCount.Select(v => (long)v).ToArray());
    }

    /// <summary>Precision tp / (tp + fp) (<c>precision_score</c>), combined over classes as <paramref name="average"/> says.</summary>
    public static double PrecisionScore(Tensor yTrue, Tensor yPred, Average average = Average.Binary, long posLabel = 1, Tensor? sampleWeight = null) =>
        Averaged(yTrue, yPred, average, posLabel, 1.0, "PrecisionScore", sampleWeight).P;

    /// <summary>Recall tp / (tp + fn) (<c>recall_score</c>).</summary>
    public static double RecallScore(Tensor yTrue, Tensor yPred, Average average = Average.Binary, long posLabel = 1, Tensor? sampleWeight = null) =>
        Averaged(yTrue, yPred, average, posLabel, 1.0, "RecallScore", sampleWeight).R;

    /// <summary>F1 = 2PR / (P + R) (<c>f1_score</c>).</summary>
    public static double F1Score(Tensor yTrue, Tensor yPred, Average average = Average.Binary, long posLabel = 1, Tensor? sampleWeight = null) =>
        Averaged(yTrue, yPred, average, posLabel, 1.0, "F1Score", sampleWeight).F;

    /// <summary>F-β = (1 + β²)PR / (β²P + R) (<c>fbeta_score</c>).</summary>
    public static double FBetaScore(Tensor yTrue, Tensor yPred, double beta, Average average = Average.Binary, long posLabel = 1, Tensor? sampleWeight = null) =>
        Averaged(yTrue, yPred, average, posLabel, beta, "FBetaScore", sampleWeight).F;

    /// <summary>
    /// Cross-entropy −(1/n)·Σᵢ log p̂ᵢ,yᵢ (<c>log_loss</c>); with <paramref name="sampleWeight"/> the weighted mean
    /// −Σᵢwᵢ log p̂ᵢ,yᵢ / Σwᵢ. <paramref name="proba"/> is [n, K] with columns for the sorted
    /// labels of y_true, or [n] holding P(second label). Probabilities are clipped to [ε, 1−ε] (ε = float64 machine
    /// epsilon, sklearn 1.2's <c>eps="auto"</c>) and each row renormalised.
    /// </summary>
    public static double LogLoss(Tensor yTrue, Tensor proba, Tensor? sampleWeight = null)
    {
        var t = Input.Labels(yTrue, yTrue.Numel, "LogLoss");
        var w = Input.Weights(sampleWeight, t.Length, "LogLoss");
        var (lab, idx) = Input.Encode(t);
        int n = t.Length;
        var pr = proba.ToDoubleArray();
        int k = proba.NDim == 1 ? 2 : proba.Shape[1];
        if (proba.NDim == 1)
        {
            var two = new double[2 * n];
            for (int i = 0; i < n; i++) { two[2 * i] = 1 - pr[i]; two[2 * i + 1] = pr[i]; }
            pr = two;
        }
        if (proba.Shape[0] != n || k != Math.Max(lab.Length, 2))
            throw new ArgumentException($"LogLoss: y_true has {lab.Length} labels and {n} samples but proba has shape {ShapeUtil.Format(proba.ShapeArray)}");
        const double eps = 2.220446049250313e-16;
        double loss = 0, sw = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = 0, wi = w is null ? 1 : w[i];
            for (int c = 0; c < k; c++) sum += Math.Clamp(pr[i * k + c], eps, 1 - eps);
            loss -= wi * Math.Log(Math.Clamp(pr[i * k + idx[i]], eps, 1 - eps) / sum);
            sw += wi;
        }
        return loss / sw;
    }

    private static double FBeta(double p, double r, double beta)
    {
        double b2 = beta * beta, d = b2 * p + r;
        return d == 0 ? 0 : (1 + b2) * p * r / d;
    }

    private static (double P, double R, double F) Averaged(Tensor yTrue, Tensor yPred, Average average, long posLabel, double beta, string name,
        Tensor? sampleWeight = null)
    {
        var (t, p, lab) = Prepare(yTrue, yPred, null, name);
        var (tp, pc, tc) = Counts(t, p, lab, Input.Weights(sampleWeight, t.Length, name));
        int k = lab.Length;
        switch (average)
        {
            case Average.Binary:
            {
                if (k > 2) throw new ArgumentException($"{name}: average=\"binary\" needs at most 2 labels, got {k}; choose micro, macro or weighted");
                int c = Array.IndexOf(lab, posLabel);
                if (c < 0) return (0, 0, 0);
                double pp = pc[c] == 0 ? 0 : tp[c] / pc[c], rr = tc[c] == 0 ? 0 : tp[c] / tc[c];
                return (pp, rr, FBeta(pp, rr, beta));
            }
            case Average.Micro:
            {
                double stp = tp.Sum(), spc = pc.Sum(), stc = tc.Sum();
                double pp = spc == 0 ? 0 : stp / spc, rr = stc == 0 ? 0 : stp / stc;
                return (pp, rr, FBeta(pp, rr, beta));
            }
            case Average.Macro:
            case Average.Weighted:
            {
                double sp = 0, sr = 0, sf = 0, wsum = 0;
                for (int c = 0; c < k; c++)
                {
                    double pp = pc[c] == 0 ? 0 : tp[c] / pc[c], rr = tc[c] == 0 ? 0 : tp[c] / tc[c];
                    double w = average == Average.Macro ? 1 : tc[c];
                    sp += w * pp; sr += w * rr; sf += w * FBeta(pp, rr, beta); wsum += w;
                }
                return wsum == 0 ? (0, 0, 0) : (sp / wsum, sr / wsum, sf / wsum);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(average), average, $"{name}: average must be one of binary, micro, macro, weighted");
        }
    }

    private static (double[] Tp, double[] PredCount, double[] TrueCount) Counts(long[] t, long[] p, long[] lab, double[]? w = null)
    {
        var index = new Dictionary<long, int>();
        for (int i = 0; i < lab.Length; i++) index[lab[i]] = i;
        var tp = new double[lab.Length]; var pc = new double[lab.Length]; var tc = new double[lab.Length];
        for (int i = 0; i < t.Length; i++)
        {
            bool ht = index.TryGetValue(t[i], out int a), hp = index.TryGetValue(p[i], out int b);
            double wi = w is null ? 1 : w[i];
            if (ht) tc[a] += wi;
            if (hp) pc[b] += wi;
            if (ht && hp && a == b) tp[a] += wi;
        }
        return (tp, pc, tc);
    }

    private static (long[] T, long[] P, long[] Labels) Prepare(Tensor yTrue, Tensor yPred, long[]? labels, string name)
    {
        if (yTrue.Numel != yPred.Numel) throw new ArgumentException($"{name}: y_true has {yTrue.Numel} labels but y_pred has {yPred.Numel}");
        var t = Input.Labels(yTrue.Reshape(-1), yTrue.Numel, name);
        var p = Input.Labels(yPred.Reshape(-1), yPred.Numel, name);
        return (t, p, labels ?? t.Concat(p).Distinct().Order().ToArray());
    }
}
