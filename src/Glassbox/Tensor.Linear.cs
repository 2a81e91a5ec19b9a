using Glassbox.Kernels;

namespace Glassbox;

// The affine map of a fully connected layer, hand-fused after profiling the MNIST MLP: composed as
// x.MatMul(w.T) + b it cost a transpose node, a strided transposing copy of every weight gradient and a separate
// broadcast add. Fused, it is one GEMM forward and two GEMMs backward. Tests check it against the composition.
public sealed partial class Tensor
{
    /// <summary>
    /// y = x·Wᵀ + b (<c>torch.nn.functional.linear</c>) for x [*, in], W [out, in], b [out] → y [*, out].
    /// </summary>
    /// <remarks>
    /// Backward, with G = ∂L/∂y viewed as [N, out] (N = product of the leading dims) and X as [N, in]:
    /// ∂L/∂X = G·W, ∂L/∂W = Gᵀ·X, ∂L/∂b = Σ_rows G. Forward writes b into every row of y and lets GEMM
    /// accumulate onto it (β = 1), so the bias costs no extra pass over y.
    /// </remarks>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        if (weight.NDim != 2) throw new ArgumentException($"linear: weight must be 2-D [out, in], got {ShapeUtil.Format(weight.shape)}");
        int outF = weight.shape[0], inF = weight.shape[1];
        if (input.NDim == 0 || input.shape[^1] != inF)
            throw new ArgumentException($"linear: input shape {ShapeUtil.Format(input.shape)} does not end in in_features = {inF} (weight {ShapeUtil.Format(weight.shape)})");
        if (bias is not null && (bias.NDim != 1 || bias.shape[0] != outF))
            throw new ArgumentException($"linear: bias must have shape [{outF}], got {ShapeUtil.Format(bias.shape)}");
        if (!input.DType.IsFloatingPoint() || input.DType != weight.DType || (bias is not null && bias.DType != weight.DType))
            throw new ArgumentException($"linear: input, weight and bias must share one floating dtype, got {input.DType.TorchName()}, {weight.DType.TorchName()}{(bias is null ? "" : ", " + bias.DType.TorchName())}");

        var x2 = input.ContiguousRaw();
        int n = input.Numel / Math.Max(inF, 1);
        if (inF == 0) n = ShapeUtil.Numel(input.shape[..^1]);
        var w = weight.ContiguousRaw();
        var outShape = input.shape[..^1].Concat([outF]).ToArray();
        var y = new Tensor(outShape, input.DType);
        if (y.DType == DType.Float32)
        {
            var ys = y.Span<float>();
            if (bias is not null) { var bs = bias.ContiguousRaw().Span<float>(); for (int r = 0; r < n; r++) bs.CopyTo(ys.Slice(r * outF, outF)); }
            Gemm.Sgemm(ys, outF, x2.Span<float>(), inF, false, w.Span<float>(), inF, true, n, outF, inF, 1f, bias is null ? 0f : 1f);
        }
        else
        {
            var ys = y.Span<double>();
            if (bias is not null) { var bs = bias.ContiguousRaw().Span<double>(); for (int r = 0; r < n; r++) bs.CopyTo(ys.Slice(r * outF, outF)); }
            Gemm.Dgemm(ys, outF, x2.Span<double>(), inF, false, w.Span<double>(), inF, true, n, outF, inF, 1.0, bias is null ? 0.0 : 1.0);
        }
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Record(y, "linear", inputs, g =>
        {
            var gc = g.ContiguousRaw();
            Tensor? dx = null, dw = null, db = null;
            if (input.requiresGrad)
            {
                dx = new Tensor((int[])input.shape.Clone(), input.DType);
                if (dx.DType == DType.Float32) Gemm.Sgemm(dx.Span<float>(), inF, gc.Span<float>(), outF, false, w.Span<float>(), inF, false, n, inF, outF);
                else Gemm.Dgemm(dx.Span<double>(), inF, gc.Span<double>(), outF, false, w.Span<double>(), inF, false, n, inF, outF);
            }
            if (weight.requiresGrad)
            {
                dw = new Tensor([outF, inF], weight.DType);
                if (dw.DType == DType.Float32) Gemm.Sgemm(dw.Span<float>(), inF, gc.Span<float>(), outF, true, x2.Span<float>(), inF, false, outF, inF, n);
                else Gemm.Dgemm(dw.Span<double>(), inF, gc.Span<double>(), outF, true, x2.Span<double>(), inF, false, outF, inF, n);
            }
            if (bias is not null && bias.requiresGrad) db = gc.Reshape(n, outF).SumRaw([0], keepDim: false);
            return bias is null ? [dx, dw] : [dx, dw, db];
        },
        g =>
        {
            // Graph form: the same three products in differentiable ops, on [N, out] and [N, in] views.
            var g2 = g.Reshape(n, outF);
            var dx = input.RequiresGrad ? g2.MatMul(weight).Reshape(input.ShapeToArray()) : null;
            var dw = weight.RequiresGrad ? g2.T.MatMul(input.Reshape(n, inF)) : null;
            var db = bias is not null && bias.RequiresGrad ? g2.Sum(0) : null;
            return bias is null ? [dx, dw] : [dx, dw, db];
        }, input, weight);
    }
}
