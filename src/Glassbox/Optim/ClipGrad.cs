using System.Numerics;
using Glassbox.Autograd;

namespace Glassbox.Optim;

/// <summary>Gradient clipping (<c>torch.nn.utils.clip_grad_norm_</c> / <c>clip_grad_value_</c>), in place on <c>.Grad</c>.</summary>
public static class ClipGrad
{
    /// <summary>
    /// Rescales all gradients together so that their joint p-norm is at most <paramref name="maxNorm"/>:
    /// total = ‖(‖g₁‖ₚ, …, ‖gₖ‖ₚ)‖ₚ, coef = min(1, maxNorm/(total + 1e-6)), g ← coef·g. The 1e-6 is
    /// PyTorch's guard against dividing by zero. normType may be <see cref="double.PositiveInfinity"/> (max |g|).
    /// Norms accumulate in double.
    /// </summary>
    /// <returns>The total norm before clipping.</returns>
    public static double Norm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2.0)
    {
        if (!(normType > 0)) throw new ArgumentOutOfRangeException(nameof(normType), $"ClipGrad.Norm: normType must be positive, got {normType}");
        var grads = parameters.Where(p => p.Grad is not null).Select(p => p.Grad!).ToList();
        if (grads.Count == 0) return 0.0;
        double total = 0;
        bool inf = double.IsPositiveInfinity(normType);
        foreach (var g in grads)
        {
            double n;
            if (normType == 2 && g.IsContiguous && g.DType is DType.Float32 or DType.Float64) n = SumOfSquares(g);
            else
            {
                n = 0;
                foreach (var v in g.ToDoubleArray())
                {
                    double a = Math.Abs(v);
                    if (inf) n = Math.Max(n, a);
                    else n += normType == 2 ? a * a : Math.Pow(a, normType);
                }
            }
            if (inf) total = Math.Max(total, n);
            else total += n; // Σ_k ‖g_k‖ₚᵖ = Σ over all elements |g|ᵖ
        }
        if (!inf) total = normType == 2 ? Math.Sqrt(total) : Math.Pow(total, 1.0 / normType);
        double coef = Math.Min(1.0, maxNorm / (total + 1e-6));
        using (GradMode.NoGrad())
            foreach (var g in grads) g.MulInPlace(coef);
        return total;
    }

    /// <summary>
    /// Σ g² of a contiguous float tensor, accumulated in double without copying it (the 2-norm case, which every training
    /// loop with clipping runs once per step over every gradient): float32 lanes are widened to double before squaring.
    /// </summary>
    private static double SumOfSquares(Tensor g)
    {
        var acc = Vector<double>.Zero;
        double tail = 0;
        int i = 0;
        if (g.DType == DType.Float32)
        {
            ReadOnlySpan<float> s = g.Span<float>();
            for (int w = Vector<float>.Count; i + w <= s.Length; i += w)
            {
                Vector.Widen(new Vector<float>(s.Slice(i)), out var lo, out var hi);
                acc += lo * lo + hi * hi;
            }
            for (; i < s.Length; i++) tail += (double)s[i] * s[i];
        }
        else
        {
            ReadOnlySpan<double> s = g.Span<double>();
            for (int w = Vector<double>.Count; i + w <= s.Length; i += w)
            {
                var v = new Vector<double>(s.Slice(i));
                acc += v * v;
            }
            for (; i < s.Length; i++) tail += s[i] * s[i];
        }
        return Vector.Sum(acc) + tail;
    }

    /// <summary>Clamps every gradient element into [−clipValue, clipValue] (<c>clip_grad_value_</c>).</summary>
    public static void Value(IEnumerable<Tensor> parameters, double clipValue)
    {
        if (!(clipValue >= 0)) throw new ArgumentOutOfRangeException(nameof(clipValue), $"ClipGrad.Value: clipValue must be non-negative, got {clipValue}");
        using var _ = GradMode.NoGrad();
        foreach (var p in parameters)
        {
            var g = p.Grad;
            if (g is null) continue;
            var v = g.ToDoubleArray();
            for (int i = 0; i < v.Length; i++) v[i] = Math.Clamp(v[i], -clipValue, clipValue);
            g.CopyFrom(Tensor.FromArray(v, g.ShapeToArray()));
        }
    }
}
