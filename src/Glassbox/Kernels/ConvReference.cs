using System.Numerics;

namespace Glassbox.Kernels;

/// <summary>
/// The direct definition of 2-D convolution and its two gradients, as nested loops with double accumulation:
/// the oracle <see cref="ConvKernels"/> and <see cref="DepthwiseConvKernels"/> are tested against. Slow on
/// purpose — no lowering, no blocking, no threads — so that each line can be read against the formula.
/// </summary>
/// <remarks>
/// y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q]·x[n, g·C/G + c, i·SH − PH + p·DH, j·SW − PW + q·DW],
/// with g = o / (OC/G) and x = 0 outside the image. Differentiating the one sum gives both gradients:
/// ∂L/∂x scatters every w·dy term back to the x element it read, ∂L/∂w gathers dy·x over the same terms.
/// </remarks>
internal static class ConvReference
{
    /// <summary>y = conv(x, w) + b (bias empty for none).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int n = 0; n < g.N; n++)
            for (int o = 0; o < g.OC; o++)
                for (int i = 0; i < g.OH; i++)
                    for (int j = 0; j < g.OW; j++)
                    {
                        double s = bias.IsEmpty ? 0 : double.CreateChecked(bias[o]);
                        int grp = o / g.OCg;
                        for (int c = 0; c < g.Cg; c++)
                            for (int p = 0; p < g.KH; p++)
                                for (int q = 0; q < g.KW; q++)
                                {
                                    int ih = i * g.SH - g.PH + p * g.DH, iw = j * g.SW - g.PW + q * g.DW;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                    s += double.CreateChecked(w[((o * g.Cg + c) * g.KH + p) * g.KW + q])
                                       * double.CreateChecked(x[((n * g.C + grp * g.Cg + c) * g.H + ih) * g.W + iw]);
                                }
                        y[((n * g.OC + o) * g.OH + i) * g.OW + j] = T.CreateChecked(s);
                    }
    }

    /// <summary>dx = ∂L/∂x for upstream dy (dx overwritten).</summary>
    public static void BackwardData<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var acc = new double[g.N * g.C * g.HW];
        for (int n = 0; n < g.N; n++)
            for (int o = 0; o < g.OC; o++)
                for (int i = 0; i < g.OH; i++)
                    for (int j = 0; j < g.OW; j++)
                    {
                        double d = double.CreateChecked(dy[((n * g.OC + o) * g.OH + i) * g.OW + j]);
                        int grp = o / g.OCg;
                        for (int c = 0; c < g.Cg; c++)
                            for (int p = 0; p < g.KH; p++)
                                for (int q = 0; q < g.KW; q++)
                                {
                                    int ih = i * g.SH - g.PH + p * g.DH, iw = j * g.SW - g.PW + q * g.DW;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                    acc[((n * g.C + grp * g.Cg + c) * g.H + ih) * g.W + iw] += d * double.CreateChecked(w[((o * g.Cg + c) * g.KH + p) * g.KW + q]);
                                }
                    }
        for (int k = 0; k < acc.Length; k++) dx[k] = T.CreateChecked(acc[k]);
    }

    /// <summary>dw = ∂L/∂w for upstream dy (dw overwritten).</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var acc = new double[g.OC * g.K];
        for (int n = 0; n < g.N; n++)
            for (int o = 0; o < g.OC; o++)
                for (int i = 0; i < g.OH; i++)
                    for (int j = 0; j < g.OW; j++)
                    {
                        double d = double.CreateChecked(dy[((n * g.OC + o) * g.OH + i) * g.OW + j]);
                        int grp = o / g.OCg;
                        for (int c = 0; c < g.Cg; c++)
                            for (int p = 0; p < g.KH; p++)
                                for (int q = 0; q < g.KW; q++)
                                {
                                    int ih = i * g.SH - g.PH + p * g.DH, iw = j * g.SW - g.PW + q * g.DW;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                    acc[((o * g.Cg + c) * g.KH + p) * g.KW + q] += d * double.CreateChecked(x[((n * g.C + grp * g.Cg + c) * g.H + ih) * g.W + iw]);
                                }
                    }
        for (int k = 0; k < acc.Length; k++) dw[k] = T.CreateChecked(acc[k]);
    }
}
