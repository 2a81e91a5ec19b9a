using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Kernels;

/// <summary>
/// The linear-interpolation taps of one axis: output i reads input positions <see cref="I0"/>[i] and
/// <see cref="I1"/>[i] with weights <see cref="L0"/>[i] and <see cref="L1"/>[i] (L0 + L1 = 1).
/// </summary>
internal sealed record LinearTaps<T>(int[] I0, int[] I1, T[] L0, T[] L1);

/// <summary>
/// Resampling kernels over one contiguous H×W plane (callers run the N·C planes in parallel): nearest and bilinear
/// interpolation forward and backward, for float and double, plus the per-axis source-index rules of PyTorch 1.13.
/// </summary>
/// <remarks>
/// <para><b>Separable layout.</b> Both modes are products of two 1-d maps, so the source index (and weight) of every
/// output row and column is computed once per call into small tables, and the plane loops only gather. Bilinear runs
/// as two passes: each input row is first interpolated along the width into a scratch row of OW values
/// (l0·x[i0] + l1·x[i1]), then each output row is l0·rowA + l1·rowB over whole rows with
/// <see cref="TensorPrimitives"/> — the same products and sums, in the same order, as the 4-tap formula
/// h0·(w0·x00 + w1·x01) + h1·(w0·x10 + w1·x11), but the vertical pass is vectorised and each input row is
/// interpolated horizontally only once instead of once per output row that reads it.</para>
/// <para><b>Backward</b> is the transpose of the same two passes: the output gradient is spread over the input rows
/// it came from (vertical, whole rows), then each row over its columns (horizontal scatter). Planes are
/// independent, so no two threads ever add into the same element.</para>
/// </remarks>
internal static class ResampleKernels
{
    /// <summary>
    /// PyTorch's nearest source indices along one axis. The scale is 1/scaleFactor when a scale factor reaches the
    /// kernel, else in/out, held in T (the tensor's dtype, PyTorch's opmath type); src = ⌊i·scale⌋ (nearest) or
    /// ⌊(i + ½)·scale⌋ (nearest-exact), the product formed in T and rounded to float32 before the floor as PyTorch's
    /// <c>floorf</c> does, then clamped to in − 1. The float32 rounding matters: it moves an index by one for some
    /// sizes (e.g. in 5 → out 8 is exact, but ratios like 7/3 are not).
    /// </summary>
    public static int[] NearestIndices<T>(int inSize, int outSize, double? scaleFactor, bool exact) where T : IFloatingPointIeee754<T>
    {
        T scale = Scale<T>(inSize, outSize, scaleFactor);
        T half = T.CreateChecked(0.5);
        var src = new int[outSize];
        for (int i = 0; i < outSize; i++)
        {
            T v = (exact ? T.CreateChecked(i) + half : T.CreateChecked(i)) * scale;
            src[i] = Math.Min((int)MathF.Floor(float.CreateChecked(v)), inSize - 1);
        }
        return src;
    }

    /// <summary>
    /// PyTorch's linear-interpolation taps along one axis. With align corners the scale is (in − 1)/(out − 1) (0 for a
    /// single output) and src = i·scale, so the first and last samples sit on the corner pixels' centres; without,
    /// the scale is as for nearest (1/scaleFactor or in/out) and src = max((i + ½)·scale − ½, 0), treating pixels as
    /// unit areas. i0 = ⌊src⌋, i1 = i0 + 1 clamped to in − 1, l1 = src − i0 clipped to [0, 1], l0 = 1 − l1.
    /// </summary>
    public static LinearTaps<T> LinearTaps<T>(int inSize, int outSize, double? scaleFactor, bool alignCorners) where T : IFloatingPointIeee754<T>
    {
        T scale = alignCorners
            ? (outSize > 1 ? T.CreateChecked(inSize - 1) / T.CreateChecked(outSize - 1) : T.Zero)
            : Scale<T>(inSize, outSize, scaleFactor);
        T half = T.CreateChecked(0.5);
        var taps = new LinearTaps<T>(new int[outSize], new int[outSize], new T[outSize], new T[outSize]);
        for (int i = 0; i < outSize; i++)
        {
            T src = alignCorners ? scale * T.CreateChecked(i) : T.Max(scale * (T.CreateChecked(i) + half) - half, T.Zero);
            int i0 = Math.Min(int.CreateTruncating(src), inSize - 1);   // only a factor inconsistent with out could pass the end
            T l1 = T.Clamp(src - T.CreateChecked(i0), T.Zero, T.One);
            taps.I0[i] = i0;
            taps.I1[i] = i0 < inSize - 1 ? i0 + 1 : i0;
            taps.L1[i] = l1;
            taps.L0[i] = T.One - l1;
        }
        return taps;
    }

    /// <summary>Source step per output step without align corners: 1/scaleFactor when one reaches the kernel, else in/out.</summary>
    private static T Scale<T>(int inSize, int outSize, double? scaleFactor) where T : IFloatingPointIeee754<T>
        => scaleFactor is double s && s > 0 ? T.CreateChecked(1.0 / s) : T.CreateChecked(inSize) / T.CreateChecked(outSize);

    /// <summary>
    /// Nearest resampling of one plane: y[i, j] = x[sh[i], sw[j]]. An output row that reads the same input row as the
    /// one above it is copied, and the exact ×2 case duplicates each input value into a pair.
    /// </summary>
    public static void Nearest<T>(ReadOnlySpan<T> x, Span<T> y, int w, int[] sh, int[] sw) where T : unmanaged
    {
        int ow = sw.Length;
        bool twice = ow == 2 * w && IsDouble(sw);
        for (int i = 0; i < sh.Length; i++)
        {
            var yr = y.Slice(i * ow, ow);
            if (i > 0 && sh[i] == sh[i - 1]) { y.Slice((i - 1) * ow, ow).CopyTo(yr); continue; }
            var xr = x.Slice(sh[i] * w, w);
            if (twice)
                for (int j = 0; j < w; j++) { T v = xr[j]; yr[2 * j] = v; yr[2 * j + 1] = v; }
            else
                for (int j = 0; j < ow; j++) yr[j] = xr[sw[j]];
        }
    }

    private static bool IsDouble(int[] s)
    {
        for (int j = 0; j < s.Length; j++) if (s[j] != j >> 1) return false;
        return true;
    }

    /// <summary>Nearest backward for one plane: dx[sh[i], sw[j]] += g[i, j] (dx zeroed by the caller).</summary>
    public static void NearestBackward<T>(Span<T> dx, ReadOnlySpan<T> g, int w, int[] sh, int[] sw) where T : unmanaged, INumber<T>
    {
        int ow = sw.Length;
        for (int i = 0; i < sh.Length; i++)
        {
            var dr = dx.Slice(sh[i] * w, w);
            var gr = g.Slice(i * ow, ow);
            for (int j = 0; j < ow; j++) dr[sw[j]] += gr[j];
        }
    }

    /// <summary>
    /// Bilinear resampling of one H×W plane to OH×OW (see the class remarks for the two passes).
    /// <paramref name="scratch"/> holds H·OW values.
    /// </summary>
    public static void Bilinear<T>(ReadOnlySpan<T> x, Span<T> y, int h, int w, LinearTaps<T> th, LinearTaps<T> tw, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = th.I0.Length, ow = tw.I0.Length;
        for (int r = 0; r < h; r++)
        {
            var xr = x.Slice(r * w, w);
            var sr = scratch.Slice(r * ow, ow);
            for (int j = 0; j < ow; j++) sr[j] = tw.L0[j] * xr[tw.I0[j]] + tw.L1[j] * xr[tw.I1[j]];
        }
        for (int i = 0; i < oh; i++)
        {
            var yr = y.Slice(i * ow, ow);
            TensorPrimitives.Multiply(scratch.Slice(th.I0[i] * ow, ow), th.L0[i], yr);
            TensorPrimitives.MultiplyAdd(scratch.Slice(th.I1[i] * ow, ow), th.L1[i], yr, yr);
        }
    }

    /// <summary>
    /// Bilinear backward for one plane: the transpose of <see cref="Bilinear{T}"/>. <paramref name="scratch"/> holds
    /// H·OW values; dx is overwritten.
    /// </summary>
    public static void BilinearBackward<T>(Span<T> dx, ReadOnlySpan<T> g, int h, int w, LinearTaps<T> th, LinearTaps<T> tw, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = th.I0.Length, ow = tw.I0.Length;
        var s = scratch.Slice(0, h * ow);
        s.Clear();
        for (int i = 0; i < oh; i++)
        {
            var gr = g.Slice(i * ow, ow);
            var a = s.Slice(th.I0[i] * ow, ow);
            TensorPrimitives.MultiplyAdd(gr, th.L0[i], a, a);
            var b = s.Slice(th.I1[i] * ow, ow);
            TensorPrimitives.MultiplyAdd(gr, th.L1[i], b, b);
        }
        var d = dx.Slice(0, h * w);
        d.Clear();
        for (int r = 0; r < h; r++)
        {
            var dr = d.Slice(r * w, w);
            var sr = s.Slice(r * ow, ow);
            for (int j = 0; j < ow; j++)
            {
                T v = sr[j];
                dr[tw.I0[j]] += tw.L0[j] * v;
                dr[tw.I1[j]] += tw.L1[j] * v;
            }
        }
    }

    /// <summary>A pooled scratch array of at least <paramref name="length"/> elements (return it with <see cref="Return{T}"/>).</summary>
    public static T[] Rent<T>(int length) => ArrayPool<T>.Shared.Rent(Math.Max(1, length));

    /// <summary>Gives a scratch array from <see cref="Rent{T}"/> back.</summary>
    public static void Return<T>(T[] a) => ArrayPool<T>.Shared.Return(a);
}
