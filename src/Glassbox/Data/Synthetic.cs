namespace Glassbox.Data;

/// <summary>
/// Toy data sets generated from simple geometry, with scikit-learn's shapes and conventions
/// (<c>sklearn.datasets.make_*</c>): features X as float64 [n, f], class labels y as int64 [n] (float64 targets
/// for regression).
/// </summary>
/// <remarks>
/// Every generator draws from the <see cref="Generator"/> it is given (or <see cref="Generator.Default"/>), so the
/// same seed gives the same data. The geometry matches scikit-learn exactly; the random numbers do not (Glassbox
/// has its own stream), so a given seed gives different points than <c>random_state</c> would.
/// Order of random draws, kept stable because tests pin results to it: the generator's own draws, then the
/// shuffle, then the noise — the same order scikit-learn uses.
/// </remarks>
public static partial class Synthetic
{
    /// <summary>
    /// n evenly spaced points from <paramref name="start"/> to <paramref name="stop"/> (<c>numpy.linspace</c>):
    /// with <paramref name="endpoint"/> the last point is exactly <paramref name="stop"/>, otherwise the spacing is
    /// (stop − start)/n and stop itself is left out (so a full circle does not repeat its first point).
    /// </summary>
    internal static double[] Linspace(double start, double stop, int n, bool endpoint)
    {
        var r = new double[n];
        if (n == 0) return r;
        int div = endpoint ? n - 1 : n;
        double step = div > 0 ? (stop - start) / div : 0.0;
        for (int i = 0; i < n; i++) r[i] = start + i * step;
        if (endpoint && n > 1) r[n - 1] = stop;
        return r;
    }

    /// <summary>A uniformly random permutation of 0..n−1 (Fisher–Yates, drawing from <paramref name="gen"/>).</summary>
    internal static int[] Permutation(int n, Generator gen)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = gen.NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>Rows of a row-major [n, f] matrix and their labels reordered by the same random permutation.</summary>
    internal static void ShuffleRows<TLabel>(double[] x, TLabel[] y, int f, Generator gen)
    {
        int n = y.Length;
        var perm = Permutation(n, gen);
        var x2 = new double[x.Length];
        var y2 = new TLabel[n];
        for (int i = 0; i < n; i++)
        {
            Array.Copy(x, perm[i] * f, x2, i * f, f);
            y2[i] = y[perm[i]];
        }
        x2.CopyTo(x, 0);
        y2.CopyTo(y, 0);
    }

    /// <summary>Adds independent N(0, σ²) noise to every element (no draws at all when σ = 0).</summary>
    internal static void AddNoise(double[] x, double sigma, Generator gen)
    {
        if (sigma == 0) return;
        for (int i = 0; i < x.Length; i++) x[i] += sigma * gen.NextNormal();
    }

    internal static void CheckCount(int nSamples, string op)
    {
        if (nSamples < 0) throw new ArgumentOutOfRangeException(nameof(nSamples), $"{op}: nSamples must be >= 0, got {nSamples}");
    }

    internal static void CheckNoise(double noise, string op)
    {
        if (!(noise >= 0) || double.IsInfinity(noise))
            throw new ArgumentOutOfRangeException(nameof(noise), $"{op}: noise must be a finite value >= 0, got {noise}");
    }
}
