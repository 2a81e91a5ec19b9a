namespace Glassbox.Data;

public static partial class Synthetic
{
    /// <summary>
    /// A small circle inside a large one (<c>sklearn.datasets.make_circles</c>): two classes separable only by a
    /// radial (nonlinear) boundary.
    /// </summary>
    /// <param name="nSamples">Total number of points; class 0 (outer) gets ⌊n/2⌋ and class 1 (inner) the rest.</param>
    /// <param name="noise">Standard deviation of Gaussian noise added to every coordinate.</param>
    /// <param name="factor">Radius of the inner circle relative to the outer one, in [0, 1).</param>
    /// <param name="gen">Random source; <see cref="Generator.Default"/> when null.</param>
    /// <param name="shuffle">Shuffle the points (scikit-learn's default).</param>
    /// <returns>X float64 [n, 2] and y int64 [n] with labels in {0, 1}.</returns>
    /// <remarks>
    /// Class 0: (cos t, sin t); class 1: factor·(cos t, sin t); in each class t takes evenly spaced values over
    /// [0, 2π) with 2π left out, so the first point is not repeated.
    /// </remarks>
    public static (Tensor X, Tensor y) MakeCircles(int nSamples = 100, double noise = 0.0, double factor = 0.8, Generator? gen = null, bool shuffle = true)
    {
        CheckCount(nSamples, "MakeCircles");
        CheckNoise(noise, "MakeCircles");
        if (!(factor >= 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), $"MakeCircles: factor must be in [0, 1), got {factor}");
        gen ??= Generator.Default;
        int nOut = nSamples / 2, nIn = nSamples - nOut;
        var x = new double[nSamples * 2];
        var y = new long[nSamples];
        var tOut = Linspace(0, 2 * Math.PI, nOut, endpoint: false);
        var tIn = Linspace(0, 2 * Math.PI, nIn, endpoint: false);
        for (int i = 0; i < nOut; i++)
        {
            x[2 * i] = Math.Cos(tOut[i]);
            x[2 * i + 1] = Math.Sin(tOut[i]);
        }
        for (int i = 0; i < nIn; i++)
        {
            int r = nOut + i;
            x[2 * r] = factor * Math.Cos(tIn[i]);
            x[2 * r + 1] = factor * Math.Sin(tIn[i]);
            y[r] = 1;
        }
        if (shuffle) ShuffleRows(x, y, 2, gen);
        AddNoise(x, noise, gen);
        return (Tensor.FromArray(x, nSamples, 2), Tensor.FromArray(y, nSamples));
    }
}
