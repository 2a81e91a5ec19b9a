namespace Glassbox.Data;

public static partial class Synthetic
{
    /// <summary>
    /// Isotropic Gaussian clusters (<c>sklearn.datasets.make_blobs</c> with an integer <c>centers</c>).
    /// </summary>
    /// <param name="nSamples">Total number of points, split as evenly as possible: every cluster gets ⌊n/k⌋ and
    /// the first n mod k clusters one more.</param>
    /// <param name="nFeatures">Dimension f of each point (≥ 1).</param>
    /// <param name="centers">Number of clusters k (≥ 1); cluster c has label c.</param>
    /// <param name="clusterStd">Standard deviation σ of every cluster, the same in every direction (≥ 0).</param>
    /// <param name="gen">Random source; <see cref="Generator.Default"/> when null.</param>
    /// <param name="centerBoxLow">Lower bound of the box the centres are drawn from (scikit-learn: −10).</param>
    /// <param name="centerBoxHigh">Upper bound of that box (scikit-learn: 10).</param>
    /// <param name="shuffle">Shuffle the points (scikit-learn's default); false keeps them grouped by cluster.</param>
    /// <returns>X float64 [n, f] and y int64 [n] with labels in [0, k).</returns>
    /// <remarks>
    /// The k centres μ_c are drawn uniformly from [low, high)^f first; then cluster c's points are μ_c + σ·z with
    /// z ~ N(0, I).
    /// </remarks>
    public static (Tensor X, Tensor y) MakeBlobs(int nSamples = 100, int nFeatures = 2, int centers = 3, double clusterStd = 1.0,
        Generator? gen = null, double centerBoxLow = -10.0, double centerBoxHigh = 10.0, bool shuffle = true)
    {
        CheckCount(nSamples, "MakeBlobs");
        if (nFeatures < 1) throw new ArgumentOutOfRangeException(nameof(nFeatures), $"MakeBlobs: nFeatures must be >= 1, got {nFeatures}");
        if (centers < 1) throw new ArgumentOutOfRangeException(nameof(centers), $"MakeBlobs: centers must be >= 1, got {centers}");
        if (!(clusterStd >= 0) || double.IsInfinity(clusterStd))
            throw new ArgumentOutOfRangeException(nameof(clusterStd), $"MakeBlobs: clusterStd must be a finite value >= 0, got {clusterStd}");
        if (!(centerBoxLow < centerBoxHigh))
            throw new ArgumentException($"MakeBlobs: centerBoxLow ({centerBoxLow}) must be below centerBoxHigh ({centerBoxHigh})");
        gen ??= Generator.Default;

        var mu = new double[centers * nFeatures];
        for (int i = 0; i < mu.Length; i++) mu[i] = centerBoxLow + (centerBoxHigh - centerBoxLow) * gen.NextDouble();

        var x = new double[nSamples * nFeatures];
        var y = new long[nSamples];
        int row = 0;
        for (int c = 0; c < centers; c++)
        {
            int count = nSamples / centers + (c < nSamples % centers ? 1 : 0);
            for (int k = 0; k < count; k++, row++)
            {
                y[row] = c;
                for (int j = 0; j < nFeatures; j++)
                    x[row * nFeatures + j] = mu[c * nFeatures + j] + clusterStd * gen.NextNormal();
            }
        }
        if (shuffle) ShuffleRows(x, y, nFeatures, gen);
        return (Tensor.FromArray(x, nSamples, nFeatures), Tensor.FromArray(y, nSamples));
    }
}
