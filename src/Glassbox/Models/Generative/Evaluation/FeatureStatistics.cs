namespace Glassbox.Models.Generative.Evaluation;

/// <summary>
/// The first two moments of a set of feature vectors — what the Fréchet distance compares: the mean μ (D values),
/// the covariance Σ (D×D, symmetric) and the number of vectors they came from.
/// </summary>
/// <remarks>
/// <para>Σ uses the unbiased 1/(N − 1) normalisation, as <c>numpy.cov(x, rowvar=False)</c> does in the reference FID
/// implementations, so numbers computed from the same features agree with theirs.</para>
/// <para>Everything is accumulated in double whatever the features' dtype: a float32 sum over 10,000 rows loses about
/// four of its seven digits, and the trace term of the distance subtracts numbers of similar size.</para>
/// </remarks>
/// <param name="Mean">μ, length D.</param>
/// <param name="Covariance">Σ, D×D.</param>
/// <param name="Count">N, the number of feature vectors (at least 2).</param>
public sealed record FeatureStatistics(double[] Mean, double[,] Covariance, int Count)
{
    /// <summary>The feature dimension D.</summary>
    public int Dimension => Mean.Length;

    /// <summary>
    /// μ = (1/N) Σ_i x_i and Σ = (1/(N − 1)) Σ_i (x_i − μ)(x_i − μ)ᵀ of the rows of <paramref name="features"/>, computed in
    /// double in two passes (mean first, then the centred products, which avoids the cancellation of E[xxᵀ] − μμᵀ).
    /// </summary>
    /// <param name="features">[N, D] with N ≥ 2, any floating dtype.</param>
    /// <exception cref="ArgumentException">The tensor is not 2-d, has fewer than two rows, or holds a NaN or infinity.</exception>
    public static FeatureStatistics From(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.NDim != 2)
            throw new ArgumentException($"FeatureStatistics.From: expected features of shape [N, D], got {ShapeUtil.Format(features.ShapeArray)}", nameof(features));
        int n = features.Size(0), d = features.Size(1);
        if (n < 2)
            throw new ArgumentException($"FeatureStatistics.From: a covariance needs at least 2 feature vectors, got {n}", nameof(features));
        var x = features.ToDoubleArray();
        foreach (var v in x)
            if (!double.IsFinite(v))
                throw new ArgumentException($"FeatureStatistics.From: the features of shape [{n}, {d}] contain {v}", nameof(features));
        return FromRows(x, n, d);
    }

    /// <summary>The statistics of <paramref name="n"/> row-major rows of <paramref name="d"/> values.</summary>
    internal static FeatureStatistics FromRows(double[] x, int n, int d)
    {
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += x[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        // Centred copy, then the upper triangle of XcᵀXc, mirrored.
        var xc = new double[x.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) xc[i * d + j] = x[i * d + j] - mean[j];
        var cov = new double[d, d];
        var acc = new double[d];
        for (int a = 0; a < d; a++)
        {
            Array.Clear(acc);
            for (int i = 0; i < n; i++)
            {
                double xa = xc[i * d + a];
                if (xa == 0) continue;
                int row = i * d;
                for (int b = a; b < d; b++) acc[b] += xa * xc[row + b];
            }
            for (int b = a; b < d; b++) cov[a, b] = cov[b, a] = acc[b] / (n - 1);
        }
        return new FeatureStatistics(mean, cov, n);
    }
}
