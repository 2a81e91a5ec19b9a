using System.Globalization;
using System.Numerics;
using Glassbox.Kernels;

namespace Glassbox.NN;

// Resampling: interpolate (nearest, nearest-exact, linear, bilinear) and pixel shuffle. The kernels and the per-axis
// index rules are in Kernels/ResampleKernels.cs.
public static partial class F
{
    /// <summary>
    /// Resamples a [N, C, L] or [N, C, H, W] input to a new spatial size (<c>F.interpolate</c>, PyTorch 1.13 rules).
    /// Give exactly one of <paramref name="size"/> and <paramref name="scaleFactor"/>.
    /// </summary>
    /// <param name="input">[N, C, L] (nearest, nearest-exact, linear) or [N, C, H, W] (nearest, nearest-exact, bilinear), float32 or float64.</param>
    /// <param name="size">Output spatial size: one value per spatial dimension, or a single value for all of them.</param>
    /// <param name="scaleFactor">Multiplier per spatial dimension (or one for all); the output size is ⌊in·scale⌋.</param>
    /// <param name="mode">How values are computed.</param>
    /// <param name="alignCorners">Linear modes only (null means false): map the corner pixels' centres onto each other.</param>
    /// <param name="recomputeScaleFactor">With a scale factor: true computes the output size and then forgets the
    /// factor, so the index rule uses in/out; null or false passes 1/scaleFactor to it. The two differ when in·scale is
    /// not an integer.</param>
    /// <remarks>
    /// <para>Source index of output i along an axis of length in → out, with scale = 1/scaleFactor when a factor reaches
    /// the kernel, else in/out:</para>
    /// <list type="bullet">
    /// <item>nearest: ⌊i·scale⌋, clamped to in − 1 (the product rounded to float32 first, as PyTorch's <c>floorf</c>);</item>
    /// <item>nearest-exact: ⌊(i + ½)·scale⌋, clamped;</item>
    /// <item>linear, align corners off: src = max((i + ½)·scale − ½, 0); on: src = i·(in − 1)/(out − 1) (0 when out = 1).
    /// The value is (1 − λ)·x[⌊src⌋] + λ·x[⌊src⌋ + 1] with λ = src − ⌊src⌋ (the right tap clamped to in − 1); bilinear
    /// applies this along height and then width.</item>
    /// </list>
    /// <para>Gradients: each input collects the output gradients times the weights it was read with (nearest: the sum
    /// of the gradients of every output that copied it).</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Both or neither of size and scale factor, a size or factor of the wrong
    /// length, a non-positive or non-finite factor, an output size below 1, a mode that does not fit the input's rank,
    /// or alignCorners with a nearest mode.</exception>
    public static Tensor Interpolate(Tensor input, int[]? size = null, double[]? scaleFactor = null, InterpolationMode mode = InterpolationMode.Nearest,
        bool? alignCorners = null, bool? recomputeScaleFactor = null)
    {
        const string op = "interpolate";
        input.RequireFloat(op);
        string shape = ShapeUtil.Format(input.ShapeArray);
        if (input.NDim is not (3 or 4))
            throw new ArgumentException($"{op}: expected a 3-d [N, C, L] or 4-d [N, C, H, W] input, got shape {shape}");
        int dims = input.NDim - 2;
        if (mode == InterpolationMode.Linear && dims != 1)
            throw new ArgumentException($"{op}: mode Linear needs a 3-d [N, C, L] input, got shape {shape} (use Bilinear for 4-d)");
        if (mode == InterpolationMode.Bilinear && dims != 2)
            throw new ArgumentException($"{op}: mode Bilinear needs a 4-d [N, C, H, W] input, got shape {shape} (use Linear for 3-d)");
        bool linear = mode is InterpolationMode.Linear or InterpolationMode.Bilinear;
        if (!linear && alignCorners is not null)
            throw new ArgumentException($"{op}: alignCorners can only be set with the Linear and Bilinear modes, not {mode}, for input {shape}");
        for (int d = 1; d < input.NDim; d++)
            if (input.Shape[d] == 0)
                throw new ArgumentException($"{op}: expected non-empty channel and spatial dimensions (only the batch may be 0), got shape {shape}");
        var (outSize, scales) = InterpolateSizes(input, size, scaleFactor, recomputeScaleFactor, op);

        var x = dims == 1 ? input.Unsqueeze(2) : input;
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = dims == 1 ? 1 : outSize[0], ow = outSize[^1];
        double? sh = dims == 1 ? null : scales?[0], sw = scales?[^1];
        bool ac = alignCorners ?? false;
        var y = x.DType == DType.Float32
            ? ResampleCore<float>(x, n * c, h, w, oh, ow, sh, sw, mode, ac)
            : ResampleCore<double>(x, n * c, h, w, oh, ow, sh, sw, mode, ac);
        y = y.Reshape(dims == 1 ? [n, c, ow] : [n, c, oh, ow]);
        return Tensor.Record(y, op, [input], g =>
        {
            var gc = g.To(x.DType).ContiguousRaw();
            var dx = x.DType == DType.Float32
                ? ResampleBackward<float>(gc, n * c, h, w, oh, ow, sh, sw, mode, ac)
                : ResampleBackward<double>(gc, n * c, h, w, oh, ow, sh, sw, mode, ac);
            return [dx.Reshape(input.ShapeToArray())];
        });
    }

    /// <summary>The output spatial size and the scale factors that reach the index rule (null when they do not).</summary>
    private static (int[] Size, double[]? Scales) InterpolateSizes(Tensor input, int[]? size, double[]? scaleFactor, bool? recompute, string op)
    {
        string shape = ShapeUtil.Format(input.ShapeArray);
        int dims = input.NDim - 2;
        if ((size is null) == (scaleFactor is null))
            throw new ArgumentException($"{op}: give exactly one of size and scaleFactor, for input {shape}");
        if (size is not null)
        {
            if (recompute is not null)
                throw new ArgumentException($"{op}: recomputeScaleFactor only applies with a scaleFactor, for input {shape}");
            if (size.Length != 1 && size.Length != dims)
                throw new ArgumentException($"{op}: size has {size.Length} values, expected 1 or {dims} for input {shape}");
            var s = Enumerable.Range(0, dims).Select(d => size[size.Length == 1 ? 0 : d]).ToArray();
            if (s.Any(v => v < 1))
                throw new ArgumentException($"{op}: output size [{string.Join(", ", s)}] must be positive, for input {shape}");
            return (s, null);
        }
        if (scaleFactor!.Length != 1 && scaleFactor.Length != dims)
            throw new ArgumentException($"{op}: scaleFactor has {scaleFactor.Length} values, expected 1 or {dims} for input {shape}");
        var f = Enumerable.Range(0, dims).Select(d => scaleFactor[scaleFactor.Length == 1 ? 0 : d]).ToArray();
        string fs = "[" + string.Join(", ", f.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
        if (f.Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException($"{op}: scaleFactor {fs} must be positive and finite, for input {shape}");
        // PyTorch: in·scale in double, truncated (both are positive, so this is the floor).
        var o = Enumerable.Range(0, dims).Select(d => Math.Floor(input.Shape[2 + d] * f[d])).ToArray();
        if (o.Any(v => v < 1 || v > int.MaxValue))
            throw new ArgumentException($"{op}: input {shape} with scaleFactor {fs} gives output size [{string.Join(", ", o)}], which is not a valid size");
        return (o.Select(v => (int)v).ToArray(), recompute == true ? null : f);
    }

    private static Tensor ResampleCore<T>(Tensor x, int planes, int h, int w, int oh, int ow, double? sh, double? sw, InterpolationMode mode, bool ac)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xc = x.ContiguousRaw();
        var y = new Tensor([planes, oh, ow], x.DType);
        var (xd, xo, yd) = (xc.Data<T>(), xc.Offset, y.Data<T>());
        int ip = h * w, op = oh * ow;
        if (mode is InterpolationMode.Nearest or InterpolationMode.NearestExact)
        {
            bool exact = mode == InterpolationMode.NearestExact;
            int[] ih = ResampleKernels.NearestIndices<T>(h, oh, sh, exact), iw = ResampleKernels.NearestIndices<T>(w, ow, sw, exact);
            PoolPlanes.For(planes, Math.Max(ip, op), (p0, count) =>
            {
                for (int p = p0; p < p0 + count; p++)
                    ResampleKernels.Nearest<T>(xd.AsSpan(xo + p * ip, ip), yd.AsSpan(p * op, op), w, ih, iw);
            });
        }
        else
        {
            var th = ResampleKernels.LinearTaps<T>(h, oh, sh, ac);
            var tw = ResampleKernels.LinearTaps<T>(w, ow, sw, ac);
            PoolPlanes.For(planes, Math.Max(ip, op) * 2, (p0, count) =>
            {
                var scratch = ResampleKernels.Rent<T>(h * ow);
                for (int p = p0; p < p0 + count; p++)
                    ResampleKernels.Bilinear<T>(xd.AsSpan(xo + p * ip, ip), yd.AsSpan(p * op, op), h, w, th, tw, scratch);
                ResampleKernels.Return(scratch);
            });
        }
        return y;
    }

    private static Tensor ResampleBackward<T>(Tensor g, int planes, int h, int w, int oh, int ow, double? sh, double? sw, InterpolationMode mode, bool ac)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dx = new Tensor([planes, h, w], g.DType);
        var (dd, gd, go) = (dx.Data<T>(), g.Data<T>(), g.Offset);
        int ip = h * w, op = oh * ow;
        if (mode is InterpolationMode.Nearest or InterpolationMode.NearestExact)
        {
            bool exact = mode == InterpolationMode.NearestExact;
            int[] ih = ResampleKernels.NearestIndices<T>(h, oh, sh, exact), iw = ResampleKernels.NearestIndices<T>(w, ow, sw, exact);
            PoolPlanes.For(planes, Math.Max(ip, op), (p0, count) =>
            {
                for (int p = p0; p < p0 + count; p++)
                    ResampleKernels.NearestBackward<T>(dd.AsSpan(p * ip, ip), gd.AsSpan(go + p * op, op), w, ih, iw);
            });
        }
        else
        {
            var th = ResampleKernels.LinearTaps<T>(h, oh, sh, ac);
            var tw = ResampleKernels.LinearTaps<T>(w, ow, sw, ac);
            PoolPlanes.For(planes, Math.Max(ip, op) * 2, (p0, count) =>
            {
                var scratch = ResampleKernels.Rent<T>(h * ow);
                for (int p = p0; p < p0 + count; p++)
                    ResampleKernels.BilinearBackward<T>(dd.AsSpan(p * ip, ip), gd.AsSpan(go + p * op, op), h, w, th, tw, scratch);
                ResampleKernels.Return(scratch);
            });
        }
        return dx;
    }

    /// <summary>
    /// Rearranges [*, C·r², H, W] into [*, C, H·r, W·r] (<c>F.pixel_shuffle</c>, the sub-pixel convolution's upsampling):
    /// y[c, h·r + i, w·r + j] = x[c·r² + i·r + j, h, w]. A pure permutation, so the gradient is the inverse permutation
    /// of the output gradient (<see cref="PixelUnshuffle"/>).
    /// </summary>
    /// <param name="input">At least 3-d; the last three dimensions are channels, height, width.</param>
    /// <param name="upscaleFactor">r ≥ 1.</param>
    /// <exception cref="ArgumentException">Fewer than 3 dimensions, r &lt; 1, or channels not divisible by r².</exception>
    public static Tensor PixelShuffle(Tensor input, int upscaleFactor)
    {
        const string op = "pixel_shuffle";
        int r = upscaleFactor;
        string shape = ShapeUtil.Format(input.ShapeArray);
        if (input.NDim < 3) throw new ArgumentException($"{op}: expected at least 3 dimensions [*, C, H, W], got shape {shape}");
        if (r < 1) throw new ArgumentException($"{op}: upscale factor must be positive, got {r} for input {shape}");
        int c = input.Shape[^3], h = input.Shape[^2], w = input.Shape[^1];
        if (c % (r * r) != 0)
            throw new ArgumentException($"{op}: channels {c} of input {shape} are not divisible by the upscale factor squared ({r}² = {r * r})");
        var lead = input.ShapeToArray()[..^3];
        int b = lead.Aggregate(1, (a, v) => a * v);
        int oc = c / (r * r);
        var y = input.Reshape(b, oc, r, r, h, w).Permute(0, 1, 4, 2, 5, 3).Reshape([.. lead, oc, h * r, w * r]);
        return y;
    }

    /// <summary>
    /// The inverse of <see cref="PixelShuffle"/> (<c>F.pixel_unshuffle</c>): [*, C, H·r, W·r] → [*, C·r², H, W] with
    /// y[c·r² + i·r + j, h, w] = x[c, h·r + i, w·r + j]; the gradient is the pixel shuffle of the output gradient.
    /// </summary>
    /// <param name="input">At least 3-d; the last three dimensions are channels, height, width.</param>
    /// <param name="downscaleFactor">r ≥ 1.</param>
    /// <exception cref="ArgumentException">Fewer than 3 dimensions, r &lt; 1, or height or width not divisible by r.</exception>
    public static Tensor PixelUnshuffle(Tensor input, int downscaleFactor)
    {
        const string op = "pixel_unshuffle";
        int r = downscaleFactor;
        string shape = ShapeUtil.Format(input.ShapeArray);
        if (input.NDim < 3) throw new ArgumentException($"{op}: expected at least 3 dimensions [*, C, H, W], got shape {shape}");
        if (r < 1) throw new ArgumentException($"{op}: downscale factor must be positive, got {r} for input {shape}");
        int c = input.Shape[^3], h = input.Shape[^2], w = input.Shape[^1];
        if (h % r != 0 || w % r != 0)
            throw new ArgumentException($"{op}: height {h} and width {w} of input {shape} must both be divisible by the downscale factor {r}");
        var lead = input.ShapeToArray()[..^3];
        int b = lead.Aggregate(1, (a, v) => a * v);
        return input.Reshape(b, c, h / r, r, w / r, r).Permute(0, 1, 3, 5, 2, 4).Reshape([.. lead, c * r * r, h / r, w / r]);
    }
}
