namespace Glassbox.Kernels;

/// <summary>
/// Batch and group normalisation written as plain compositions of differentiable Tensor ops (mean, subtract, square,
/// sqrt, divide, broadcast multiply/add): the textbook formulas that the fused kernels behind
/// <see cref="NN.F.BatchNorm"/>, <see cref="NN.F.GroupNorm"/> and <see cref="NN.F.LayerNorm"/> are tested against. Autograd differentiates them
/// op by op, so their gradients are an independent check of the hand-derived fused backward.
/// </summary>
/// <remarks>Slow on purpose (every step materialises a tensor and records a graph node); never used outside tests.</remarks>
internal static class NormReference
{
    /// <summary>
    /// y = (x − μ)/√(σ² + ε)·γ + β per channel of an [N, C, *] input; training uses the batch mean and biased variance
    /// over dims (0, 2) of the [N, C, S] view and blends mean and unbiased variance into the running tensors in place.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, double momentum, double eps)
    {
        int n = input.Shape[0], c = input.Shape[1], s = input.Numel / Math.Max(1, n * c);
        var x = input.Reshape(n, c, s);
        Tensor xhat;
        if (training)
        {
            var mean = x.Mean([0, 2], keepDim: true);
            var xc = x - mean;
            var var = (xc * xc).Mean([0, 2], keepDim: true);
            xhat = xc / (var + eps).Sqrt();
            if (runningMean is not null)
                using (Autograd.GradMode.NoGrad())
                {
                    double m = (double)n * s;
                    runningMean.MulInPlace(1 - momentum).AddInPlace(mean.Detach().Reshape(c), momentum);
                    runningVar!.MulInPlace(1 - momentum).AddInPlace(var.Detach().Reshape(c) * (m / (m - 1)), momentum);
                }
        }
        else xhat = (x - runningMean!.Reshape(1, c, 1)) / (runningVar!.Reshape(1, c, 1) + eps).Sqrt();
        return Affine(xhat, weight, bias, c).Reshape(input.ShapeToArray());
    }

    /// <summary>Group norm of an [N, C, *] input: mean and biased variance per (sample, group) over dim 2 of the [N, G, (C/G)·S] view, then the per-channel affine.</summary>
    public static Tensor GroupNorm(Tensor input, int groups, Tensor? weight, Tensor? bias, double eps)
    {
        int n = input.Shape[0], c = input.Shape[1], s = input.Numel / Math.Max(1, n * c);
        var x = input.Reshape(n, groups, c / groups * s);
        var mean = x.Mean([2], keepDim: true);
        var xc = x - mean;
        var var = (xc * xc).Mean([2], keepDim: true);
        var xhat = (xc / (var + eps).Sqrt()).Reshape(n, c, s);
        return Affine(xhat, weight, bias, c).Reshape(input.ShapeToArray());
    }

    /// <summary>Layer norm over the trailing <paramref name="normalizedShape"/>: mean and biased variance per row of the [R, D] view, then the elementwise affine.</summary>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, double eps)
    {
        int d = ShapeUtil.Numel(normalizedShape);
        var x = input.Reshape(input.Numel / d, d);
        var mean = x.Mean([1], keepDim: true);
        var xc = x - mean;
        var var = (xc * xc).Mean([1], keepDim: true);
        var y = xc / (var + eps).Sqrt();
        if (weight is not null) y = y * weight.Reshape(1, d);
        if (bias is not null) y = y + bias.Reshape(1, d);
        return y.Reshape(input.ShapeToArray());
    }

    private static Tensor Affine(Tensor xhat, Tensor? weight, Tensor? bias, int c)
    {
        var y = weight is null ? xhat : xhat * weight.Reshape(1, c, 1);
        return bias is null ? y : y + bias.Reshape(1, c, 1);
    }
}
