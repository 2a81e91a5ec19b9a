using System.Numerics;

namespace Glassbox.Kernels;

/// <summary>
/// Naive resampling beside <see cref="ResampleKernels"/>: every output computed on its own from the four-tap formula
/// (or its single nearest tap), and the backward scattering every output's gradient straight into its taps. The
/// per-axis index rules are shared (they are checked against PyTorch by the fixtures); the kernel tests compare the
/// two-pass and fast-path loops with these.
/// </summary>
internal static class ResampleReference
{
    /// <summary>y[i, j] = x[sh[i], sw[j]].</summary>
    public static void Nearest<T>(ReadOnlySpan<T> x, Span<T> y, int w, int[] sh, int[] sw) where T : unmanaged
    {
        for (int i = 0; i < sh.Length; i++)
            for (int j = 0; j < sw.Length; j++) y[i * sw.Length + j] = x[sh[i] * w + sw[j]];
    }

    /// <summary>dx[sh[i], sw[j]] += g[i, j] over a zeroed dx.</summary>
    public static void NearestBackward<T>(Span<T> dx, ReadOnlySpan<T> g, int w, int[] sh, int[] sw) where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < sh.Length; i++)
            for (int j = 0; j < sw.Length; j++) dx[sh[i] * w + sw[j]] += g[i * sw.Length + j];
    }

    /// <summary>y = h0·(w0·x[i0, j0] + w1·x[i0, j1]) + h1·(w0·x[i1, j0] + w1·x[i1, j1]) per output.</summary>
    public static void Bilinear<T>(ReadOnlySpan<T> x, Span<T> y, int w, LinearTaps<T> th, LinearTaps<T> tw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = tw.I0.Length;
        for (int i = 0; i < th.I0.Length; i++)
            for (int j = 0; j < ow; j++)
            {
                T top = tw.L0[j] * x[th.I0[i] * w + tw.I0[j]] + tw.L1[j] * x[th.I0[i] * w + tw.I1[j]];
                T bot = tw.L0[j] * x[th.I1[i] * w + tw.I0[j]] + tw.L1[j] * x[th.I1[i] * w + tw.I1[j]];
                y[i * ow + j] = th.L0[i] * top + th.L1[i] * bot;
            }
    }

    /// <summary>Each output's gradient times the four tap weights, added into a zeroed dx.</summary>
    public static void BilinearBackward<T>(Span<T> dx, ReadOnlySpan<T> g, int w, LinearTaps<T> th, LinearTaps<T> tw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = tw.I0.Length;
        for (int i = 0; i < th.I0.Length; i++)
            for (int j = 0; j < ow; j++)
            {
                T v = g[i * ow + j];
                dx[th.I0[i] * w + tw.I0[j]] += th.L0[i] * tw.L0[j] * v;
                dx[th.I0[i] * w + tw.I1[j]] += th.L0[i] * tw.L1[j] * v;
                dx[th.I1[i] * w + tw.I0[j]] += th.L1[i] * tw.L0[j] * v;
                dx[th.I1[i] * w + tw.I1[j]] += th.L1[i] * tw.L1[j] * v;
            }
    }
}
