using Glassbox.Autograd;

namespace Glassbox.Optim;

/// <summary>
/// The max-norm constraint of dropout training (Srivastava et al. 2014, §5.1): after every optimiser step each hidden
/// unit's incoming weight vector is projected back onto the ball ‖w‖₂ ≤ c. In PyTorch this is
/// <c>with torch.no_grad(): w.renorm_(p=2, dim=0, maxnorm=c)</c>; in Keras it is the <c>MaxNorm(c)</c> kernel constraint.
/// </summary>
/// <remarks>
/// <para>For a <see cref="NN.Linear"/> weight of shape [out, in], row i holds the weights <i>into</i> unit i, so the
/// projection acts on the slices along dimension 0 — the same slicing as <c>renorm(dim=0)</c>. A tensor of higher rank
/// (a convolution's [out, in, kh, kw]) is treated as [out, in·kh·kw].</para>
/// <para>Rows already inside the ball are left bit-for-bit unchanged; a row outside is scaled by c/(‖w‖ + 1e-7), the
/// guard PyTorch's renorm adds, so the result lands a hair inside the ball rather than exactly on it. Norms
/// accumulate in double. Apply it to weights only: biases are not constrained in the paper.</para>
/// <para>It is a projection, not a penalty: it never changes the gradient, so it belongs after
/// <see cref="Optimizer.Step"/>, and with momentum the velocity keeps pointing outside the ball — that is the
/// paper's method too.</para>
/// </remarks>
public static class MaxNorm
{
    /// <summary>
    /// Projects every row (slice along dimension 0) of each tensor in <paramref name="weights"/> onto the 2-norm ball of
    /// radius <paramref name="maxNorm"/>, in place and without recording autograd history.
    /// </summary>
    /// <returns>The number of rows that were rescaled (a diagnostic: how often the constraint is active).</returns>
    public static int Apply(IEnumerable<Tensor> weights, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"MaxNorm.Apply: maxNorm must be positive and finite, got {maxNorm}");
        using var _ = GradMode.NoGrad();
        int clipped = 0;
        foreach (var w in weights)
        {
            if (w.NDim < 1) throw new ArgumentException($"MaxNorm.Apply: a weight must have at least one dimension (rows along dim 0), got shape [{string.Join(", ", w.ShapeToArray())}]");
            if (w.DType is not (DType.Float32 or DType.Float64))
                throw new ArgumentException($"MaxNorm.Apply: weights must be float32 or float64, got {w.DType.TorchName()}");
            if (w.Numel == 0) continue;
            int rows = w.Size(0), cols = w.Numel / rows;
            if (w.IsContiguous)
            {
                clipped += w.DType == DType.Float32 ? ProjectRows(w.Span<float>(), rows, cols, maxNorm) : ProjectRows(w.Span<double>(), rows, cols, maxNorm);
                w.BumpVersion();
            }
            else
            {
                // A strided view (rare for parameters): project a contiguous copy and write it back.
                var v = w.ToDoubleArray();
                clipped += ProjectRows(v.AsSpan(), rows, cols, maxNorm);
                w.CopyFrom(Tensor.FromArray(v, w.ShapeToArray()));
            }
        }
        return clipped;
    }

    private static int ProjectRows(Span<float> data, int rows, int cols, double maxNorm)
    {
        int clipped = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = data.Slice(r * cols, cols);
            double sq = 0;
            foreach (float v in row) sq += (double)v * v;
            double norm = Math.Sqrt(sq);
            if (norm <= maxNorm) continue;
            float scale = (float)(maxNorm / (norm + 1e-7));
            for (int i = 0; i < row.Length; i++) row[i] *= scale;
            clipped++;
        }
        return clipped;
    }

    private static int ProjectRows(Span<double> data, int rows, int cols, double maxNorm)
    {
        int clipped = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = data.Slice(r * cols, cols);
            double sq = 0;
            foreach (double v in row) sq += v * v;
            double norm = Math.Sqrt(sq);
            if (norm <= maxNorm) continue;
            double scale = maxNorm / (norm + 1e-7);
            for (int i = 0; i < row.Length; i++) row[i] *= scale;
            clipped++;
        }
        return clipped;
    }
}
