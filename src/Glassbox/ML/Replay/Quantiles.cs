namespace Glassbox.ML.Replay;

/// <summary>Order statistics as NumPy computes them.</summary>
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

    /// <summary>Median as <c>np.median</c>: the middle value, or the mean of the two middle values.</summary>
    public static double Median(double[] sorted)
    {
        int n = sorted.Length;
        if (n == 0) return double.NaN;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
