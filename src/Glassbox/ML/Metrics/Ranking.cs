namespace Glassbox.ML.Metrics;

/// <summary>
/// Threshold-sweeping metrics for binary scores (<c>sklearn.metrics</c>: roc_curve, roc_auc_score, auc,
/// precision_recall_curve, average_precision_score), following scikit-learn 1.2 exactly.
/// </summary>
/// <remarks>
/// Everything starts from the binary classification curve: sort samples by decreasing score and, at each
/// distinct score s, count tps(s) = #positives with score ≥ s and fps(s) = #negatives with score ≥ s
/// (sklearn's <c>_binary_clf_curve</c>). With a <c>sampleWeight</c> both are sums of weights instead of counts, and
/// samples of weight 0 are dropped first (so their scores are not thresholds), as in sklearn 1.2.
/// </remarks>
public static class Ranking
{
    /// <summary>
    /// ROC curve (<c>roc_curve</c>): false-positive rate fps/N, true-positive rate tps/P, and the thresholds. The
    /// first point is (0, 0) at threshold max(score) + 1 (sklearn 1.2). With <paramref name="dropIntermediate"/>,
    /// points that lie on a straight segment between their neighbours are dropped.
    /// </summary>
    public static (Tensor Fpr, Tensor Tpr, Tensor Thresholds) RocCurve(Tensor yTrue, Tensor yScore, long posLabel = 1, bool dropIntermediate = true,
        Tensor? sampleWeight = null)
    {
        var (fps, tps, thr) = BinaryCurve(yTrue, yScore, posLabel, "RocCurve", sampleWeight);
        if (dropIntermediate && fps.Length > 2)
        {
            var keep = new List<int> { 0 };
            for (int i = 1; i < fps.Length - 1; i++)
                if (fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0) keep.Add(i);
            keep.Add(fps.Length - 1);
            fps = keep.Select(i => fps[i]).ToArray(); tps = keep.Select(i => tps[i]).ToArray(); thr = keep.Select(i => thr[i]).ToArray();
        }
        int m = fps.Length + 1;
        var fpr = new double[m]; var tpr = new double[m]; var th = new double[m];
        th[0] = thr[0] + 1;
        double fLast = fps[^1], tLast = tps[^1];
        for (int i = 1; i < m; i++)
        {
            fpr[i] = fLast <= 0 ? double.NaN : fps[i - 1] / fLast;
            tpr[i] = tLast <= 0 ? double.NaN : tps[i - 1] / tLast;
            th[i] = thr[i - 1];
        }
        if (fLast <= 0) fpr[0] = double.NaN;
        if (tLast <= 0) tpr[0] = double.NaN;
        return (Input.Vector(fpr), Input.Vector(tpr), Input.Vector(th));
    }

    /// <summary>Area under the ROC curve by the trapezoidal rule (<c>roc_auc_score</c>, binary).</summary>
    public static double RocAucScore(Tensor yTrue, Tensor yScore, long posLabel = 1, Tensor? sampleWeight = null)
    {
        var t = Input.Labels(yTrue, yTrue.Numel, "RocAucScore");
        if (t.Distinct().Count() != 2)
            throw new ArgumentException("RocAucScore: only one class present in y_true; ROC AUC is not defined");
        var (fpr, tpr, _) = RocCurve(yTrue, yScore, posLabel, sampleWeight: sampleWeight);
        return Auc(fpr, tpr);
    }

    /// <summary>Area under a curve through the points (x, y), x monotonic, by the trapezoidal rule (<c>auc</c>).</summary>
    public static double Auc(Tensor x, Tensor y)
    {
        var xs = x.ToDoubleArray(); var ys = y.ToDoubleArray();
        if (xs.Length < 2 || xs.Length != ys.Length) throw new ArgumentException($"Auc: needs at least 2 points and equal lengths, got {xs.Length} and {ys.Length}");
        double direction = 1;
        bool inc = true, dec = true;
        for (int i = 1; i < xs.Length; i++) { if (xs[i] < xs[i - 1]) inc = false; if (xs[i] > xs[i - 1]) dec = false; }
        if (!inc) { if (dec) direction = -1; else throw new ArgumentException("Auc: x is neither increasing nor decreasing"); }
        double area = 0;
        for (int i = 1; i < xs.Length; i++) area += (xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1]) / 2;
        return direction * area;
    }

    /// <summary>
    /// Precision–recall pairs for every distinct threshold (<c>precision_recall_curve</c>, sklearn 1.2), thresholds
    /// increasing so recall decreases, plus a final point (precision 1, recall 0) that has no threshold.
    /// </summary>
    public static (Tensor Precision, Tensor Recall, Tensor Thresholds) PrecisionRecallCurve(Tensor yTrue, Tensor yScore, long posLabel = 1,
        Tensor? sampleWeight = null)
    {
        var (fps, tps, thr) = BinaryCurve(yTrue, yScore, posLabel, "PrecisionRecallCurve", sampleWeight);
        int m = fps.Length;
        var prec = new double[m + 1]; var rec = new double[m + 1]; var th = new double[m];
        double tLast = tps[^1];
        for (int i = 0; i < m; i++)
        {
            int j = m - 1 - i;
            double ps = tps[j] + fps[j];
            prec[i] = ps == 0 ? 0 : tps[j] / ps;
            rec[i] = tLast == 0 ? 1 : tps[j] / tLast;
            th[i] = thr[j];
        }
        prec[m] = 1; rec[m] = 0;
        return (Input.Vector(prec), Input.Vector(rec), Input.Vector(th));
    }

    /// <summary>Average precision AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ, the step-wise area under the PR curve (<c>average_precision_score</c>).</summary>
    public static double AveragePrecisionScore(Tensor yTrue, Tensor yScore, long posLabel = 1, Tensor? sampleWeight = null)
    {
        var (p, r, _) = PrecisionRecallCurve(yTrue, yScore, posLabel, sampleWeight);
        var pa = p.ToArray<double>(); var ra = r.ToArray<double>();
        double s = 0;
        for (int i = 0; i < ra.Length - 1; i++) s -= (ra[i + 1] - ra[i]) * pa[i];
        return s;
    }

    /// <summary>fps, tps and thresholds at each distinct score, scores decreasing (<c>_binary_clf_curve</c>).</summary>
    internal static (double[] Fps, double[] Tps, double[] Thresholds) BinaryCurve(Tensor yTrue, Tensor yScore, long posLabel, string name,
        Tensor? sampleWeight = null)
    {
        int n = yTrue.Numel;
        if (yScore.Numel != n || n == 0) throw new ArgumentException($"{name}: y_true ({n}) and y_score ({yScore.Numel}) must be non-empty and the same length");
        var t = Input.Labels(yTrue.Reshape(-1), n, name);
        var s = yScore.ToDoubleArray();
        var w = Input.Weights(sampleWeight, n, name);
        if (w is not null)
        {
            var keep = Enumerable.Range(0, n).Where(i => w[i] != 0).ToArray();
            if (keep.Length == 0) throw new ArgumentException($"{name}: every sample_weight is 0");
            t = keep.Select(i => t[i]).ToArray(); s = keep.Select(i => s[i]).ToArray(); w = keep.Select(i => w[i]).ToArray();
            n = keep.Length;
        }
        var order = Enumerable.Range(0, n).ToArray();
        // descending by score; ties keep reverse index order like sklearn's mergesort-then-reverse (irrelevant to the
        // counts, which are only read at the last index of each tie group)
        Array.Sort(order, (a, b) => s[a] != s[b] ? s[b].CompareTo(s[a]) : b.CompareTo(a));
        var fps = new List<double>(); var tps = new List<double>(); var thr = new List<double>();
        double tp = 0, fp = 0;
        for (int i = 0; i < n; i++)
        {
            double wi = w is null ? 1 : w[order[i]];
            if (t[order[i]] == posLabel) tp += wi; else fp += wi;
            if (i == n - 1 || s[order[i + 1]] != s[order[i]])
            {
                tps.Add(tp); fps.Add(fp); thr.Add(s[order[i]]);
            }
        }
        return (fps.ToArray(), tps.ToArray(), thr.ToArray());
    }
}
