using Glassbox.ML.Replay;

namespace Glassbox.ML.Calibration;

/// <summary>
/// The reliability curve of binary probabilities (<c>sklearn.calibration.calibration_curve</c>): rows are grouped into
/// bins by predicted probability, and each non-empty bin gives one point (mean predicted probability, fraction of
/// positives). A calibrated model's points lie on the diagonal.
/// </summary>
/// <remarks>
/// Bins: edges e₀ = 0 … e_B = 1, uniform (eᵢ = i/B) or at the percentiles (linear interpolation, NumPy's default) of
/// the predictions. Row j goes to the bin b = #{interior edges &lt; pⱼ} (NumPy's <c>searchsorted(edges[1:-1], p,
/// side="left")</c>): a prediction exactly on an edge joins the bin below it, and 0 and 1 land in the first and last
/// bins. Empty bins are left out, so the result may have fewer than B points. The curve is an estimate with noise
/// ~√(p(1−p)/count) per point; <see cref="Result.Counts"/> says how many rows each point rests on.
/// </remarks>
public static class CalibrationCurve
{
    /// <summary>The non-empty bins of a reliability curve, in increasing order of predicted probability.</summary>
    /// <param name="ProbTrue">Fraction of positives in each bin (<c>prob_true</c>).</param>
    /// <param name="ProbPred">Mean predicted probability in each bin (<c>prob_pred</c>).</param>
    /// <param name="Counts">Rows in each bin (sklearn computes it and drops it; a reliability diagram shows it).</param>
    public sealed record Result(double[] ProbTrue, double[] ProbPred, int[] Counts);

    /// <summary>Computes the curve.</summary>
    /// <param name="yTrue">Binary labels [n] (int64 or float64).</param>
    /// <param name="yProb">Predicted probabilities of the positive class [n], each in [0, 1].</param>
    /// <param name="nBins">Number of bins B ≥ 1 (<c>n_bins</c>).</param>
    /// <param name="strategy">Bin placement (<c>strategy</c>).</param>
    /// <param name="posLabel">The positive label; null means 1, allowed only when the labels are within {0, 1} or
    /// {−1, 1} (sklearn's rule, which refuses to guess otherwise).</param>
    public static Result Compute(Tensor yTrue, Tensor yProb, int nBins = 5, CalibrationStrategy strategy = CalibrationStrategy.Uniform, long? posLabel = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yProb);
        if (nBins < 1) throw new ArgumentOutOfRangeException(nameof(nBins), nBins, "CalibrationCurve: nBins must be ≥ 1");
        if (yProb.NDim != 1) throw new ArgumentException($"CalibrationCurve: yProb must be 1-D, got shape {ShapeUtil.Format(yProb.ShapeArray)}", nameof(yProb));
        int n = yProb.Shape[0];
        var labels = Input.Labels(yTrue, n, "CalibrationCurve");
        var p = Input.Raw(yProb.To(DType.Float64));
        for (int i = 0; i < n; i++)
            if (!(p[i] >= 0 && p[i] <= 1)) throw new ArgumentException($"CalibrationCurve: yProb has values outside [0, 1] (row {i}: {p[i]})", nameof(yProb));
        var distinct = labels.Distinct().Order().ToArray();
        if (distinct.Length > 2) throw new ArgumentException($"CalibrationCurve: only binary labels are supported, got [{string.Join(", ", distinct)}]", nameof(yTrue));
        long pos = posLabel ?? (distinct.All(v => v is 0 or 1) || distinct.All(v => v is -1 or 1) ? 1
            : throw new ArgumentException($"CalibrationCurve: labels [{string.Join(", ", distinct)}] are not within {{0, 1}} or {{-1, 1}}; pass posLabel", nameof(posLabel)));
        var edges = Edges(p, nBins, strategy);
        var sumP = new double[edges.Length];
        var sumT = new double[edges.Length];
        var count = new int[edges.Length];
        for (int i = 0; i < n; i++)
        {
            int b = 0;
            while (b < edges.Length - 2 && edges[b + 1] < p[i]) b++;
            sumP[b] += p[i];
            if (labels[i] == pos) sumT[b] += 1;
            count[b]++;
        }
        var bins = Enumerable.Range(0, edges.Length).Where(b => count[b] != 0).ToArray();
        return new Result(bins.Select(b => sumT[b] / count[b]).ToArray(), bins.Select(b => sumP[b] / count[b]).ToArray(), bins.Select(b => count[b]).ToArray());
    }

    /// <summary>The B + 1 bin edges, formed with NumPy's operations (<c>linspace</c>'s i·(1/B) with the last set to 1;
    /// the quantile's q = 100·that, read back as q/100) so that edges equal sklearn's to the bit.</summary>
    private static double[] Edges(double[] p, int nBins, CalibrationStrategy strategy)
    {
        double step = 1.0 / nBins;
        var lin = Enumerable.Range(0, nBins + 1).Select(i => i * step).ToArray();
        lin[^1] = 1.0;
        if (strategy == CalibrationStrategy.Uniform) return lin;
        var sorted = (double[])p.Clone();
        Array.Sort(sorted);
        return lin.Select(q => Quantiles.Percentile(sorted, q * 100)).ToArray();
    }
}
