using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Kernels;

/// <summary>
/// Direct kernels for a depthwise convolution (G = C = OC: one KH×KW filter per channel), the three passes of
/// <see cref="ConvKernels"/> without GEMM.
/// </summary>
/// <remarks>
/// Lowered to GEMM, each channel would be a product with M = 1 and K = KH·KW — a matrix-vector product after an
/// im2col that copies the image KH·KW times. Here every (kernel tap, output row) pair is instead one
/// axpy along the output row: y_row[lo..hi) += w[kh, kw]·x_row[shifted], where [lo, hi) is the range of output
/// columns whose input column is inside the image (<see cref="ConvKernels.ValidRange"/>), so the inner loop is a
/// vectorised, bounds-test-free multiply-add at stride 1 (a scalar loop at larger strides). Forward and
/// backward-data go parallel over the N·C planes; backward-weight over the channels, each owning its KH·KW
/// weights and summing over the batch, so no reduction between workers is needed.
/// </remarks>
internal static class DepthwiseConvKernels
{
    // Planes per parallel chunk: about 2¹⁶ multiply-adds per chunk, so the pool hand-off (~10 µs) is repaid.
    private static int Grain(ConvGeometry g) => Math.Max(1, (1 << 16) / Math.Max(1, g.L * g.KH * g.KW));

    /// <summary>y[n, c] = b[c] + Σ_{kh,kw} w[c, kh, kw]·x[n, c, shifted] (y overwritten).</summary>
    public static void Forward<T>(ReadOnlyMemory<T> x, ReadOnlyMemory<T> w, ReadOnlyMemory<T> bias, Memory<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Par.For(g.N * g.C, Grain(g), (p0, pn) =>
        {
            var xs = x.Span; var ws = w.Span; var bs = bias.Span; var ys = y.Span;
            for (int p = p0; p < p0 + pn; p++)
            {
                int c = p % g.C;
                var xp = xs.Slice(p * g.HW, g.HW);
                var yp = ys.Slice(p * g.L, g.L);
                yp.Fill(bs.IsEmpty ? T.Zero : bs[c]);
                var wc = ws.Slice(c * g.KH * g.KW, g.KH * g.KW);
                for (int kh = 0; kh < g.KH; kh++)
                    for (int kw = 0; kw < g.KW; kw++)
                    {
                        T wt = wc[kh * g.KW + kw];
                        var (lo, hi) = ConvKernels.ValidRange(g.W, g.OW, g.SW, g.PW, kw * g.DW);
                        if (hi <= lo) continue;
                        int iw0 = lo * g.SW - g.PW + kw * g.DW;
                        for (int oh = 0; oh < g.OH; oh++)
                        {
                            int ih = oh * g.SH - g.PH + kh * g.DH;
                            if ((uint)ih >= (uint)g.H) continue;
                            var yr = yp.Slice(oh * g.OW + lo, hi - lo);
                            var xr = xp.Slice(ih * g.W);
                            if (g.SW == 1) TensorPrimitives.MultiplyAdd(xr.Slice(iw0, hi - lo), wt, yr, yr);
                            else for (int j = 0, iw = iw0; j < yr.Length; j++, iw += g.SW) yr[j] += wt * xr[iw];
                        }
                    }
            }
        });
    }

    /// <summary>dx[n, c, shifted] += w[c, kh, kw]·dy[n, c] over the taps (dx overwritten).</summary>
    public static void BackwardData<T>(ReadOnlyMemory<T> dy, ReadOnlyMemory<T> w, Memory<T> dx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Par.For(g.N * g.C, Grain(g), (p0, pn) =>
        {
            var dys = dy.Span; var ws = w.Span; var dxs = dx.Span;
            for (int p = p0; p < p0 + pn; p++)
            {
                int c = p % g.C;
                var dxp = dxs.Slice(p * g.HW, g.HW);
                var dyp = dys.Slice(p * g.L, g.L);
                dxp.Clear();
                var wc = ws.Slice(c * g.KH * g.KW, g.KH * g.KW);
                for (int kh = 0; kh < g.KH; kh++)
                    for (int kw = 0; kw < g.KW; kw++)
                    {
                        T wt = wc[kh * g.KW + kw];
                        var (lo, hi) = ConvKernels.ValidRange(g.W, g.OW, g.SW, g.PW, kw * g.DW);
                        if (hi <= lo) continue;
                        int iw0 = lo * g.SW - g.PW + kw * g.DW;
                        for (int oh = 0; oh < g.OH; oh++)
                        {
                            int ih = oh * g.SH - g.PH + kh * g.DH;
                            if ((uint)ih >= (uint)g.H) continue;
                            var gr = dyp.Slice(oh * g.OW + lo, hi - lo);
                            var xr = dxp.Slice(ih * g.W);
                            if (g.SW == 1) { var d = xr.Slice(iw0, hi - lo); TensorPrimitives.MultiplyAdd(gr, wt, d, d); }
                            else for (int j = 0, iw = iw0; j < gr.Length; j++, iw += g.SW) xr[iw] += wt * gr[j];
                        }
                    }
            }
        });
    }

    /// <summary>dw[c, kh, kw] = Σ_n Σ_(oh, ow) dy[n, c, oh, ow]·x[n, c, shifted] (dw overwritten).</summary>
    public static void BackwardWeight<T>(ReadOnlyMemory<T> x, ReadOnlyMemory<T> dy, Memory<T> dw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int grain = Math.Max(1, Grain(g) / Math.Max(1, g.N));
        Par.For(g.C, grain, (c0, cn) =>
        {
            var xs = x.Span; var dys = dy.Span; var dws = dw.Span;
            for (int c = c0; c < c0 + cn; c++)
            {
                var wc = dws.Slice(c * g.KH * g.KW, g.KH * g.KW);
                for (int kh = 0; kh < g.KH; kh++)
                    for (int kw = 0; kw < g.KW; kw++)
                    {
                        var (lo, hi) = ConvKernels.ValidRange(g.W, g.OW, g.SW, g.PW, kw * g.DW);
                        T acc = T.Zero;
                        if (hi > lo)
                        {
                            int iw0 = lo * g.SW - g.PW + kw * g.DW;
                            for (int n = 0; n < g.N; n++)
                            {
                                int p = n * g.C + c;
                                var xp = xs.Slice(p * g.HW, g.HW);
                                var dyp = dys.Slice(p * g.L, g.L);
                                for (int oh = 0; oh < g.OH; oh++)
                                {
                                    int ih = oh * g.SH - g.PH + kh * g.DH;
                                    if ((uint)ih >= (uint)g.H) continue;
                                    var gr = dyp.Slice(oh * g.OW + lo, hi - lo);
                                    var xr = xp.Slice(ih * g.W);
                                    if (g.SW == 1) acc += TensorPrimitives.Dot(gr, xr.Slice(iw0, hi - lo));
                                    else for (int j = 0, iw = iw0; j < gr.Length; j++, iw += g.SW) acc += gr[j] * xr[iw];
                                }
                            }
                        }
                        wc[kh * g.KW + kw] = acc;
                    }
            }
        });
    }
}
