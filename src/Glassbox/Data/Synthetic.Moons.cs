namespace Glassbox.Data;

public static partial class Synthetic
{
    /// <summary>
    /// Two interleaving half circles (<c>sklearn.datasets.make_moons</c>), the classic data set that no linear
    /// classifier separates.
    /// </summary>
    /// <param name="nSamples">Total number of points; class 0 gets ⌊n/2⌋ and class 1 the rest.</param>
    /// <param name="noise">Standard deviation of Gaussian noise added to every coordinate (0: exact arcs).</param>
    /// <param name="gen">Random source; <see cref="Generator.Default"/> when null.</param>
    /// <param name="shuffle">Shuffle the points (scikit-learn's default); false keeps class 0 first.</param>
    /// <returns>X float64 [n, 2] and y int64 [n] with labels in {0, 1}.</returns>
    /// <remarks>
    /// Class 0, the outer moon: (cos t, sin t) for ⌊n/2⌋ values of t evenly spaced over [0, π] (both ends included),
    /// an upper semicircle of radius 1 centred at the origin.
    /// Class 1, the inner moon: (1 − cos t, 1 − sin t − 0.5) for the remaining points, t over [0, π] — the same
    /// semicircle flipped upside down and moved to centre (1, 0.5), so its tips poke into the outer moon's hollow.
    /// </remarks>
    public static (Tensor X, Tensor y) MakeMoons(int nSamples = 100, double noise = 0.0, Generator? gen = null, bool shuffle = true)
    {
        CheckCount(nSamples, "MakeMoons");
        CheckNoise(noise, "MakeMoons");
        gen ??= Generator.Default;
        int nOut = nSamples / 2, nIn = nSamples - nOut;
        var x = new double[nSamples * 2];
        var y = new long[nSamples];
        var tOut = Linspace(0, Math.PI, nOut, endpoint: true);
        var tIn = Linspace(0, Math.PI, nIn, endpoint: true);
        for (int i = 0; i < nOut; i++)
        {
            x[2 * i] = Math.Cos(tOut[i]);
            x[2 * i + 1] = Math.Sin(tOut[i]);
        }
        for (int i = 0; i < nIn; i++)
        {
            int r = nOut + i;
            x[2 * r] = 1 - Math.Cos(tIn[i]);
            x[2 * r + 1] = 1 - Math.Sin(tIn[i]) - 0.5;
            y[r] = 1;
        }
        if (shuffle) ShuffleRows(x, y, 2, gen);
        AddNoise(x, noise, gen);
        return (Tensor.FromArray(x, nSamples, 2), Tensor.FromArray(y, nSamples));
    }
}
