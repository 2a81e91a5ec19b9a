namespace Glassbox.NN;

/// <summary>
/// Batch normalisation over an [N, C, D, H, W] input (<c>torch.nn.BatchNorm3d</c>): one mean and variance per
/// channel over N·D·H·W values. See <see cref="BatchNorm"/> for the train/eval behaviour and the running statistics.
/// </summary>
public sealed class BatchNorm3d : BatchNorm
{
    /// <summary>Creates the layer; γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    public BatchNorm3d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype) { }

    /// <inheritdoc/>
    protected override void CheckInputDim(Tensor input)
    {
        if (input.NDim != 5)
            throw new ArgumentException($"BatchNorm3d: expected 5D input (got {input.NDim}D input of shape {ShapeUtil.Format(input.ShapeArray)})");
    }
}
