using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Kernels;

/// <summary>
/// Pooling kernels over one contiguous H×W plane (the callers run planes of N·C in parallel): max, average,
/// adaptive average/max and max-unpool, forward and backward, for float and double.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> One plane at a time keeps every window inside a few cache lines of one plane, and planes are
/// independent, so the backward scatters (max: dx[idx] += g; average: spread g/divisor over the window) never race
/// when whole planes go to different threads. Indices are flat positions ih·W + iw inside the plane, PyTorch's
/// convention for <c>max_pool2d(..., return_indices=True)</c>.</para>
/// <para><b>Window bounds.</b> Instead of testing every kernel tap against the input bounds (the naive form in
/// <see cref="PoolReference"/>), each output first clips its window to the rows and columns that lie inside the
/// input — stepping the start forward by whole dilations — so the inner loops run without branches on padding.</para>
/// <para><b>Max semantics</b> (PyTorch 1.13's CPU kernel): the running maximum starts at −∞ with the index of the
/// first in-bounds tap; a value replaces it when it is greater or NaN. So the first maximum in row-major scan order
/// wins ties, a NaN propagates (the last NaN's index is reported), and a window of −∞ reports its first tap. A window
/// with no tap inside the input (only possible with dilation) gives −∞ and, as PyTorch, the index of its first row
/// and column at or after 0, which may lie outside the plane.</para>
/// </remarks>
internal static class PoolKernels
{
    /// <summary>First in-bounds tap start + k·step ≥ 0 of a window starting at <paramref name="start"/>.</summary>
    private static int ClipStart(int start, int step)
    {
        if (start >= 0) return start;
        return start + (-start + step - 1) / step * step;
    }

    /// <summary>Max pooling of one plane: y[o] = max over the window, idx[o] = its flat input position.</summary>
    public static void MaxPool2d<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> idx, in Pool2dShape s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The fast path needs every window whole: in ceil mode the last one may hang past an odd edge.
        if (s is { KH: 2, KW: 2, SH: 2, SW: 2, PH: 0, PW: 0, DH: 1, DW: 1 } && 2 * s.OH <= s.H && 2 * s.OW <= s.W) { MaxPool2x2(x, y, idx, s); return; }
        int w = s.W;
        for (int oh = 0; oh < s.OH; oh++)
        {
            int h0 = oh * s.SH - s.PH;
            int hs = ClipStart(h0, s.DH), he = Math.Min(h0 + (s.KH - 1) * s.DH + 1, s.H);
            for (int ow = 0; ow < s.OW; ow++)
            {
                int w0 = ow * s.SW - s.PW;
                int ws = ClipStart(w0, s.DW), we = Math.Min(w0 + (s.KW - 1) * s.DW + 1, w);
                T m = T.NegativeInfinity;
                long mi = (long)hs * w + ws;
                for (int ih = hs; ih < he; ih += s.DH)
                {
                    int row = ih * w;
                    for (int iw = ws; iw < we; iw += s.DW)
                    {
                        T v = x[row + iw];
                        if (v > m || T.IsNaN(v)) { m = v; mi = row + iw; }
                    }
                }
                y[oh * s.OW + ow] = m;
                idx[oh * s.OW + ow] = mi;
            }
        }
    }

    /// <summary>
    /// The 2×2 stride-2 unpadded case (LeNet, VGG, U-Net): four loads from two input rows per output, compared in
    /// scan order (top-left, top-right, bottom-left, bottom-right) with the same greater-or-NaN rule.
    /// </summary>
    private static void MaxPool2x2<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> idx, in Pool2dShape s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = s.W, ow = s.OW;
        for (int oh = 0; oh < s.OH; oh++)
        {
            int r0 = 2 * oh * w, r1 = r0 + w;
            var top = x.Slice(r0, 2 * ow);
            var bot = x.Slice(r1, 2 * ow);
            var yr = y.Slice(oh * ow, ow);
            var ir = idx.Slice(oh * ow, ow);
            for (int j = 0; j < ow; j++)
            {
                int c = 2 * j;
                T m = top[c]; int mi = r0 + c;
                T v = top[c + 1]; if (v > m || T.IsNaN(v)) { m = v; mi = r0 + c + 1; }
                v = bot[c]; if (v > m || T.IsNaN(v)) { m = v; mi = r1 + c; }
                v = bot[c + 1]; if (v > m || T.IsNaN(v)) { m = v; mi = r1 + c + 1; }
                // A NaN in the first tap stays: nothing is greater than NaN, and a later NaN moves the index only.
                yr[j] = m; ir[j] = mi;
            }
        }
    }

    /// <summary>
    /// Max-pool backward for one plane: dx[idx[o]] += g[o] (dx must be zeroed by the caller). An index outside the
    /// plane is skipped: PyTorch reports one for a window whose taps all fall in the padding (possible with dilation,
    /// e.g. a 1×1 input, kernel 2, padding 1, dilation 2); its output is −∞ and depends on no input.
    /// </summary>
    public static void MaxPool2dBackward<T>(Span<T> dx, ReadOnlySpan<T> g, ReadOnlySpan<long> idx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < g.Length; o++)
        {
            long k = idx[o];
            if ((ulong)k < (ulong)dx.Length) dx[(int)k] += g[o];
        }
    }

    /// <summary>
    /// Average pooling of one plane with PyTorch's divisor rules: the window is first clipped to the padded input
    /// [−PH, H + PH) (so a ceil-mode window that hangs past the right padding counts only up to it), which gives the
    /// count-include-pad divisor; it is then clipped to the input [0, H), which gives the taps summed and the
    /// exclude-pad divisor. A window with no input tap gives 0. A non-zero <paramref name="divisorOverride"/> replaces both.
    /// </summary>
    public static void AvgPool2d<T>(ReadOnlySpan<T> x, Span<T> y, in Pool2dShape s, bool countIncludePad, int divisorOverride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = s.W;
        for (int oh = 0; oh < s.OH; oh++)
        {
            var (hs, he, ph) = AvgWindow(oh, s.SH, s.PH, s.KH, s.H);
            for (int ow = 0; ow < s.OW; ow++)
            {
                var (ws, we, pw) = AvgWindow(ow, s.SW, s.PW, s.KW, w);
                if (hs >= he || ws >= we) { y[oh * s.OW + ow] = T.Zero; continue; }
                T sum = T.Zero;
                for (int ih = hs; ih < he; ih++)
                {
                    var row = x.Slice(ih * w + ws, we - ws);
                    for (int k = 0; k < row.Length; k++) sum += row[k];
                }
                int div = divisorOverride != 0 ? divisorOverride : countIncludePad ? ph * pw : (he - hs) * (we - ws);
                y[oh * s.OW + ow] = sum / T.CreateChecked(div);
            }
        }
    }

    /// <summary>Average-pool backward for one plane: each output's g/divisor is added to every input tap of its window.</summary>
    public static void AvgPool2dBackward<T>(Span<T> dx, ReadOnlySpan<T> g, in Pool2dShape s, bool countIncludePad, int divisorOverride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = s.W;
        for (int oh = 0; oh < s.OH; oh++)
        {
            var (hs, he, ph) = AvgWindow(oh, s.SH, s.PH, s.KH, s.H);
            for (int ow = 0; ow < s.OW; ow++)
            {
                var (ws, we, pw) = AvgWindow(ow, s.SW, s.PW, s.KW, w);
                if (hs >= he || ws >= we) continue;
                int div = divisorOverride != 0 ? divisorOverride : countIncludePad ? ph * pw : (he - hs) * (we - ws);
                T v = g[oh * s.OW + ow] / T.CreateChecked(div);
                for (int ih = hs; ih < he; ih++)
                {
                    var row = dx.Slice(ih * w + ws, we - ws);
                    for (int k = 0; k < row.Length; k++) row[k] += v;
                }
            }
        }
    }

    /// <summary>Input range [start, end) of average window o and its extent clipped to the padded input only.</summary>
    private static (int Start, int End, int PaddedExtent) AvgWindow(int o, int stride, int pad, int kernel, int size)
    {
        int start = o * stride - pad;
        int end = Math.Min(start + kernel, size + pad);
        int extent = end - start;
        return (Math.Max(start, 0), Math.Min(end, size), extent);
    }

    /// <summary>
    /// Adaptive average pooling of one H×W plane to OH×OW: window i covers [⌊i·H/OH⌋, ⌈(i + 1)·H/OH⌉) and the mean is
    /// over exactly its taps. The global case (1×1, a ResNet head) is one vectorised sum.
    /// </summary>
    public static void AdaptiveAvgPool2d<T>(ReadOnlySpan<T> x, Span<T> y, int h, int w, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (oh == 1 && ow == 1) { y[0] = TensorPrimitives.Sum(x.Slice(0, h * w)) / T.CreateChecked(h * w); return; }
        for (int i = 0; i < oh; i++)
        {
            int hs = Pool2dShape.AdaptiveStart(i, oh, h), he = Pool2dShape.AdaptiveEnd(i, oh, h);
            for (int j = 0; j < ow; j++)
            {
                int ws = Pool2dShape.AdaptiveStart(j, ow, w), we = Pool2dShape.AdaptiveEnd(j, ow, w);
                T sum = T.Zero;
                for (int ih = hs; ih < he; ih++) sum += TensorPrimitives.Sum(x.Slice(ih * w + ws, we - ws));
                y[i * ow + j] = sum / T.CreateChecked((he - hs) * (we - ws));
            }
        }
    }

    /// <summary>Adaptive average-pool backward for one plane: g/(window size) spread over each window (windows may overlap).</summary>
    public static void AdaptiveAvgPool2dBackward<T>(Span<T> dx, ReadOnlySpan<T> g, int h, int w, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (oh == 1 && ow == 1) { dx.Slice(0, h * w).Fill(g[0] / T.CreateChecked(h * w)); return; }
        for (int i = 0; i < oh; i++)
        {
            int hs = Pool2dShape.AdaptiveStart(i, oh, h), he = Pool2dShape.AdaptiveEnd(i, oh, h);
            for (int j = 0; j < ow; j++)
            {
                int ws = Pool2dShape.AdaptiveStart(j, ow, w), we = Pool2dShape.AdaptiveEnd(j, ow, w);
                T v = g[i * ow + j] / T.CreateChecked((he - hs) * (we - ws));
                for (int ih = hs; ih < he; ih++)
                {
                    var row = dx.Slice(ih * w + ws, we - ws);
                    TensorPrimitives.Add(row, v, row);
                }
            }
        }
    }

    /// <summary>Adaptive max pooling of one plane (same windows as the average; same max/NaN/tie rule as <see cref="MaxPool2d{T}"/>).</summary>
    public static void AdaptiveMaxPool2d<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> idx, int h, int w, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < oh; i++)
        {
            int hs = Pool2dShape.AdaptiveStart(i, oh, h), he = Pool2dShape.AdaptiveEnd(i, oh, h);
            for (int j = 0; j < ow; j++)
            {
                int ws = Pool2dShape.AdaptiveStart(j, ow, w), we = Pool2dShape.AdaptiveEnd(j, ow, w);
                T m = T.NegativeInfinity;
                long mi = (long)hs * w + ws;
                for (int ih = hs; ih < he; ih++)
                {
                    int row = ih * w;
                    for (int iw = ws; iw < we; iw++)
                    {
                        T v = x[row + iw];
                        if (v > m || T.IsNaN(v)) { m = v; mi = row + iw; }
                    }
                }
                y[i * ow + j] = m;
                idx[i * ow + j] = mi;
            }
        }
    }

    /// <summary>
    /// Max-unpool of one plane: y[idx[i]] = x[i] into a zeroed output plane of <paramref name="outPlane"/> elements
    /// (a later element wins when two share an index, as in PyTorch's serial CPU loop).
    /// </summary>
    /// <returns>−1 when every index is in [0, outPlane), else the position of the first bad index.</returns>
    public static int MaxUnpool2d<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> idx, Span<T> y, int outPlane) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            long k = idx[i];
            if ((ulong)k >= (ulong)outPlane) return i;
            y[(int)k] = x[i];
        }
        return -1;
    }

    /// <summary>Max-unpool backward for one plane: dx[i] = g[idx[i]] (indices already validated by the forward).</summary>
    public static void MaxUnpool2dBackward<T>(Span<T> dx, ReadOnlySpan<T> g, ReadOnlySpan<long> idx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = g[(int)idx[i]];
    }
}
