namespace Glassbox.NN;

/// <summary>
/// Functional forms of the losses (<c>torch.nn.functional</c>). Each takes the reduction "none" (per-element
/// losses), "mean" or "sum", with PyTorch's semantics; the loss modules in <see cref="Glassbox.NN"/> call these.
/// </summary>
public static partial class F
{
    /// <summary>Applies "none" / "mean" / "sum" to elementwise losses.</summary>
    internal static Tensor Reduce(Tensor loss, Reduction reduction, string op) => reduction switch
    {
        Reduction.None => loss,
        Reduction.Mean => loss.Mean(),
        Reduction.Sum => loss.Sum(),
        _ => throw new ArgumentException($"{op}: reduction must be 'none', 'mean' or 'sum', got '{reduction.TorchName()}'"),
    };

    private static void SameShape(Tensor input, Tensor target, string op)
    {
        if (!ShapeUtil.SameShape(input.ShapeArray, target.ShapeArray))
            throw new ArgumentException($"{op}: target shape {ShapeUtil.Format(target.ShapeArray)} must match input shape {ShapeUtil.Format(input.ShapeArray)}");
    }

    /// <summary>Squared error (x − y)² (<c>F.mse_loss</c>).</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        SameShape(input, target, "mse_loss");
        var d = input - target;
        return Reduce(d * d, reduction, "mse_loss");
    }

    /// <summary>Absolute error |x − y| (<c>F.l1_loss</c>).</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        SameShape(input, target, "l1_loss");
        return Reduce((input - target).Abs(), reduction, "l1_loss");
    }

    /// <summary>
    /// Huber loss (<c>F.huber_loss</c>): with z = |x − y|, ½z² for z &lt; δ and δ(z − ½δ) otherwise —
    /// quadratic near 0, linear (slope δ) in the tails.
    /// </summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double delta = 1.0)
    {
        SameShape(input, target, "huber_loss");
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), $"huber_loss: delta must be positive, got {delta}");
        var d = input - target;
        var z = d.Abs();
        return Reduce(Tensor.Where(z.Lt(delta), 0.5 * d * d, delta * (z - 0.5 * delta)), reduction, "huber_loss");
    }

    /// <summary>
    /// Smooth L1 loss (<c>F.smooth_l1_loss</c>): with z = |x − y|, ½z²/β for z &lt; β and z − ½β otherwise.
    /// Equals Huber/β; β = 0 is plain L1.
    /// </summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0)
    {
        SameShape(input, target, "smooth_l1_loss");
        if (beta < 0) throw new ArgumentOutOfRangeException(nameof(beta), $"smooth_l1_loss: beta must be non-negative, got {beta}");
        if (beta == 0) return L1Loss(input, target, reduction);
        var d = input - target;
        var z = d.Abs();
        return Reduce(Tensor.Where(z.Lt(beta), 0.5 * d * d / beta, z - 0.5 * beta), reduction, "smooth_l1_loss");
    }
}
