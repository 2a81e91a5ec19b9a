using System.Numerics;
using Glassbox.Kernels;

namespace Glassbox.NN;

// Sliding-window pooling: max (with indices) and average, 2-d and 1-d. The kernels are in Kernels/PoolKernels.cs;
// the geometry (output size, ceil mode) in Kernels/Pool2dShape.cs.
public static partial class F
{
    /// <summary>
    /// 2-d max pooling (<c>F.max_pool2d</c>) over [N, C, H, W] or unbatched [C, H, W]:
    /// y[n, c, i, j] = max over kh &lt; KH, kw &lt; KW of x[n, c, i·SH − PH + kh·DH, j·SW − PW + kw·DW] (taps in the padding are skipped).
    /// </summary>
    /// <param name="input">[N, C, H, W] or [C, H, W], float32 or float64.</param>
    /// <param name="kernelSize">Window size (an int for a square window, or (H, W)).</param>
    /// <param name="stride">Window step; null means the kernel size, as in PyTorch.</param>
    /// <param name="padding">Implicit −∞ border on each side; at most half the kernel size per axis; null means 0.</param>
    /// <param name="dilation">Spacing between window taps; null means 1.</param>
    /// <param name="ceilMode">Round the output size up (a last partial window is kept if it starts inside the input or the left padding).</param>
    /// <remarks>
    /// Output size ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1 per axis (ceil instead of floor in ceil mode, then one less if the
    /// last window would start in the right padding). Ties go to the first maximum in row-major order and a NaN in the
    /// window propagates, as in PyTorch. The gradient flows only to the chosen tap: ∂L/∂x[argmax] += ∂L/∂y.
    /// </remarks>
    /// <exception cref="ArgumentException">Wrong rank, non-positive kernel/stride/dilation, padding over half the kernel, or an output size below 1.</exception>
    public static Tensor MaxPool2d(Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, Size2d? dilation = null, bool ceilMode = false)
        => MaxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode).Output;

    /// <summary>
    /// 2-d max pooling that also returns where each maximum came from (<c>F.max_pool2d(..., return_indices=True)</c>):
    /// int64 indices, flat positions ih·W + iw inside each input plane, as <see cref="MaxUnpool2d"/> expects.
    /// Same arguments and rules as <see cref="MaxPool2d(Tensor, Size2d, Size2d?, Size2d?, Size2d?, bool)"/>.
    /// </summary>
    public static (Tensor Output, Tensor Indices) MaxPool2dWithIndices(Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, Size2d? dilation = null, bool ceilMode = false)
    {
        const string op = "max_pool2d";
        var x = PoolPlanes.As4d(input, op, out bool unbatched);
        var (y, idx) = MaxPoolCore(x, PoolShape(x, op, kernelSize, stride ?? kernelSize, padding ?? 0, dilation ?? 1, ceilMode), op);
        return unbatched ? (y.Squeeze(0), idx.Squeeze(0)) : (y, idx);
    }

    /// <summary>
    /// 1-d max pooling (<c>F.max_pool1d</c>) over [N, C, L] or [C, L]: the 2-d rule with a single row. Same tie, NaN
    /// and gradient rules as <see cref="MaxPool2d(Tensor, Size2d, Size2d?, Size2d?, Size2d?, bool)"/>.
    /// </summary>
    public static Tensor MaxPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        => MaxPool1dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode).Output;

    /// <summary>1-d max pooling with int64 indices into each length-L row (<c>F.max_pool1d(..., return_indices=True)</c>).</summary>
    public static (Tensor Output, Tensor Indices) MaxPool1dWithIndices(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        const string op = "max_pool1d";
        var x2 = PoolPlanes.As2dFrom1d(input, op);
        var x = x2.NDim == 3 ? x2.Unsqueeze(0) : x2;
        var shape = PoolShape(x, op, (1, kernelSize), (1, stride ?? kernelSize), (0, padding), (1, dilation), ceilMode);
        var (y, idx) = MaxPoolCore(x, shape, op);
        if (x2.NDim == 3) { y = y.Squeeze(0); idx = idx.Squeeze(0); }
        return (y.Squeeze(-2), idx.Squeeze(-2));
    }

    /// <summary>
    /// 2-d average pooling (<c>F.avg_pool2d</c>) over [N, C, H, W] or [C, H, W]: the sum of the window's input taps
    /// divided by a divisor that follows PyTorch exactly.
    /// </summary>
    /// <param name="input">[N, C, H, W] or [C, H, W], float32 or float64.</param>
    /// <param name="kernelSize">Window size (an int for a square window, or (H, W)).</param>
    /// <param name="stride">Window step; null means the kernel size.</param>
    /// <param name="padding">Zero border on each side; at most half the kernel size per axis; null means 0.</param>
    /// <param name="ceilMode">Round the output size up (see <see cref="MaxPool2d(Tensor, Size2d, Size2d?, Size2d?, Size2d?, bool)"/>).</param>
    /// <param name="countIncludePad">Count padding taps in the divisor (the default) or only input taps.</param>
    /// <param name="divisorOverride">A fixed divisor for every window instead of either count; must not be 0.</param>
    /// <remarks>
    /// <para>The divisor with countIncludePad is the window clipped to the <i>padded</i> input
    /// [−p, H + p) — not the full k×k: a ceil-mode window that hangs past the right padding counts only up to the padding's
    /// edge. Without countIncludePad it is the number of taps inside [0, H) × [0, W). A window with no input tap gives 0.</para>
    /// <para>The gradient spreads each output's ∂L/∂y / divisor evenly over the window's input taps.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Wrong rank, non-positive kernel/stride, padding over half the kernel, a zero divisor, or an output size below 1.</exception>
    public static Tensor AvgPool2d(Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
    {
        const string op = "avg_pool2d";
        var x = PoolPlanes.As4d(input, op, out bool unbatched);
        var y = AvgPoolCore(x, PoolShape(x, op, kernelSize, stride ?? kernelSize, padding ?? 0, 1, ceilMode), countIncludePad, divisorOverride, op);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <summary>1-d average pooling (<c>F.avg_pool1d</c>) over [N, C, L] or [C, L]: the 2-d rule with a single row.</summary>
    public static Tensor AvgPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        const string op = "avg_pool1d";
        var x2 = PoolPlanes.As2dFrom1d(input, op);
        var x = x2.NDim == 3 ? x2.Unsqueeze(0) : x2;
        var y = AvgPoolCore(x, PoolShape(x, op, (1, kernelSize), (1, stride ?? kernelSize), (0, padding), (1, 1), ceilMode), countIncludePad, null, op);
        if (x2.NDim == 3) y = y.Squeeze(0);
        return y.Squeeze(-2);
    }

    /// <summary>Validates a pooling's hyper-parameters against a [N, C, H, W] input and computes the output geometry.</summary>
    internal static Pool2dShape PoolShape(Tensor x, string op, Size2d k, Size2d s, Size2d p, Size2d d, bool ceilMode)
    {
        string shape = ShapeUtil.Format(x.ShapeArray);
        if (k.H <= 0 || k.W <= 0) throw new ArgumentException($"{op}: kernel size must be positive, got ({k.H}, {k.W}) for input {shape}");
        if (s.H <= 0 || s.W <= 0) throw new ArgumentException($"{op}: stride must be positive, got ({s.H}, {s.W}) for input {shape}");
        if (d.H <= 0 || d.W <= 0) throw new ArgumentException($"{op}: dilation must be positive, got ({d.H}, {d.W}) for input {shape}");
        if (p.H < 0 || p.W < 0 || p.H > k.H / 2 || p.W > k.W / 2)
            throw new ArgumentException($"{op}: padding ({p.H}, {p.W}) must be non-negative and at most half the kernel size ({k.H}, {k.W}), for input {shape}");
        int h = x.Shape[2], w = x.Shape[3];
        int oh = Pool2dShape.OutputSize(h, k.H, p.H, s.H, d.H, ceilMode), ow = Pool2dShape.OutputSize(w, k.W, p.W, s.W, d.W, ceilMode);
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"{op}: input {shape} with kernel ({k.H}, {k.W}), stride ({s.H}, {s.W}), padding ({p.H}, {p.W}), dilation ({d.H}, {d.W}) gives output size ({oh}, {ow}), which is too small");
        return new Pool2dShape(h, w, oh, ow, k.H, k.W, s.H, s.W, p.H, p.W, d.H, d.W);
    }

    /// <summary>Max pooling of a [N, C, H, W] tensor: output, int64 indices, and the backward that scatters to the indices.</summary>
    private static (Tensor Output, Tensor Indices) MaxPoolCore(Tensor x, Pool2dShape s, string op)
    {
        var xc = x.ContiguousRaw();
        int n = x.Shape[0], c = x.Shape[1], planes = n * c;
        var y = new Tensor([n, c, s.OH, s.OW], x.DType);
        var idx = new Tensor([n, c, s.OH, s.OW], DType.Int64);
        if (x.DType == DType.Float32) MaxPoolForward<float>(xc, y, idx, s, planes); else MaxPoolForward<double>(xc, y, idx, s, planes);
        var output = Tensor.Record(y, op, [x], g =>
        {
            var gc = g.To(x.DType).ContiguousRaw();
            var dx = new Tensor(x.ShapeToArray(), x.DType);
            if (x.DType == DType.Float32) IndexScatterBackward<float>(dx, gc, idx, planes, s.InPlane, s.OutPlane);
            else IndexScatterBackward<double>(dx, gc, idx, planes, s.InPlane, s.OutPlane);
            return [dx];
        },
        // Graph form: the same scatter through the saved argmax indices as a differentiable scatter_add, whose own
        // backward gathers through them again (max pooling is a selection, so its second derivative in x is 0).
        g => [Tensor.Zeros([n, c, s.InPlane], x.DType).ScatterAdd(2, idx.Reshape(n, c, s.OutPlane), g.To(x.DType).Reshape(n, c, s.OutPlane)).Reshape(x.ShapeToArray())],
        idx);
        return (output, idx);
    }

    private static void MaxPoolForward<T>(Tensor x, Tensor y, Tensor idx, Pool2dShape s, int planes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xd, xo, yd, id) = (x.Data<T>(), x.Offset, y.Data<T>(), idx.Data<long>());
        int ip = s.InPlane, op = s.OutPlane;
        PoolPlanes.For(planes, ip, (p0, count) =>
        {
            for (int p = p0; p < p0 + count; p++)
                PoolKernels.MaxPool2d<T>(xd.AsSpan(xo + p * ip, ip), yd.AsSpan(p * op, op), id.AsSpan(p * op, op), s);
        });
    }

    /// <summary>dx[plane][idx] += g[plane] for every plane: the backward of max pooling (fixed and adaptive).</summary>
    internal static void IndexScatterBackward<T>(Tensor dx, Tensor g, Tensor idx, int planes, int inPlane, int outPlane) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (dd, gd, go, id) = (dx.Data<T>(), g.Data<T>(), g.Offset, idx.Data<long>());
        PoolPlanes.For(planes, inPlane, (p0, count) =>
        {
            for (int p = p0; p < p0 + count; p++)
                PoolKernels.MaxPool2dBackward<T>(dd.AsSpan(p * inPlane, inPlane), gd.AsSpan(go + p * outPlane, outPlane), id.AsSpan(p * outPlane, outPlane));
        });
    }

    /// <summary>Average pooling of a [N, C, H, W] tensor with its backward.</summary>
    private static Tensor AvgPoolCore(Tensor x, Pool2dShape s, bool countIncludePad, int? divisorOverride, string op)
    {
        if (divisorOverride == 0) throw new ArgumentException($"{op}: divisorOverride must not be zero, for input {ShapeUtil.Format(x.ShapeArray)}");
        int div = divisorOverride ?? 0;
        var xc = x.ContiguousRaw();
        int n = x.Shape[0], c = x.Shape[1], planes = n * c;
        var y = new Tensor([n, c, s.OH, s.OW], x.DType);
        if (x.DType == DType.Float32) AvgPoolForward<float>(xc, y, s, planes, countIncludePad, div);
        else AvgPoolForward<double>(xc, y, s, planes, countIncludePad, div);
        return Tensor.Record(y, op, [x], g =>
        {
            var gc = g.To(x.DType).ContiguousRaw();
            var dx = new Tensor(x.ShapeToArray(), x.DType);
            if (x.DType == DType.Float32) AvgPoolBackward<float>(dx, gc, s, planes, countIncludePad, div);
            else AvgPoolBackward<double>(dx, gc, s, planes, countIncludePad, div);
            return [dx];
        }, g => [AvgPoolAdjoint(g.To(x.DType), x.ShapeToArray(), s, countIncludePad, divisorOverride, op)]);
    }

    /// <summary>
    /// The backward of average pooling (each output gradient spread over its window, divided by the window's divisor)
    /// as a differentiable op of <paramref name="g"/>: the map is linear, and its adjoint — its own backward — is the
    /// average pooling forward, so the two call each other and pooling is differentiable to any order.
    /// </summary>
    private static Tensor AvgPoolAdjoint(Tensor g, int[] inputShape, Pool2dShape s, bool countIncludePad, int? divisorOverride, string op)
    {
        int div = divisorOverride ?? 0;
        int planes = inputShape[0] * inputShape[1];
        var gc = g.ContiguousRaw();
        var dx = new Tensor(inputShape, g.DType);
        if (g.DType == DType.Float32) AvgPoolBackward<float>(dx, gc, s, planes, countIncludePad, div);
        else AvgPoolBackward<double>(dx, gc, s, planes, countIncludePad, div);
        return Tensor.RecordDifferentiable(dx, op + "_backward", [g], gg => [AvgPoolCore(gg, s, countIncludePad, divisorOverride, op)]);
    }

    private static void AvgPoolForward<T>(Tensor x, Tensor y, Pool2dShape s, int planes, bool countIncludePad, int div) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xd, xo, yd) = (x.Data<T>(), x.Offset, y.Data<T>());
        int ip = s.InPlane, op = s.OutPlane;
        PoolPlanes.For(planes, ip, (p0, count) =>
        {
            for (int p = p0; p < p0 + count; p++)
                PoolKernels.AvgPool2d<T>(xd.AsSpan(xo + p * ip, ip), yd.AsSpan(p * op, op), s, countIncludePad, div);
        });
    }

    private static void AvgPoolBackward<T>(Tensor dx, Tensor g, Pool2dShape s, int planes, bool countIncludePad, int div) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (dd, gd, go) = (dx.Data<T>(), g.Data<T>(), g.Offset);
        int ip = s.InPlane, op = s.OutPlane;
        PoolPlanes.For(planes, ip, (p0, count) =>
        {
            for (int p = p0; p < p0 + count; p++)
                PoolKernels.AvgPool2dBackward<T>(dd.AsSpan(p * ip, ip), gd.AsSpan(go + p * op, op), s, countIncludePad, div);
        });
    }
}
