using System.Numerics;
using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The fused gate kernels of <see cref="RecurrentKernels"/> against their naive references, over hidden sizes around
/// the SIMD widths (1, 3, 7, 8, 9, 16, 17, 33: the vector body, the scalar tail and both) and 1 or 3 rows, in float32
/// and float64.
/// </summary>
/// <remarks>
/// <b>Tolerance.</b> Each value is a handful (≤ 6) of multiplications and one σ/tanh, all of magnitude ≤ a few units;
/// the references work in double. The float64 kernels may differ from them only by the vectorised exp (a few ulps):
/// 1e-13. In float32 each operation rounds with unit roundoff 6e-8, and TensorPrimitives' float exp/tanh are accurate
/// to a few ulps, so ten roundings of values ≤ ~10 stay below 1e-5.
/// </remarks>
public class RecurrentKernelsTests
{
    public static TheoryData<int, int> Sizes()
    {
        var d = new TheoryData<int, int>();
        foreach (int h in new[] { 1, 3, 7, 8, 9, 16, 17, 33 }) foreach (int r in new[] { 1, 3 }) d.Add(h, r);
        return d;
    }

    private static double[] Rand(Random rng, int n, double scale = 2) => Enumerable.Range(0, n).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray();

    private static T[] Cast<T>(double[] a) where T : IFloatingPointIeee754<T> => a.Select(T.CreateTruncating).ToArray();

    private static void Close<T>(double[] expected, ReadOnlySpan<T> actual, double tol, string what) where T : IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            Assert.True(Math.Abs(a - expected[i]) <= tol * (1 + Math.Abs(expected[i])), $"{what}[{i}]: expected {expected[i]:R}, got {a:R}");
        }
    }

    private static void Lstm<T>(int hidden, int rows, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(hidden * 31 + rows);
        var pre = Rand(rng, rows * 4 * hidden, 3);
        var cPrev = Rand(rng, rows * hidden);
        var dh = Rand(rng, rows * hidden);
        var dc = Rand(rng, rows * hidden);
        // Round the inputs to T first so that both sides see the same numbers.
        (pre, cPrev, dh, dc) = (R<T>(pre), R<T>(cPrev), R<T>(dh), R<T>(dc));
        var (acts, c, h) = RecurrentKernels.Reference.Lstm(pre, cPrev, rows, hidden);
        var (dpre, dcp) = RecurrentKernels.Reference.LstmBackward(pre, cPrev, dh, dc, rows, hidden);

        var g = Cast<T>(pre);
        var cT = new T[rows * hidden];
        var tc = new T[rows * hidden];
        var hT = new T[rows * hidden];
        RecurrentKernels.LstmForward<T>(g, Cast<T>(cPrev), cT, tc, hT, rows, hidden);
        Close(acts, g, tol, "acts");
        Close(c, cT, tol, "c");
        Close(h, hT, tol, "h");
        var dg = new T[g.Length];
        var dcpT = new T[rows * hidden];
        RecurrentKernels.LstmBackward<T>(dg, dcpT, g, tc, Cast<T>(cPrev), Cast<T>(dh), Cast<T>(dc), rows, hidden);
        Close(dpre, dg, tol, "dgates");
        Close(dcp, dcpT, tol, "dc_prev");
    }

    private static void Gru<T>(int hidden, int rows, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(hidden * 17 + rows);
        var gi = R<T>(Rand(rng, rows * 3 * hidden, 3));
        var gh = R<T>(Rand(rng, rows * 3 * hidden, 3));
        var hPrev = R<T>(Rand(rng, rows * hidden));
        var dh = R<T>(Rand(rng, rows * hidden));
        var h = RecurrentKernels.Reference.Gru(gi, gh, hPrev, rows, hidden);
        var (dgi, dgh, dhp) = RecurrentKernels.Reference.GruBackward(gi, gh, hPrev, dh, rows, hidden);

        var g = Cast<T>(gi);
        var ghT = Cast<T>(gh);
        var hT = new T[rows * hidden];
        RecurrentKernels.GruForward<T>(g, ghT, Cast<T>(hPrev), hT, rows, hidden);
        Close(h, hT, tol, "h");
        var dgiT = new T[g.Length];
        var dghT = new T[g.Length];
        var dhpT = new T[rows * hidden];
        RecurrentKernels.GruBackward<T>(dgiT, dghT, dhpT, g, ghT, Cast<T>(hPrev), Cast<T>(dh), rows, hidden);
        Close(dgi, dgiT, tol, "d_input_gates");
        Close(dgh, dghT, tol, "d_hidden_gates");
        Close(dhp, dhpT, tol, "dh_prev_direct");
    }

    private static double[] R<T>(double[] a) where T : IFloatingPointIeee754<T> => a.Select(v => double.CreateTruncating(T.CreateTruncating(v))).ToArray();

    [Theory, MemberData(nameof(Sizes))]
    public void LstmKernelsMatchReference(int hidden, int rows)
    {
        Lstm<double>(hidden, rows, 1e-13);
        Lstm<float>(hidden, rows, 1e-5);
    }

    [Theory, MemberData(nameof(Sizes))]
    public void GruKernelsMatchReference(int hidden, int rows)
    {
        Gru<double>(hidden, rows, 1e-13);
        Gru<float>(hidden, rows, 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RnnKernelsMatchTheDefinition(bool relu)
    {
        var rng = new Random(5);
        var pre = Rand(rng, 37, 3);
        var dh = Rand(rng, 37);
        var g = pre.ToArray();
        RecurrentKernels.RnnForward<double>(g, relu);
        var expect = pre.Select(v => relu ? Math.Max(v, 0) : Math.Tanh(v)).ToArray();
        Close(expect, (ReadOnlySpan<double>)g, 1e-13, "h");
        var d = new double[37];
        RecurrentKernels.RnnBackward<double>(d, g, dh, relu);
        var dExpect = pre.Select((v, i) => dh[i] * (relu ? (v > 0 ? 1 : 0) : 1 - Math.Tanh(v) * Math.Tanh(v))).ToArray();
        Close(dExpect, (ReadOnlySpan<double>)d, 1e-13, "dpre");
    }
}
