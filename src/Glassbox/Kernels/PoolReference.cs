using System.Numerics;

namespace Glassbox.Kernels;

/// <summary>
/// Naive pooling, written straight from the definitions: every kernel tap of every output is visited and tested
/// against the input bounds. Slow, but with no clipping arithmetic or special cases to get wrong; the kernel tests
/// compare <see cref="PoolKernels"/> with these on sweeps of shapes.
/// </summary>
internal static class PoolReference
{
    /// <summary>Max pooling of one plane by testing every tap (−∞ start, greater-or-NaN replaces, first in-bounds tap as the default index).</summary>
    public static void MaxPool2d<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> idx, in Pool2dShape s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int oh = 0; oh < s.OH; oh++)
            for (int ow = 0; ow < s.OW; ow++)
            {
                T m = T.NegativeInfinity;
                long mi = -1;
                // With no tap inside the input PyTorch reports its first row and column at or after 0.
                int fh = oh * s.SH - s.PH, fw = ow * s.SW - s.PW;
                while (fh < 0) fh += s.DH;
                while (fw < 0) fw += s.DW;
                for (int kh = 0; kh < s.KH; kh++)
                    for (int kw = 0; kw < s.KW; kw++)
                    {
                        int ih = oh * s.SH - s.PH + kh * s.DH, iw = ow * s.SW - s.PW + kw * s.DW;
                        if (ih < 0 || ih >= s.H || iw < 0 || iw >= s.W) continue;
                        if (mi < 0) mi = (long)ih * s.W + iw;
                        T v = x[ih * s.W + iw];
                        if (v > m || T.IsNaN(v)) { m = v; mi = (long)ih * s.W + iw; }
                    }
                y[oh * s.OW + ow] = m;
                idx[oh * s.OW + ow] = mi < 0 ? (long)fh * s.W + fw : mi;
            }
    }

    /// <summary>Average pooling of one plane: taps inside the input summed, divided by PyTorch's divisor (see <see cref="PoolKernels.AvgPool2d{T}"/>).</summary>
    public static void AvgPool2d<T>(ReadOnlySpan<T> x, Span<T> y, in Pool2dShape s, bool countIncludePad, int divisorOverride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int oh = 0; oh < s.OH; oh++)
            for (int ow = 0; ow < s.OW; ow++)
            {
                T sum = T.Zero;
                int inside = 0, padded = 0;
                for (int kh = 0; kh < s.KH; kh++)
                    for (int kw = 0; kw < s.KW; kw++)
                    {
                        int ih = oh * s.SH - s.PH + kh, iw = ow * s.SW - s.PW + kw;
                        if (ih < s.H + s.PH && iw < s.W + s.PW) padded++;
                        if (ih < 0 || ih >= s.H || iw < 0 || iw >= s.W) continue;
                        inside++;
                        sum += x[ih * s.W + iw];
                    }
                int div = divisorOverride != 0 ? divisorOverride : countIncludePad ? padded : inside;
                y[oh * s.OW + ow] = inside == 0 ? T.Zero : sum / T.CreateChecked(div);
            }
    }

    /// <summary>Adaptive average pooling with windows [⌊i·in/out⌋, ⌈(i + 1)·in/out⌉) computed in floating point.</summary>
    public static void AdaptiveAvgPool2d<T>(ReadOnlySpan<T> x, Span<T> y, int h, int w, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                int hs = (int)Math.Floor((double)i * h / oh), he = (int)Math.Ceiling((double)(i + 1) * h / oh);
                int ws = (int)Math.Floor((double)j * w / ow), we = (int)Math.Ceiling((double)(j + 1) * w / ow);
                T sum = T.Zero;
                for (int ih = hs; ih < he; ih++)
                    for (int iw = ws; iw < we; iw++) sum += x[ih * w + iw];
                y[i * ow + j] = sum / T.CreateChecked((he - hs) * (we - ws));
            }
    }

    /// <summary>Adaptive max pooling with the same floating-point windows as <see cref="AdaptiveAvgPool2d{T}"/>.</summary>
    public static void AdaptiveMaxPool2d<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> idx, int h, int w, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                int hs = (int)Math.Floor((double)i * h / oh), he = (int)Math.Ceiling((double)(i + 1) * h / oh);
                int ws = (int)Math.Floor((double)j * w / ow), we = (int)Math.Ceiling((double)(j + 1) * w / ow);
                T m = T.NegativeInfinity;
                long mi = (long)hs * w + ws;
                for (int ih = hs; ih < he; ih++)
                    for (int iw = ws; iw < we; iw++)
                    {
                        T v = x[ih * w + iw];
                        if (v > m || T.IsNaN(v)) { m = v; mi = (long)ih * w + iw; }
                    }
                y[i * ow + j] = m;
                idx[i * ow + j] = mi;
            }
    }

    /// <summary>Average-pool backward by visiting every tap: each in-input tap gets g/divisor (divisor as in <see cref="AvgPool2d{T}"/>).</summary>
    public static void AvgPool2dBackward<T>(Span<T> dx, ReadOnlySpan<T> g, in Pool2dShape s, bool countIncludePad, int divisorOverride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int oh = 0; oh < s.OH; oh++)
            for (int ow = 0; ow < s.OW; ow++)
            {
                int inside = 0, padded = 0;
                for (int kh = 0; kh < s.KH; kh++)
                    for (int kw = 0; kw < s.KW; kw++)
                    {
                        int ih = oh * s.SH - s.PH + kh, iw = ow * s.SW - s.PW + kw;
                        if (ih < s.H + s.PH && iw < s.W + s.PW) padded++;
                        if (ih >= 0 && ih < s.H && iw >= 0 && iw < s.W) inside++;
                    }
                if (inside == 0) continue;
                int div = divisorOverride != 0 ? divisorOverride : countIncludePad ? padded : inside;
                T v = g[oh * s.OW + ow] / T.CreateChecked(div);
                for (int kh = 0; kh < s.KH; kh++)
                    for (int kw = 0; kw < s.KW; kw++)
                    {
                        int ih = oh * s.SH - s.PH + kh, iw = ow * s.SW - s.PW + kw;
                        if (ih >= 0 && ih < s.H && iw >= 0 && iw < s.W) dx[ih * s.W + iw] += v;
                    }
            }
    }

    /// <summary>Adaptive average-pool backward: g/(window size) added to every tap of each floating-point window.</summary>
    public static void AdaptiveAvgPool2dBackward<T>(Span<T> dx, ReadOnlySpan<T> g, int h, int w, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                int hs = (int)Math.Floor((double)i * h / oh), he = (int)Math.Ceiling((double)(i + 1) * h / oh);
                int ws = (int)Math.Floor((double)j * w / ow), we = (int)Math.Ceiling((double)(j + 1) * w / ow);
                T v = g[i * ow + j] / T.CreateChecked((he - hs) * (we - ws));
                for (int ih = hs; ih < he; ih++)
                    for (int iw = ws; iw < we; iw++) dx[ih * w + iw] += v;
            }
    }
}
