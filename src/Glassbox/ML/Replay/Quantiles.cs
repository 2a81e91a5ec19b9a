namespace Glassbox.ML.Replay;

/// <summary>
/// Order statistics as NumPy computes them (<c>numpy.percentile</c> / <c>numpy.median</c>), operation for operation,
/// so that scalers, imputers and histogram bin edges fitted here hold the very values scikit-learn's hold — a bin edge
/// one ulp off moves a sample into the neighbouring bin and changes a boosted tree.
/// </summary>
internal static class Quantiles
{
    /// <summary>
    /// q-th percentile (0–100) of the values with NumPy's default "linear" rule: position h = (n − 1)·q/100 in the
    /// sorted values, interpolated between neighbours as NumPy's <c>_lerp</c> does (from the nearer end, so the
    /// result is exact at both ends).
    /// </summary>
    public static double Percentile(double[] sorted, double q)
    {
        int n = sorted.Length;
        if (n == 0) return double.NaN;
        double h = (n - 1) * (q / 100.0);
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, n - 1);
        double t = h - lo, a = sorted[lo], b = sorted[hi], diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /// <summary>
    /// The interior quantiles <c>np.percentile(sorted, np.linspace(0, 100, parts + 1)[1:-1], method="midpoint")</c>
    /// (parts − 1 values) of the ascending, NaN-free <paramref name="sorted"/>: sklearn's histogram bin edges.
    /// Replayed operation for operation: linspace's t·(100/parts), percentile's q/100, the midpoint method's virtual
    /// index ½(⌊(m−1)q⌋ + ⌈(m−1)q⌉) and <c>_lerp</c>'s b − (b − a)·½. Forming q as 100·t/parts, or the index as
    /// q·(m−1), differs in the last bit for some t, and an index that should be whole then lands just below it,
    /// turning a sample value into a midpoint (5 of 254 edges moved at m = 800).
    /// </summary>
    public static double[] EvenMidpointPercentiles(ReadOnlySpan<double> sorted, int parts)
    {
        int m = sorted.Length;
        var e = new double[parts - 1];
        double step = 100.0 / parts;
        for (int t = 1; t < parts; t++)
        {
            double q = t * step / 100.0;
            double vi = 0.5 * (Math.Floor((m - 1) * q) + Math.Ceiling((m - 1) * q));
            int lo = (int)Math.Floor(vi);
            double lower = sorted[lo], upper = sorted[Math.Min(lo + 1, m - 1)];
            e[t - 1] = vi % 1 == 0 ? lower : upper - (upper - lower) * 0.5;
        }
        return e;
    }

    /// <summary>Median as <c>np.median</c>: the middle value, or the mean of the two middle values.</summary>
    public static double Median(double[] sorted)
    {
        int n = sorted.Length;
        if (n == 0) return double.NaN;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
