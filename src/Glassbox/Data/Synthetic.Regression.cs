namespace Glassbox.Data;

public static partial class Synthetic
{
    /// <summary>
    /// A random linear regression problem (<c>sklearn.datasets.make_regression</c> with one target and the
    /// default well-conditioned inputs).
    /// </summary>
    /// <param name="nSamples">Number of rows n.</param>
    /// <param name="nFeatures">Number of features f (≥ 1).</param>
    /// <param name="noise">Standard deviation of Gaussian noise added to the targets.</param>
    /// <param name="gen">Random source; <see cref="Generator.Default"/> when null.</param>
    /// <param name="nInformative">How many features have a nonzero coefficient; clipped to f (scikit-learn: 10).</param>
    /// <param name="bias">Intercept added to every target.</param>
    /// <param name="shuffle">Shuffle rows and, as scikit-learn does, the order of the features.</param>
    /// <returns>X float64 [n, f] and y float64 [n].</returns>
    /// <remarks>See <see cref="MakeRegressionWithCoef"/> for the model.</remarks>
    public static (Tensor X, Tensor y) MakeRegression(int nSamples = 100, int nFeatures = 100, double noise = 0.0, Generator? gen = null,
        int nInformative = 10, double bias = 0.0, bool shuffle = true)
    {
        var (x, y, _) = MakeRegressionWithCoef(nSamples, nFeatures, noise, gen, nInformative, bias, shuffle);
        return (x, y);
    }

    /// <summary>
    /// <see cref="MakeRegression"/> that also returns the true coefficients (<c>make_regression(coef=True)</c>).
    /// </summary>
    /// <param name="nSamples">Number of rows n.</param>
    /// <param name="nFeatures">Number of features f (≥ 1).</param>
    /// <param name="noise">Standard deviation σ of Gaussian noise added to the targets.</param>
    /// <param name="gen">Random source; <see cref="Generator.Default"/> when null.</param>
    /// <param name="nInformative">How many features have a nonzero coefficient; clipped to f.</param>
    /// <param name="bias">Intercept b added to every target.</param>
    /// <param name="shuffle">Shuffle rows and the order of the features.</param>
    /// <returns>X float64 [n, f], y float64 [n] and the coefficients w float64 [f].</returns>
    /// <remarks>
    /// X ~ N(0, 1) elementwise; w has <paramref name="nInformative"/> entries drawn from U[0, 100) and zeros
    /// elsewhere; y = X·w + b + σ·ε with ε ~ N(0, 1). Shuffling permutes rows of (X, y) together, then permutes
    /// the columns of X and the entries of w together, so y = X·w + b + noise holds exactly for what is returned.
    /// </remarks>
    public static (Tensor X, Tensor y, Tensor Coef) MakeRegressionWithCoef(int nSamples = 100, int nFeatures = 100, double noise = 0.0,
        Generator? gen = null, int nInformative = 10, double bias = 0.0, bool shuffle = true)
    {
        CheckCount(nSamples, "MakeRegression");
        CheckNoise(noise, "MakeRegression");
        if (nFeatures < 1) throw new ArgumentOutOfRangeException(nameof(nFeatures), $"MakeRegression: nFeatures must be >= 1, got {nFeatures}");
        if (nInformative < 0) throw new ArgumentOutOfRangeException(nameof(nInformative), $"MakeRegression: nInformative must be >= 0, got {nInformative}");
        gen ??= Generator.Default;
        int f = nFeatures, informative = Math.Min(nInformative, f);

        var x = new double[nSamples * f];
        for (int i = 0; i < x.Length; i++) x[i] = gen.NextNormal();
        var w = new double[f];
        for (int j = 0; j < informative; j++) w[j] = 100.0 * gen.NextDouble();
        var y = new double[nSamples];
        for (int i = 0; i < nSamples; i++)
        {
            double s = bias;
            for (int j = 0; j < f; j++) s += x[i * f + j] * w[j];
            y[i] = s;
        }
        AddNoise(y, noise, gen);

        if (shuffle)
        {
            ShuffleRows(x, y, f, gen);
            var cols = Permutation(f, gen);
            var row = new double[f];
            for (int i = 0; i < nSamples; i++)
            {
                for (int j = 0; j < f; j++) row[j] = x[i * f + cols[j]];
                row.CopyTo(x, i * f);
            }
            var w2 = new double[f];
            for (int j = 0; j < f; j++) w2[j] = w[cols[j]];
            w = w2;
        }
        return (Tensor.FromArray(x, nSamples, f), Tensor.FromArray(y, nSamples), Tensor.FromArray(w, f));
    }
}
