namespace Glassbox.NN;

/// <summary>
/// Batch normalisation over an [N, C, H, W] input (<c>torch.nn.BatchNorm2d</c>): one mean and variance per channel,
/// taken over N·H·W values, y = (x − μ)/√(σ² + ε)·γ + β. The usual layer after a convolution; see
/// <see cref="BatchNorm"/> for the train/eval behaviour and the running statistics.
/// </summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>Creates the layer; γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    public BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype) { }

    /// <inheritdoc/>
    protected override void CheckInputDim(Tensor input)
    {
        if (input.NDim != 4)
            throw new ArgumentException($"BatchNorm2d: expected 4D input (got {input.NDim}D input of shape {ShapeUtil.Format(input.ShapeArray)})");
    }
}
