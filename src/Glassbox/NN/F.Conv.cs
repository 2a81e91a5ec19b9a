using Glassbox.Kernels;

namespace Glassbox.NN;

// Convolutions: conv1d, conv2d and conv_transpose2d. All three run on the three kernels of Kernels/ConvKernels.cs
// (forward, backward-data, backward-weight); docs/cnn.md derives them.
public static partial class F
{
    /// <summary>
    /// 2-D convolution (<c>torch.nn.functional.conv2d</c>; strictly a cross-correlation, as in every framework):
    /// y[n, o, i, j] = b[o] + Σ_{c, p, q} w[o, c, p, q]·x[n, g·C/G + c, i·s_H − p_H + p·d_H, j·s_W − p_W + q·d_W],
    /// g = o / (OC/G), x read as 0 outside the image.
    /// </summary>
    /// <param name="input">[N, C, H, W], or [C, H, W] unbatched.</param>
    /// <param name="weight">[OC, C/groups, kH, kW].</param>
    /// <param name="bias">[OC], or null.</param>
    /// <param name="stride">Step between output positions (default 1).</param>
    /// <param name="padding">Zero padding: explicit amounts (default 0), <see cref="ConvPadding.Same"/> or <see cref="ConvPadding.Valid"/>.</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="groups">Split C and OC into this many independent groups (C for depthwise).</param>
    /// <returns>[N, OC, OH, OW] with OH = ⌊(H + 2p_H − d_H·(kH − 1) − 1)/s_H⌋ + 1 (and OW alike).</returns>
    /// <remarks>Differentiable in input, weight and bias. Throws <see cref="ArgumentException"/> naming the shapes when
    /// they do not fit (rank, channel count vs weight and groups, a kernel larger than the padded input).</remarks>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, Size2d? stride = null, ConvPadding? padding = null, Size2d? dilation = null, int groups = 1)
    {
        const string op = "conv2d";
        if (input.NDim != 3 && input.NDim != 4)
            throw new ArgumentException($"{op}: expected a 3-D (unbatched) or 4-D (batched) input, got input of shape {ShapeUtil.Format(input.ShapeArray)}");
        if (weight.NDim != 4)
            throw new ArgumentException($"{op}: expected a 4-D weight [out_channels, in_channels/groups, kH, kW], got weight of shape {ShapeUtil.Format(weight.ShapeArray)}");
        var s = stride ?? 1;
        var d = dilation ?? 1;
        bool unbatched = input.NDim == 3;
        var x = unbatched ? input.Unsqueeze(0) : input;
        var y = ConvCore(op, x, weight, bias, s, padding ?? 0, d, groups, input, weight);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <summary>
    /// 1-D convolution (<c>torch.nn.functional.conv1d</c>): y[n, o, j] = b[o] + Σ_{c, q} w[o, c, q]·x[n, g·C/G + c, j·s − p + q·d].
    /// </summary>
    /// <param name="input">[N, C, L], or [C, L] unbatched.</param>
    /// <param name="weight">[OC, C/groups, k].</param>
    /// <param name="bias">[OC], or null.</param>
    /// <param name="stride">Step between output positions.</param>
    /// <param name="padding">Zero padding: an int, <see cref="ConvPadding.Same"/> or <see cref="ConvPadding.Valid"/>.</param>
    /// <param name="dilation">Spacing between kernel taps.</param>
    /// <param name="groups">Split C and OC into this many independent groups.</param>
    /// <returns>[N, OC, OL] with OL = ⌊(L + 2p − d·(k − 1) − 1)/s⌋ + 1.</returns>
    /// <remarks>Runs as a 2-D convolution of height 1 (views, no copies): the kernels' row loops then degenerate to
    /// one row, and the GEMM sees the same [OC, C·k] × [C·k, OL] product a dedicated 1-D lowering would build.</remarks>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, ConvPadding? padding = null, int dilation = 1, int groups = 1)
    {
        const string op = "conv1d";
        if (input.NDim != 2 && input.NDim != 3)
            throw new ArgumentException($"{op}: expected a 2-D (unbatched) or 3-D (batched) input, got input of shape {ShapeUtil.Format(input.ShapeArray)}");
        if (weight.NDim != 3)
            throw new ArgumentException($"{op}: expected a 3-D weight [out_channels, in_channels/groups, k], got weight of shape {ShapeUtil.Format(weight.ShapeArray)}");
        var p = padding ?? 0;
        if (p.Kind == ConvPaddingKind.Explicit && p.H != p.W)
            throw new ArgumentException($"{op}: padding must be a single number, got {p}");
        ConvPadding p2 = p.Kind == ConvPaddingKind.Explicit ? (0, p.W) : p;
        bool unbatched = input.NDim == 2;
        var x = (unbatched ? input.Unsqueeze(0) : input).Unsqueeze(2);
        var y = ConvCore(op, x, weight.Unsqueeze(2), bias, (1, stride), p2, (1, dilation), groups, input, weight);
        y = y.Squeeze(2);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <summary>
    /// 2-D transposed convolution (<c>torch.nn.functional.conv_transpose2d</c>): the adjoint of conv2d with the same
    /// weight — every input element scatters w·x into a kH×kW window of the output, windows stepping by the stride.
    /// </summary>
    /// <param name="input">[N, C, H, W], or [C, H, W] unbatched.</param>
    /// <param name="weight">[C, OC/groups, kH, kW] (note: in-channels first, as PyTorch).</param>
    /// <param name="bias">[OC], or null.</param>
    /// <param name="stride">Step between the scattered windows.</param>
    /// <param name="padding">Rows/columns cropped from each border of the full (uncropped) output; the adjoint of conv2d's zero padding.</param>
    /// <param name="outputPadding">Extra rows/columns added on the bottom/right, to pick one of the stride's possible sizes; must be smaller than the stride or the dilation.</param>
    /// <param name="groups">Independent channel groups.</param>
    /// <param name="dilation">Spacing between kernel taps.</param>
    /// <returns>[N, OC, OH, OW] with OH = (H − 1)·s − 2p + d·(kH − 1) + output_padding + 1 (PyTorch's formula).</returns>
    /// <remarks>Its forward pass is conv2d's backward-data pass (and its backward-data pass is conv2d's forward), so it
    /// shares those kernels: the convolution it transposes maps [N, OC, OH, OW] to [N, C, H, W].</remarks>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, Size2d? stride = null, Size2d? padding = null,
        Size2d? outputPadding = null, int groups = 1, Size2d? dilation = null)
    {
        const string op = "conv_transpose2d";
        if (input.NDim != 3 && input.NDim != 4)
            throw new ArgumentException($"{op}: expected a 3-D (unbatched) or 4-D (batched) input, got input of shape {ShapeUtil.Format(input.ShapeArray)}");
        if (weight.NDim != 4)
            throw new ArgumentException($"{op}: expected a 4-D weight [in_channels, out_channels/groups, kH, kW], got weight of shape {ShapeUtil.Format(weight.ShapeArray)}");
        var (s, p, op2, d) = (stride ?? 1, padding ?? 0, outputPadding ?? 0, dilation ?? 1);
        bool unbatched = input.NDim == 3;
        var x = unbatched ? input.Unsqueeze(0) : input;
        var y = ConvTransposeCore(op, x, weight, bias, s, p, op2, d, groups, input);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <summary>Checks the options shared by every convolution; messages name the op and the offending value.</summary>
    private static void CheckConvOptions(string op, Size2d s, Size2d d, int groups, int ph, int pw)
    {
        if (s.H <= 0 || s.W <= 0) throw new ArgumentException($"{op}: stride must be positive, got {s}");
        if (d.H <= 0 || d.W <= 0) throw new ArgumentException($"{op}: dilation must be positive, got {d}");
        if (ph < 0 || pw < 0) throw new ArgumentException($"{op}: padding must be non-negative, got ({ph}, {pw})");
        if (groups <= 0) throw new ArgumentException($"{op}: groups must be positive, got {groups}");
    }

    private static void CheckConvDTypes(string op, Tensor x, Tensor w, Tensor? b)
    {
        if (!x.DType.IsFloatingPoint() || x.DType != w.DType || (b is not null && b.DType != w.DType))
            throw new ArgumentException($"{op}: input, weight and bias must share one floating dtype, got {x.DType.TorchName()}, {w.DType.TorchName()}{(b is null ? "" : ", " + b.DType.TorchName())}");
    }

    /// <summary>Validates a batched 2-D convolution (x [N, C, H, W], w [OC, C/G, kH, kW]), resolves "same", and runs it.</summary>
    private static Tensor ConvCore(string op, Tensor x, Tensor w, Tensor? b, Size2d s, ConvPadding pad, Size2d d, int groups, Tensor userInput, Tensor userWeight)
    {
        string shapes = $"input {ShapeUtil.Format(userInput.ShapeArray)}, weight {ShapeUtil.Format(userWeight.ShapeArray)}";
        CheckConvOptions(op, s, d, groups, pad.H, pad.W);
        CheckConvDTypes(op, x, w, b);
        int n = x.Shape[0], c = x.Shape[1], oc = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
        if (oc % groups != 0)
            throw new ArgumentException($"{op}: out_channels = {oc} (dimension 0 of the weight) is not divisible by groups = {groups} ({shapes})");
        if (c % groups != 0)
            throw new ArgumentException($"{op}: in_channels = {c} (dimension 1 of the input) is not divisible by groups = {groups} ({shapes})");
        if (c != w.Shape[1] * groups)
            throw new ArgumentException($"{op}: the weight expects {w.Shape[1] * groups} input channels ({w.Shape[1]} per group × groups = {groups}), but the input has {c} ({shapes})");
        if (b is not null && (b.NDim != 1 || b.Shape[0] != oc))
            throw new ArgumentException($"{op}: bias must have shape [{oc}], got {ShapeUtil.Format(b.ShapeArray)} ({shapes})");
        int ph = pad.H, pw = pad.W;
        if (pad.Kind == ConvPaddingKind.Same)
        {
            if (s.H != 1 || s.W != 1)
                throw new ArgumentException($"{op}: padding='same' is not supported for strided convolutions (stride {s}; {shapes})");
            // Total padding d·(k − 1) per axis; the symmetric part goes to the kernel, an odd extra element is padded
            // onto the bottom/right of the input first (PyTorch's rule).
            int th = d.H * (kh - 1), tw = d.W * (kw - 1);
            ph = th / 2; pw = tw / 2;
            int eh = th - 2 * ph, ew = tw - 2 * pw;
            if (eh > 0 || ew > 0) x = Pad(x, [0, ew, 0, eh]);
        }
        int h = x.Shape[2], wd = x.Shape[3];
        int ekh = d.H * (kh - 1) + 1, ekw = d.W * (kw - 1) + 1;
        if (h + 2 * ph < ekh || wd + 2 * pw < ekw)
            throw new ArgumentException($"{op}: output size would be ≤ 0: the (dilated) kernel {ekh}×{ekw} is larger than the padded input {h + 2 * ph}×{wd + 2 * pw} ({shapes}, padding ({ph}, {pw}), dilation {d})");
        int oh = ConvGeometry.OutSize(h, kh, s.H, ph, d.H), ow = ConvGeometry.OutSize(wd, kw, s.W, pw, d.W);
        var g = new ConvGeometry(n, c, h, wd, oc, kh, kw, s.H, s.W, ph, pw, d.H, d.W, groups, oh, ow);
        return Conv2dRaw(op, x, w, b, g);
    }

    /// <summary>The differentiable convolution once the geometry is settled: forward kernel now, backward kernels in the closure.</summary>
    private static Tensor Conv2dRaw(string op, Tensor input, Tensor weight, Tensor? bias, ConvGeometry g)
    {
        var x = input.ContiguousRaw();
        var w = weight.ContiguousRaw();
        var b = bias?.ContiguousRaw();
        var y = new Tensor([g.N, g.OC, g.OH, g.OW], x.DType);
        if (y.DType == DType.Float32) ConvKernels.Forward(Mem<float>(x), Mem<float>(w), b is null ? default : Mem<float>(b), Mem<float>(y), g);
        else ConvKernels.Forward(Mem<double>(x), Mem<double>(w), b is null ? default : Mem<double>(b), Mem<double>(y), g);
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Tensor.Record(y, op, inputs, grad =>
        {
            var dy = grad.ContiguousRaw();
            Tensor? dx = null, dw = null, db = null;
            if (input.RequiresGrad)
            {
                dx = new Tensor([g.N, g.C, g.H, g.W], x.DType);
                if (x.DType == DType.Float32) ConvKernels.BackwardData(Mem<float>(dy), Mem<float>(w), Mem<float>(dx), g);
                else ConvKernels.BackwardData(Mem<double>(dy), Mem<double>(w), Mem<double>(dx), g);
            }
            if (weight.RequiresGrad)
            {
                dw = new Tensor(weight.ShapeToArray(), x.DType);
                if (x.DType == DType.Float32) ConvKernels.BackwardWeight(Mem<float>(x), Mem<float>(dy), Mem<float>(dw), g);
                else ConvKernels.BackwardWeight(Mem<double>(x), Mem<double>(dy), Mem<double>(dw), g);
            }
            if (bias is not null && bias.RequiresGrad) db = BiasGradient(dy, g.N, g.OC, g.L);
            return bias is null ? [dx, dw] : [dx, dw, db];
        }, grad => Glassbox.Autograd.Autograd.RecomputedBackward(inputs, grad, t => ComposedConv2d(t[0], t[1], t.Length > 2 ? t[2] : null, g)), input, weight);
    }

    /// <summary>
    /// The convolution as unfold + batched matmul (groups as a batch dimension): y = W[G, OC/G, C/G·kH·kW] @ cols[N, G, ·, L].
    /// Equal to the fused kernel to rounding and differentiable to any order (unfold and fold are each other's
    /// backward), so it is the graph form of conv2d's backward: the input gradient it yields is fold(Wᵀ·g) — a
    /// transposed convolution — and the weight gradient g·colsᵀ.
    /// </summary>
    private static Tensor ComposedConv2d(Tensor x, Tensor w, Tensor? b, ConvGeometry g)
    {
        var cols = Unfold(x, (g.KH, g.KW), (g.DH, g.DW), (g.PH, g.PW), (g.SH, g.SW)).Reshape(g.N, g.Groups, g.K, g.L);
        var y = w.Reshape(g.Groups, g.OCg, g.K).MatMul(cols).Reshape(g.N, g.OC, g.OH, g.OW);
        return b is null ? y : y + b.Reshape(1, g.OC, 1, 1);
    }

    /// <summary>
    /// The transposed convolution as batched matmul + fold: cols = Wᵀ·x per group, then the blocks summed into the
    /// image. <paramref name="g"/> describes the convolution being transposed (its C, H, W are this op's output).
    /// </summary>
    private static Tensor ComposedConvTranspose2d(Tensor x, Tensor w, Tensor? b, ConvGeometry g)
    {
        var xm = x.Reshape(g.N, g.Groups, g.OCg, g.OH * g.OW);
        var cols = w.Reshape(g.Groups, g.OCg, g.K).Transpose(-1, -2).MatMul(xm).Reshape(g.N, g.C * g.KH * g.KW, g.L);
        var y = Fold(cols, (g.H, g.W), (g.KH, g.KW), (g.DH, g.DW), (g.PH, g.PW), (g.SH, g.SW));
        return b is null ? y : y + b.Reshape(1, g.C, 1, 1);
    }

    /// <summary>Validates a batched transposed convolution and runs it as the backward-data pass of the convolution it transposes.</summary>
    private static Tensor ConvTransposeCore(string op, Tensor input, Tensor weight, Tensor? bias, Size2d s, Size2d p, Size2d outPad, Size2d d, int groups, Tensor userInput)
    {
        string shapes = $"input {ShapeUtil.Format(userInput.ShapeArray)}, weight {ShapeUtil.Format(weight.ShapeArray)}";
        CheckConvOptions(op, s, d, groups, p.H, p.W);
        CheckConvDTypes(op, input, weight, bias);
        if (outPad.H < 0 || outPad.W < 0) throw new ArgumentException($"{op}: output_padding must be non-negative, got {outPad}");
        if ((outPad.H >= s.H && outPad.H >= d.H) || (outPad.W >= s.W && outPad.W >= d.W))
            throw new ArgumentException($"{op}: output_padding must be smaller than either stride or dilation, got output_padding {outPad}, stride {s}, dilation {d}");
        int n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], wd = input.Shape[3];
        int kh = weight.Shape[2], kw = weight.Shape[3];
        if (weight.Shape[0] != c)
            throw new ArgumentException($"{op}: the weight expects {weight.Shape[0]} input channels (its dimension 0), but the input has {c} ({shapes})");
        if (c % groups != 0)
            throw new ArgumentException($"{op}: in_channels = {c} is not divisible by groups = {groups} ({shapes})");
        int oc = weight.Shape[1] * groups;
        if (bias is not null && (bias.NDim != 1 || bias.Shape[0] != oc))
            throw new ArgumentException($"{op}: bias must have shape [{oc}], got {ShapeUtil.Format(bias.ShapeArray)} ({shapes})");
        int oh = (h - 1) * s.H - 2 * p.H + d.H * (kh - 1) + outPad.H + 1;
        int ow = (wd - 1) * s.W - 2 * p.W + d.W * (kw - 1) + outPad.W + 1;
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException($"{op}: output size would be {oh}×{ow}, which is not positive ({shapes}, stride {s}, padding {p}, dilation {d})");
        // The convolution being transposed: its input is our output [N, OC, OH, OW], its output our input [N, C, H, W],
        // and its weight [C, OC/G, kH, kW] is ours as stored.
        var g = new ConvGeometry(n, oc, oh, ow, c, kh, kw, s.H, s.W, p.H, p.W, d.H, d.W, groups, h, wd);

        var x = input.ContiguousRaw();
        var w = weight.ContiguousRaw();
        var y = new Tensor([n, oc, oh, ow], x.DType);
        if (y.DType == DType.Float32) ConvKernels.BackwardData(Mem<float>(x), Mem<float>(w), Mem<float>(y), g);
        else ConvKernels.BackwardData(Mem<double>(x), Mem<double>(w), Mem<double>(y), g);
        if (bias is not null) AddChannelBias(y, bias.ContiguousRaw(), n, oc, oh * ow);
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Tensor.Record(y, op, inputs, grad =>
        {
            var dy = grad.ContiguousRaw();
            Tensor? dx = null, dw = null, db = null;
            if (input.RequiresGrad)
            {
                dx = new Tensor([n, c, h, wd], x.DType);
                if (x.DType == DType.Float32) ConvKernels.Forward(Mem<float>(dy), Mem<float>(w), default, Mem<float>(dx), g);
                else ConvKernels.Forward(Mem<double>(dy), Mem<double>(w), default, Mem<double>(dx), g);
            }
            if (weight.RequiresGrad)
            {
                dw = new Tensor(weight.ShapeToArray(), x.DType);
                if (x.DType == DType.Float32) ConvKernels.BackwardWeight(Mem<float>(dy), Mem<float>(x), Mem<float>(dw), g);
                else ConvKernels.BackwardWeight(Mem<double>(dy), Mem<double>(x), Mem<double>(dw), g);
            }
            if (bias is not null && bias.RequiresGrad) db = BiasGradient(dy, n, oc, oh * ow);
            return bias is null ? [dx, dw] : [dx, dw, db];
        }, grad => Glassbox.Autograd.Autograd.RecomputedBackward(inputs, grad, t => ComposedConvTranspose2d(t[0], t[1], t.Length > 2 ? t[2] : null, g)), input, weight);
    }

    /// <summary>Σ over batch and positions of dy [N, OC, L] → [OC].</summary>
    private static Tensor BiasGradient(Tensor dy, int n, int oc, int l)
    {
        var db = new Tensor([oc], dy.DType);
        if (dy.DType == DType.Float32) ConvKernels.BiasGrad(dy.Span<float>(), db.Span<float>(), n, oc, l);
        else ConvKernels.BiasGrad(dy.Span<double>(), db.Span<double>(), n, oc, l);
        return db;
    }

    /// <summary>y[n, c, :] += b[c] in place on a fresh contiguous y.</summary>
    private static void AddChannelBias(Tensor y, Tensor b, int n, int c, int l)
    {
        if (y.DType == DType.Float32) AddChannelBias(y.Span<float>(), b.Span<float>(), n, c, l);
        else AddChannelBias(y.Span<double>(), b.Span<double>(), n, c, l);
    }

    private static void AddChannelBias<T>(Span<T> y, ReadOnlySpan<T> b, int n, int c, int l) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        for (int i = 0; i < n; i++)
            for (int k = 0; k < c; k++)
            {
                var row = y.Slice((i * c + k) * l, l);
                System.Numerics.Tensors.TensorPrimitives.Add<T>(row, b[k], row);
            }
    }

    /// <summary>The elements of a contiguous tensor as a memory window (for kernels that hand work to threads).</summary>
    private static Memory<T> Mem<T>(Tensor t) => t.Data<T>().AsMemory(t.Offset, t.Numel);
}
