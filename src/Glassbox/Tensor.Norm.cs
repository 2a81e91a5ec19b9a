using Glassbox.Autograd;

namespace Glassbox;

// Vector p-norms over some dimensions (torch.linalg.vector_norm / tensor.norm(p, dim)).
public sealed partial class Tensor
{
    /// <summary>
    /// The vector p-norm over <paramref name="dims"/> (<c>torch.norm(x, p, dim, keepdim)</c> /
    /// <c>torch.linalg.vector_norm</c>); null means all elements, treated as one vector.
    /// ‖x‖ₚ = (Σ|xᵢ|ᵖ)^(1/p); p = ∞ is max|xᵢ|, p = −∞ is min|xᵢ|, p = 0 counts the non-zeros.
    /// </summary>
    /// <remarks>
    /// Gradients (g = ∂L/∂‖x‖, broadcast back over the reduced dims):
    /// <list type="bullet">
    /// <item>p = 2: g·xᵢ/‖x‖, taken as 0 where ‖x‖ = 0 (PyTorch's choice of subgradient at the origin).</item>
    /// <item>p = 1: g·sign(xᵢ) (0 at xᵢ = 0).</item>
    /// <item>p = ±∞: g·sign(xᵢ)·[|xᵢ| = ‖x‖]/k, split evenly over the k tied extremal entries.</item>
    /// <item>p = 0: zero (a piecewise-constant count).</item>
    /// <item>other p: g·sign(xᵢ)|xᵢ|^(p−1) / ‖x‖^(p−1), 0 where ‖x‖ = 0, and for p &lt; 1 also 0 where xᵢ = 0
    /// (where |xᵢ|^(p−1) is infinite).</item>
    /// </list>
    /// No rescaling is done for p = 2, so Σx² can overflow for |x| beyond ~1e154 (float64), as in PyTorch on CPU.
    /// </remarks>
    public Tensor Norm(double p = 2, int[]? dims = null, bool keepDim = false)
    {
        RequireFloat("norm");
        if (double.IsNaN(p)) throw new ArgumentException("norm: p must be a number, got NaN", nameof(p));
        var d = ReduceDims(dims, "norm");
        var x = this;
        Tensor y;
        using (GradMode.NoGrad())
        {
            var a = x.Abs();
            if (p == 2) y = (x * x).Sum(d, keepDim).Sqrt();
            else if (p == 1) y = a.Sum(d, keepDim);
            else if (double.IsPositiveInfinity(p)) y = a.ExtremumRaw(d, keepDim, isMax: true, "norm");
            else if (double.IsNegativeInfinity(p)) y = a.ExtremumRaw(d, keepDim, isMax: false, "norm");
            else if (p == 0) y = a.Ne(0.0).To(DType).Sum(d, keepDim);
            else y = a.Pow(p).Sum(d, keepDim).Pow(1.0 / p);
        }
        return RecordDifferentiable(y, "norm", [x], g =>
        {
            var ge = ExpandReduced(g, x.shape, d, keepDim);
            var ye = ExpandReduced(y, x.shape, d, keepDim);
            if (p == 2) return [Where(ye.Eq(0.0), 0.0 * ge, ge * x / ye)];
            if (p == 1) return [ge * x.Sign()];
            if (p == 0) return [ZerosLike(x)];
            if (double.IsInfinity(p))
            {
                var mask = x.Abs().Eq(ye).To(x.DType);
                var count = ExpandReduced(mask.Sum(d, keepDim), x.shape, d, keepDim);
                return [x.Sign() * mask * ge / count];
            }
            var a = x.Abs();
            var scaled = x.Sign() * a.Pow(p - 1);
            if (p < 1) scaled = Where(x.Eq(0.0), 0.0 * scaled, scaled);
            return [Where(ye.Eq(0.0), 0.0 * ge, scaled * ge / ye.Pow(p - 1))];
        }, x, y);
    }

    /// <summary>The p-norm over one dimension (<c>torch.norm(x, p, dim)</c>).</summary>
    public Tensor Norm(double p, int dim, bool keepDim = false) => Norm(p, [dim], keepDim);
}
