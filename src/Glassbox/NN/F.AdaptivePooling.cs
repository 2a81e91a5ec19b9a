using System.Numerics;
using Glassbox.Kernels;

namespace Glassbox.NN;

// Adaptive pooling (the window follows from the requested output size) and max-unpooling.
public static partial class F
{
    /// <summary>
    /// Adaptive 2-d average pooling (<c>F.adaptive_avg_pool2d</c>) of [N, C, H, W] or [C, H, W] to (OH, OW) (an int
    /// for a square output): output (i, j) averages rows [⌊i·H/OH⌋, ⌈(i + 1)·H/OH⌉) and columns
    /// [⌊j·W/OW⌋, ⌈(j + 1)·W/OW⌉) — PyTorch's windows, which overlap when the sizes do not divide. 1×1 is the global
    /// average pool of a ResNet head. The gradient spreads ∂L/∂y / (window size) over each window.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong rank, empty channel/spatial dimensions, or an output size below 1.</exception>
    public static Tensor AdaptiveAvgPool2d(Tensor input, Size2d outputSize)
    {
        const string op = "adaptive_avg_pool2d";
        var x = PoolPlanes.As4d(input, op, out bool unbatched);
        var y = AdaptiveAvgCore(x, outputSize, op);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <summary>Adaptive 1-d average pooling (<c>F.adaptive_avg_pool1d</c>) of [N, C, L] or [C, L] to length <paramref name="outputSize"/>.</summary>
    public static Tensor AdaptiveAvgPool1d(Tensor input, int outputSize)
    {
        const string op = "adaptive_avg_pool1d";
        var x2 = PoolPlanes.As2dFrom1d(input, op);
        var x = x2.NDim == 3 ? x2.Unsqueeze(0) : x2;
        var y = AdaptiveAvgCore(x, (1, outputSize), op);
        if (x2.NDim == 3) y = y.Squeeze(0);
        return y.Squeeze(-2);
    }

    /// <summary>
    /// Adaptive 2-d max pooling (<c>F.adaptive_max_pool2d</c>) to (OH, OW) (an int for a square output): windows as
    /// <see cref="AdaptiveAvgPool2d(Tensor, Size2d)"/>; ties, NaN and gradient as <see cref="MaxPool2d(Tensor, Size2d, Size2d?, Size2d?, Size2d?, bool)"/>.
    /// </summary>
    public static Tensor AdaptiveMaxPool2d(Tensor input, Size2d outputSize) => AdaptiveMaxPool2dWithIndices(input, outputSize).Output;

    /// <summary>Adaptive 2-d max pooling with int64 indices, flat ih·W + iw in each plane (<c>F.adaptive_max_pool2d(..., return_indices=True)</c>).</summary>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool2dWithIndices(Tensor input, Size2d outputSize)
    {
        const string op = "adaptive_max_pool2d";
        var x = PoolPlanes.As4d(input, op, out bool unbatched);
        CheckAdaptiveSize(x, outputSize, op);
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3], planes = n * c;
        var (oh, ow) = outputSize;
        var xc = x.ContiguousRaw();
        var y = new Tensor([n, c, oh, ow], x.DType);
        var idx = new Tensor([n, c, oh, ow], DType.Int64);
        if (x.DType == DType.Float32) AdaptiveMaxForward<float>(xc, y, idx, planes, h, w, oh, ow);
        else AdaptiveMaxForward<double>(xc, y, idx, planes, h, w, oh, ow);
        var output = Tensor.Record(y, op, [x], g =>
        {
            var gc = g.To(x.DType).ContiguousRaw();
            var dx = new Tensor(x.ShapeToArray(), x.DType);
            if (x.DType == DType.Float32) IndexScatterBackward<float>(dx, gc, idx, planes, h * w, oh * ow);
            else IndexScatterBackward<double>(dx, gc, idx, planes, h * w, oh * ow);
            return [dx];
        }, idx);
        return unbatched ? (output.Squeeze(0), idx.Squeeze(0)) : (output, idx);
    }

    private static void CheckAdaptiveSize(Tensor x, Size2d size, string op)
    {
        if (size.H < 1 || size.W < 1)
            throw new ArgumentException($"{op}: output size ({size.H}, {size.W}) must be positive, for input {ShapeUtil.Format(x.ShapeArray)}");
    }

    private static Tensor AdaptiveAvgCore(Tensor x, Size2d outputSize, string op)
    {
        CheckAdaptiveSize(x, outputSize, op);
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3], planes = n * c;
        var (oh, ow) = outputSize;
        var xc = x.ContiguousRaw();
        var y = new Tensor([n, c, oh, ow], x.DType);
        if (x.DType == DType.Float32) AdaptiveAvgForward<float>(xc, y, planes, h, w, oh, ow);
        else AdaptiveAvgForward<double>(xc, y, planes, h, w, oh, ow);
        return Tensor.Record(y, op, [x], g =>
        {
            var gc = g.To(x.DType).ContiguousRaw();
            var dx = new Tensor(x.ShapeToArray(), x.DType);
            if (x.DType == DType.Float32) AdaptiveAvgBackward<float>(dx, gc, planes, h, w, oh, ow);
            else AdaptiveAvgBackward<double>(dx, gc, planes, h, w, oh, ow);
            return [dx];
        });
    }

    private static void AdaptiveAvgForward<T>(Tensor x, Tensor y, int planes, int h, int w, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xd, xo, yd) = (x.Data<T>(), x.Offset, y.Data<T>());
        int ip = h * w, op = oh * ow;
        PoolPlanes.For(planes, ip, (p0, count) =>
        {
            for (int p = p0; p < p0 + count; p++)
                PoolKernels.AdaptiveAvgPool2d<T>(xd.AsSpan(xo + p * ip, ip), yd.AsSpan(p * op, op), h, w, oh, ow);
        });
    }

    private static void AdaptiveAvgBackward<T>(Tensor dx, Tensor g, int planes, int h, int w, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (dd, gd, go) = (dx.Data<T>(), g.Data<T>(), g.Offset);
        int ip = h * w, op = oh * ow;
        PoolPlanes.For(planes, ip, (p0, count) =>
        {
            for (int p = p0; p < p0 + count; p++)
                PoolKernels.AdaptiveAvgPool2dBackward<T>(dd.AsSpan(p * ip, ip), gd.AsSpan(go + p * op, op), h, w, oh, ow);
        });
    }

    private static void AdaptiveMaxForward<T>(Tensor x, Tensor y, Tensor idx, int planes, int h, int w, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xd, xo, yd, id) = (x.Data<T>(), x.Offset, y.Data<T>(), idx.Data<long>());
        int ip = h * w, op = oh * ow;
        PoolPlanes.For(planes, ip, (p0, count) =>
        {
            for (int p = p0; p < p0 + count; p++)
                PoolKernels.AdaptiveMaxPool2d<T>(xd.AsSpan(xo + p * ip, ip), yd.AsSpan(p * op, op), id.AsSpan(p * op, op), h, w, oh, ow);
        });
    }

    /// <summary>
    /// The partial inverse of max pooling (<c>F.max_unpool2d</c>): a zero [N, C, OH, OW] output with each input value
    /// written at its index (flat position oh·OW + ow in its plane), e.g. the indices from
    /// <see cref="MaxPool2dWithIndices(Tensor, Size2d, Size2d?, Size2d?, Size2d?, bool)"/>.
    /// </summary>
    /// <param name="input">[N, C, H, W] or [C, H, W] pooled values.</param>
    /// <param name="indices">int64, the input's shape.</param>
    /// <param name="kernelSize">The pooling's kernel size (an int for a square window, or (H, W)).</param>
    /// <param name="stride">The pooling's stride; null means the kernel size.</param>
    /// <param name="padding">The pooling's padding; null means 0.</param>
    /// <param name="outputSize">The spatial output size; null means (H − 1)·s − 2p + k per axis (it may be given to undo a pooling whose floor dropped a row).</param>
    /// <remarks>When two inputs share an index the later one in row-major order wins. The gradient is the output gradient
    /// read back at the indices: ∂L/∂x[i] = ∂L/∂y[idx[i]].</remarks>
    /// <exception cref="ArgumentException">Wrong rank, indices that are not int64 or of another shape, a non-positive
    /// kernel or stride, negative padding, a non-positive output size, or an index outside the output plane.</exception>
    public static Tensor MaxUnpool2d(Tensor input, Tensor indices, Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, Size2d? outputSize = null)
    {
        const string op = "max_unpool2d";
        var x = PoolPlanes.As4d(input, op, out bool unbatched);
        if (indices.DType != DType.Int64)
            throw new ArgumentException($"{op}: indices must be int64, got {indices.DType.TorchName()}");
        if (!ShapeUtil.SameShape(indices.ShapeArray, input.ShapeArray))
            throw new ArgumentException($"{op}: indices shape {ShapeUtil.Format(indices.ShapeArray)} must equal the input shape {ShapeUtil.Format(input.ShapeArray)}");
        Size2d st = stride ?? kernelSize, pd = padding ?? 0;
        if (kernelSize.H < 1 || kernelSize.W < 1 || st.H < 1 || st.W < 1 || pd.H < 0 || pd.W < 0)
            throw new ArgumentException($"{op}: kernel size {kernelSize} and stride {st} must be positive and padding {pd} non-negative, for input {ShapeUtil.Format(input.ShapeArray)}");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3], planes = n * c;
        var (oh, ow) = outputSize ?? new Size2d((h - 1) * st.H - 2 * pd.H + kernelSize.H, (w - 1) * st.W - 2 * pd.W + kernelSize.W);
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"{op}: output size ({oh}, {ow}) must be positive, for input {ShapeUtil.Format(input.ShapeArray)}");
        var xc = x.ContiguousRaw();
        var ic = (unbatched ? indices.Unsqueeze(0) : indices).ContiguousRaw();
        var y = new Tensor([n, c, oh, ow], x.DType);
        int bad = x.DType == DType.Float32 ? UnpoolForward<float>(xc, ic, y, planes, h * w, oh * ow) : UnpoolForward<double>(xc, ic, y, planes, h * w, oh * ow);
        if (bad >= 0)
            throw new ArgumentException($"{op}: index {ic.Data<long>()[ic.Offset + bad]} at flat position {bad} of indices {ShapeUtil.Format(indices.ShapeArray)} is outside the output plane of {oh}×{ow} = {oh * ow} elements (output [{n}, {c}, {oh}, {ow}])");
        var output = Tensor.Record(y, op, [x], g =>
        {
            var gc = g.To(x.DType).ContiguousRaw();
            var dx = new Tensor(x.ShapeToArray(), x.DType);
            if (x.DType == DType.Float32) UnpoolBackward<float>(dx, gc, ic, planes, h * w, oh * ow);
            else UnpoolBackward<double>(dx, gc, ic, planes, h * w, oh * ow);
            return [dx];
        }, indices);
        return unbatched ? output.Squeeze(0) : output;
    }

    /// <summary>Unpools every plane; returns the flat position of the first out-of-range index, or −1.</summary>
    private static int UnpoolForward<T>(Tensor x, Tensor idx, Tensor y, int planes, int inPlane, int outPlane) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xd, xo, id, io, yd) = (x.Data<T>(), x.Offset, idx.Data<long>(), idx.Offset, y.Data<T>());
        int bad = int.MaxValue;
        PoolPlanes.For(planes, inPlane, (p0, count) =>
        {
            for (int p = p0; p < p0 + count; p++)
            {
                int b = PoolKernels.MaxUnpool2d<T>(xd.AsSpan(xo + p * inPlane, inPlane), id.AsSpan(io + p * inPlane, inPlane), yd.AsSpan(p * outPlane, outPlane), outPlane);
                if (b >= 0) { InterlockedMin(ref bad, p * inPlane + b); return; }
            }
        });
        return bad == int.MaxValue ? -1 : bad;
    }

    private static void InterlockedMin(ref int target, int value)
    {
        int cur = Volatile.Read(ref target);
        while (value < cur)
        {
            int seen = Interlocked.CompareExchange(ref target, value, cur);
            if (seen == cur) return;
            cur = seen;
        }
    }

    private static void UnpoolBackward<T>(Tensor dx, Tensor g, Tensor idx, int planes, int inPlane, int outPlane) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (dd, gd, go, id, io) = (dx.Data<T>(), g.Data<T>(), g.Offset, idx.Data<long>(), idx.Offset);
        PoolPlanes.For(planes, inPlane, (p0, count) =>
        {
            for (int p = p0; p < p0 + count; p++)
                PoolKernels.MaxUnpool2dBackward<T>(dd.AsSpan(p * inPlane, inPlane), gd.AsSpan(go + p * outPlane, outPlane), id.AsSpan(io + p * inPlane, inPlane));
        });
    }
}
