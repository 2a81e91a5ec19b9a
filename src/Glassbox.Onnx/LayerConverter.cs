using Glassbox.NN;
using Glassbox.Onnx.Proto;
using static Glassbox.Onnx.Proto.AttributeProto;

namespace Glassbox.Onnx;

/// <summary>
/// The ONNX (opset 17) nodes for Glassbox's leaf layers. Every method adds the nodes for one module applied to
/// <c>x</c> and returns the result, computed alongside by the module itself on the probe sample.
/// </summary>
/// <remarks>
/// <para>Mappings (the table in docs/export.md): Linear → <c>Gemm</c>(transB = 1) on 2-D inputs, <c>MatMul</c> with
/// the transposed weight (+ <c>Add</c>) on higher ranks, since Gemm is matrix-only; Conv2d → <c>Conv</c>; ReLU, Tanh,
/// Sigmoid → the same-named ops; GELU → <c>Erf</c> composition 0.5·x·(1 + erf(x/√2)) because the <c>Gelu</c> op only
/// exists from opset 20 (the tanh approximation likewise from <c>Tanh</c>, <c>Pow</c>-free: x·x·x by <c>Mul</c>);
/// Softmax / LogSoftmax → the same ops, whose opset-13+ <c>axis</c> means one axis as in PyTorch; pools →
/// <c>MaxPool</c> / <c>AveragePool</c> / <c>GlobalAveragePool</c>; batch norm → <c>BatchNormalization</c> with the
/// running statistics (inference form); LayerNorm → <c>LayerNormalization</c> (new in opset 17); Flatten →
/// <c>Flatten</c> or <c>Reshape</c>; Dropout and Identity → nothing (identity at inference).</para>
/// </remarks>
internal sealed class LayerConverter(OnnxGraphBuilder g)
{
    private static Tensor Run(Module<Tensor, Tensor> m, Tensor x) => m.Forward(x);

    private static string Key(string path, string leaf) => path.Length == 0 ? leaf : $"{path}.{leaf}";

    /// <summary>Linear: y = x·Wᵀ + b.</summary>
    public OnnxValue Linear(Linear l, OnnxValue x, string path)
    {
        var y = Run(l, x.Probe);
        if (x.Probe.NDim == 2)
        {
            var w = g.Weight(Key(path, "weight"), l.Weight);
            string[] inputs = l.Bias is null ? [x.Name, w] : [x.Name, w, g.Weight(Key(path, "bias"), l.Bias)];
            return new(g.Node("Gemm", path, inputs, Int("transB", 1)), y);
        }
        // MatMul broadcasts over leading dimensions; the weight is stored transposed ([in, out]) so no Transpose node runs.
        var wt = g.Weight(Key(path, "weight_t"), l.Weight.Transpose(0, 1));
        var mm = g.Node("MatMul", path, [x.Name, wt]);
        return new(l.Bias is null ? mm : g.Node("Add", path, [mm, g.Weight(Key(path, "bias"), l.Bias)]), y);
    }

    /// <summary>Conv2d, zero padding only (explicit, 'valid' or 'same').</summary>
    public OnnxValue Conv2d(Conv2d c, OnnxValue x, string path)
    {
        if (c.PaddingMode != PaddingMode.Zeros)
            throw new UnsupportedModuleException(c.GetType(), path, $"padding_mode {c.PaddingMode} (only zero padding is exported)");
        var y = Run(c, x.Probe);
        long top, left, bottom, right;
        switch (c.Padding.Kind)
        {
            case ConvPaddingKind.Same:
                // PyTorch's 'same': total d·(k − 1) per axis, the odd element after (bottom/right).
                int th = c.Dilation.H * (c.KernelSize.H - 1), tw = c.Dilation.W * (c.KernelSize.W - 1);
                (top, left, bottom, right) = (th / 2, tw / 2, th - th / 2, tw - tw / 2);
                break;
            case ConvPaddingKind.Valid: (top, left, bottom, right) = (0, 0, 0, 0); break;
            default: (top, left, bottom, right) = (c.Padding.H, c.Padding.W, c.Padding.H, c.Padding.W); break;
        }
        var w = g.Weight(Key(path, "weight"), c.Weight);
        string[] inputs = c.Bias is null ? [x.Name, w] : [x.Name, w, g.Weight(Key(path, "bias"), c.Bias)];
        return new(g.Node("Conv", path, inputs,
            Ints("kernel_shape", c.KernelSize.H, c.KernelSize.W),
            Ints("strides", c.Stride.H, c.Stride.W),
            Ints("pads", top, left, bottom, right),
            Ints("dilations", c.Dilation.H, c.Dilation.W),
            Int("group", c.Groups)), y);
    }

    /// <summary>An elementwise op with one input and no attributes (Relu, Tanh, Sigmoid).</summary>
    public OnnxValue Unary(Module<Tensor, Tensor> m, string opType, OnnxValue x, string path) =>
        new(g.Node(opType, path, [x.Name]), Run(m, x.Probe));

    /// <summary>LeakyReLU: max(0, x) + slope·min(0, x).</summary>
    public OnnxValue LeakyRelu(LeakyReLU m, OnnxValue x, string path) =>
        new(g.Node("LeakyRelu", path, [x.Name], Float("alpha", (float)m.NegativeSlope)), Run(m, x.Probe));

    /// <summary>ELU: x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
    public OnnxValue Elu(ELU m, OnnxValue x, string path) =>
        new(g.Node("Elu", path, [x.Name], Float("alpha", (float)m.Alpha)), Run(m, x.Probe));

    /// <summary>
    /// GELU. Exact: 0.5·x·(1 + erf(x·(1/√2))) as Mul, Erf, Add, Mul, Mul. Tanh form: 0.5·x·(1 + tanh(√(2/π)·(x +
    /// 0.044715·x³))). Written out because opset 17 has no Gelu op; a runtime may fuse the pattern back.
    /// </summary>
    public OnnxValue Gelu(GELU m, OnnxValue x, string path)
    {
        var y = Run(m, x.Probe);
        string inner;
        if (m.Approximate == GeluApproximate.None)
            inner = g.Node("Erf", path, [g.Node("Mul", path, [x.Name, g.Scalar((float)(1 / Math.Sqrt(2)))])]);
        else
        {
            var cube = g.Node("Mul", path, [g.Node("Mul", path, [x.Name, x.Name]), x.Name]);
            var sum = g.Node("Add", path, [x.Name, g.Node("Mul", path, [cube, g.Scalar(0.044715f)])]);
            inner = g.Node("Tanh", path, [g.Node("Mul", path, [sum, g.Scalar((float)Math.Sqrt(2 / Math.PI))])]);
        }
        var onePlus = g.Node("Add", path, [inner, g.Scalar(1f)]);
        var half = g.Node("Mul", path, [x.Name, g.Scalar(0.5f)]);
        return new(g.Node("Mul", path, [half, onePlus]), y);
    }

    /// <summary>Softmax or LogSoftmax along one axis.</summary>
    public OnnxValue Softmax(Module<Tensor, Tensor> m, int dim, bool log, OnnxValue x, string path) =>
        new(g.Node(log ? "LogSoftmax" : "Softmax", path, [x.Name], Int("axis", dim)), Run(m, x.Probe));

    /// <summary>MaxPool2d.</summary>
    public OnnxValue MaxPool2d(MaxPool2d p, OnnxValue x, string path) =>
        new(g.Node("MaxPool", path, [x.Name],
            Ints("kernel_shape", p.KernelSize.H, p.KernelSize.W),
            Ints("strides", p.Stride.H, p.Stride.W),
            Ints("pads", p.Padding.H, p.Padding.W, p.Padding.H, p.Padding.W),
            Ints("dilations", p.Dilation.H, p.Dilation.W),
            Int("ceil_mode", p.CeilMode ? 1 : 0)), Run(p, x.Probe));

    /// <summary>AvgPool2d (no divisor override: ONNX has no such attribute).</summary>
    public OnnxValue AvgPool2d(AvgPool2d p, OnnxValue x, string path)
    {
        if (p.DivisorOverride is not null)
            throw new UnsupportedModuleException(p.GetType(), path, "divisor_override has no ONNX AveragePool equivalent");
        return new(g.Node("AveragePool", path, [x.Name],
            Ints("kernel_shape", p.KernelSize.H, p.KernelSize.W),
            Ints("strides", p.Stride.H, p.Stride.W),
            Ints("pads", p.Padding.H, p.Padding.W, p.Padding.H, p.Padding.W),
            Int("ceil_mode", p.CeilMode ? 1 : 0),
            Int("count_include_pad", p.CountIncludePad ? 1 : 0)), Run(p, x.Probe));
    }

    /// <summary>
    /// AdaptiveAvgPool2d: <c>GlobalAveragePool</c> for a 1×1 output; when the input size is a multiple of the output
    /// size the adaptive windows are all the same (in/out wide, non-overlapping), which is a plain <c>AveragePool</c>;
    /// other sizes have windows of varying width that no single ONNX pool expresses, and are refused.
    /// </summary>
    public OnnxValue AdaptiveAvgPool2d(AdaptiveAvgPool2d p, OnnxValue x, string path)
    {
        var y = Run(p, x.Probe);
        int ih = x.Probe.Shape[^2], iw = x.Probe.Shape[^1], oh = y.Shape[^2], ow = y.Shape[^1];
        if (x.Probe.NDim != 4)
            throw new UnsupportedModuleException(p.GetType(), path, $"only [N, C, H, W] inputs are exported, got rank {x.Probe.NDim}");
        if (oh == 1 && ow == 1) return new(g.Node("GlobalAveragePool", path, [x.Name]), y);
        if (ih % oh != 0 || iw % ow != 0)
            throw new UnsupportedModuleException(p.GetType(), path, $"output {oh}×{ow} from input {ih}×{iw}: the windows differ in size (only 1×1 outputs or sizes dividing the input are exported)");
        int kh = ih / oh, kw = iw / ow;
        return new(g.Node("AveragePool", path, [x.Name], Ints("kernel_shape", kh, kw), Ints("strides", kh, kw)), y);
    }

    /// <summary>BatchNorm1d/2d/3d in evaluation mode: (x − running mean)/√(running var + ε)·γ + β.</summary>
    public OnnxValue BatchNorm(BatchNorm b, OnnxValue x, string path)
    {
        if (!b.TrackRunningStats || b.RunningMean is null || b.RunningVar is null)
            throw new UnsupportedModuleException(b.GetType(), path, "track_running_stats=False normalises with the batch's own statistics even at inference, which BatchNormalization's inference form cannot express");
        var y = Run(b, x.Probe);
        int c = b.NumFeatures;
        var scale = b.Weight is null ? g.FloatConstant([c], Enumerable.Repeat(1f, c).ToArray()) : g.Weight(Key(path, "weight"), b.Weight);
        var bias = b.Bias is null ? g.FloatConstant([c], new float[c]) : g.Weight(Key(path, "bias"), b.Bias);
        var mean = g.Weight(Key(path, "running_mean"), b.RunningMean);
        var variance = g.Weight(Key(path, "running_var"), b.RunningVar);
        return new(g.Node("BatchNormalization", path, [x.Name, scale, bias, mean, variance], Float("epsilon", (float)b.Eps)), y);
    }

    /// <summary>LayerNorm over the trailing <c>normalized_shape</c> dimensions (opset 17's <c>LayerNormalization</c>).</summary>
    public OnnxValue LayerNorm(LayerNorm n, OnnxValue x, string path)
    {
        var y = Run(n, x.Probe);
        int count = n.NormalizedShape.Aggregate(1, (a, d) => a * d);
        long[] dims = n.NormalizedShape.Select(d => (long)d).ToArray();
        var scale = n.Weight is null ? g.FloatConstant(dims, Enumerable.Repeat(1f, count).ToArray()) : g.Weight(Key(path, "weight"), n.Weight);
        string[] inputs = n.Bias is null ? [x.Name, scale] : [x.Name, scale, g.Weight(Key(path, "bias"), n.Bias)];
        return new(g.Node("LayerNormalization", path, inputs, Int("axis", -n.NormalizedShape.Length), Float("epsilon", (float)n.Eps)), y);
    }

    /// <summary>
    /// Flatten of dimensions start…end (the batch dimension stays): ONNX <c>Flatten</c> when they run to the last
    /// dimension from 1; otherwise <c>Reshape</c> to the probe's output shape with 0 ("copy the input's size") in
    /// place of the batch dimension.
    /// </summary>
    public OnnxValue Flatten(Module<Tensor, Tensor> m, int startDim, int endDim, OnnxValue x, string path)
    {
        int rank = x.Probe.NDim;
        int start = startDim < 0 ? startDim + rank : startDim, end = endDim < 0 ? endDim + rank : endDim;
        if (start == 0 && end > 0)
            throw new UnsupportedModuleException(m.GetType(), path, "flattening the batch dimension (start_dim 0) is not exported; the graph keeps its batch dimension");
        var y = Run(m, x.Probe);
        if (start == 1 && end == rank - 1) return new(g.Node("Flatten", path, [x.Name], Int("axis", 1)), y);
        if (start >= end) return x with { Probe = y };
        var shape = y.Shape.ToArray().Select(d => (long)d).ToArray();
        shape[0] = 0;
        return new(g.Node("Reshape", path, [x.Name, g.Int64s(shape)]), y);
    }

    /// <summary>Input standardisation (x − mean)·(1/std) in float32, as <see cref="OnnxExportOptions.Normalize"/> says.</summary>
    public OnnxValue Normalize(double mean, double std, OnnxValue x)
    {
        var y = (x.Probe + Tensor.Scalar(-mean, DType.Float32)) * Tensor.Scalar(1 / std, DType.Float32);
        var sub = g.Node("Sub", "normalize", [x.Name, g.Scalar((float)mean)]);
        return new(g.Node("Mul", "normalize", [sub, g.Scalar((float)(1 / std))]), y);
    }
}
