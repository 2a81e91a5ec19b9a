using Glassbox.Kernels;

namespace Glassbox.NN;

// Unfold (im2col) and fold (col2im) as public, differentiable ops: each is the other's adjoint, so each one's
// backward pass is the other's forward pass.
public static partial class F
{
    /// <summary>
    /// Extracts sliding blocks (<c>torch.nn.functional.unfold</c>, im2col): out[n, (c·kH + p)·kW + q, l] =
    /// x[n, c, i·s_H − p_H + p·d_H, j·s_W − p_W + q·d_W] for block l = i·W_blocks + j, 0 where the block hangs over the padding.
    /// </summary>
    /// <param name="input">[N, C, H, W], or [C, H, W] unbatched.</param>
    /// <param name="kernelSize">Block (height, width).</param>
    /// <param name="dilation">Spacing between block elements (default 1).</param>
    /// <param name="padding">Zero padding on each border (default 0).</param>
    /// <param name="stride">Step between blocks (default 1).</param>
    /// <returns>[N, C·kH·kW, L] with L = OH·OW, the convolution's output size for these options.</returns>
    /// <remarks>A convolution is then <c>weight.view(OC, −1) @ unfold(x)</c>; Glassbox's own convolution kernels use
    /// the same im2col routine, one image at a time.</remarks>
    public static Tensor Unfold(Tensor input, Size2d kernelSize, Size2d? dilation = null, Size2d? padding = null, Size2d? stride = null)
    {
        const string op = "unfold";
        input.RequireFloat(op);
        if (input.NDim != 3 && input.NDim != 4)
            throw new ArgumentException($"{op}: expected a 3-D (unbatched) or 4-D (batched) input, got input of shape {ShapeUtil.Format(input.ShapeArray)}");
        bool unbatched = input.NDim == 3;
        var x = unbatched ? input.Unsqueeze(0) : input;
        var g = BlockGeometry(op, x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], kernelSize, dilation ?? 1, padding ?? 0, stride ?? 1, input.ShapeArray);
        var y = UnfoldRaw(x.ContiguousRaw(), g);
        var result = Tensor.Record(y, op, [x], gr => [FoldRaw(gr.ContiguousRaw(), g)],
            gr => [Fold(gr, (g.H, g.W), kernelSize, dilation, padding, stride)]);
        return unbatched ? result.Squeeze(0) : result;
    }

    /// <summary>
    /// Sums sliding blocks into an image (<c>torch.nn.functional.fold</c>, col2im): the adjoint of <see cref="Unfold"/>,
    /// out[n, c, h, w] = Σ over the (block, offset) pairs that <see cref="Unfold"/> would read from (h, w) of in[n, (c·kH + p)·kW + q, l].
    /// Overlapping blocks add up; it is not unfold's inverse unless the blocks do not overlap.
    /// </summary>
    /// <param name="input">[N, C·kH·kW, L], or [C·kH·kW, L] unbatched.</param>
    /// <param name="outputSize">The image (height, width).</param>
    /// <param name="kernelSize">Block (height, width).</param>
    /// <param name="dilation">Spacing between block elements (default 1).</param>
    /// <param name="padding">Zero padding on each border (default 0; padded positions are dropped).</param>
    /// <param name="stride">Step between blocks (default 1).</param>
    /// <returns>[N, C, H, W].</returns>
    public static Tensor Fold(Tensor input, Size2d outputSize, Size2d kernelSize, Size2d? dilation = null, Size2d? padding = null, Size2d? stride = null)
    {
        const string op = "fold";
        input.RequireFloat(op);
        string shape = ShapeUtil.Format(input.ShapeArray);
        if (input.NDim != 2 && input.NDim != 3)
            throw new ArgumentException($"{op}: expected a 2-D (unbatched) or 3-D (batched) input, got input of shape {shape}");
        bool unbatched = input.NDim == 2;
        var x = unbatched ? input.Unsqueeze(0) : input;
        int kk = kernelSize.H * kernelSize.W;
        if (kernelSize.H <= 0 || kernelSize.W <= 0)
            throw new ArgumentException($"{op}: kernel_size must be positive, got {kernelSize} (input of shape {shape})");
        if (x.Shape[1] % kk != 0)
            throw new ArgumentException($"{op}: expected size of input's dimension 1 to be divisible by the product of kernel_size {kernelSize} = {kk}, got input of shape {shape}");
        var g = BlockGeometry(op, x.Shape[0], x.Shape[1] / kk, outputSize.H, outputSize.W, kernelSize, dilation ?? 1, padding ?? 0, stride ?? 1, input.ShapeArray);
        if (x.Shape[2] != g.L)
            throw new ArgumentException($"{op}: expected the last dimension of the input to be the number of sliding blocks {g.OH}×{g.OW} = {g.L} for output_size {outputSize}, kernel_size {kernelSize}, dilation {dilation ?? 1}, padding {padding ?? 0}, stride {stride ?? 1}, got input of shape {shape}");
        var y = FoldRaw(x.ContiguousRaw(), g);
        var result = Tensor.Record(y, op, [x], gr => [UnfoldRaw(gr.ContiguousRaw(), g)],
            gr => [Unfold(gr, kernelSize, dilation, padding, stride)]);
        return unbatched ? result.Squeeze(0) : result;
    }

    /// <summary>The im2col geometry of an image [N, C, H, W] cut into blocks; checks the options and that at least one block fits.</summary>
    private static ConvGeometry BlockGeometry(string op, int n, int c, int h, int w, Size2d k, Size2d d, Size2d p, Size2d s, ReadOnlySpan<int> userShape)
    {
        string shape = ShapeUtil.Format(userShape);
        if (k.H <= 0 || k.W <= 0) throw new ArgumentException($"{op}: kernel_size must be positive, got {k} (input of shape {shape})");
        if (d.H <= 0 || d.W <= 0) throw new ArgumentException($"{op}: dilation must be positive, got {d} (input of shape {shape})");
        if (s.H <= 0 || s.W <= 0) throw new ArgumentException($"{op}: stride must be positive, got {s} (input of shape {shape})");
        if (p.H < 0 || p.W < 0) throw new ArgumentException($"{op}: padding must be non-negative, got {p} (input of shape {shape})");
        int oh = ConvGeometry.OutSize(h, k.H, s.H, p.H, d.H), ow = ConvGeometry.OutSize(w, k.W, s.W, p.W, d.W);
        if (h <= 0 || w <= 0 || oh <= 0 || ow <= 0)
            throw new ArgumentException($"{op}: the (dilated) kernel {d.H * (k.H - 1) + 1}×{d.W * (k.W - 1) + 1} does not fit the padded image {h + 2 * p.H}×{w + 2 * p.W}: {Math.Max(oh, 0)}×{Math.Max(ow, 0)} blocks (input of shape {shape})");
        return new ConvGeometry(n, c, h, w, 1, k.H, k.W, s.H, s.W, p.H, p.W, d.H, d.W, 1, oh, ow);
    }

    /// <summary>[N, C, H, W] → [N, C·kH·kW, L], one image per parallel task.</summary>
    private static Tensor UnfoldRaw(Tensor x, ConvGeometry g)
    {
        var y = new Tensor([g.N, g.C * g.KH * g.KW, g.L], x.DType);
        if (x.DType == DType.Float32) UnfoldImages(Mem<float>(x), Mem<float>(y), g);
        else UnfoldImages(Mem<double>(x), Mem<double>(y), g);
        return y;
    }

    /// <summary>[N, C·kH·kW, L] → [N, C, H, W], one image per parallel task.</summary>
    private static Tensor FoldRaw(Tensor cols, ConvGeometry g)
    {
        var y = new Tensor([g.N, g.C, g.H, g.W], cols.DType);
        if (cols.DType == DType.Float32) FoldImages(Mem<float>(cols), Mem<float>(y), g);
        else FoldImages(Mem<double>(cols), Mem<double>(y), g);
        return y;
    }

    private static void UnfoldImages<T>(ReadOnlyMemory<T> x, Memory<T> cols, ConvGeometry g) where T : unmanaged
    {
        int colLen = g.C * g.KH * g.KW * g.L, imgLen = g.C * g.HW;
        Par.For(g.N, Math.Max(1, Par.ElementwiseGrain / Math.Max(1, colLen)), (n0, nn) =>
        {
            for (int n = n0; n < n0 + nn; n++)
                ConvKernels.Im2Col(x.Span.Slice(n * imgLen, imgLen), cols.Span.Slice(n * colLen, colLen), g);
        });
    }

    private static void FoldImages<T>(ReadOnlyMemory<T> cols, Memory<T> x, ConvGeometry g) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        int colLen = g.C * g.KH * g.KW * g.L, imgLen = g.C * g.HW;
        Par.For(g.N, Math.Max(1, Par.ElementwiseGrain / Math.Max(1, colLen)), (n0, nn) =>
        {
            for (int n = n0; n < n0 + nn; n++)
                ConvKernels.Col2Im(cols.Span.Slice(n * colLen, colLen), x.Span.Slice(n * imgLen, imgLen), g);
        });
    }
}
