namespace Glassbox.NN;

/// <summary>
/// Batch normalisation over a [N, C] or [N, C, L] input (Ioffe &amp; Szegedy, 2015; <c>torch.nn.BatchNorm1d</c>):
/// y = (x − μ)/√(σ² + ε)·γ + β per channel C, statistics over N (and L). See <see cref="BatchNorm"/> for the
/// train/eval behaviour and the running statistics.
/// </summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates the layer; γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype) { }

    /// <inheritdoc/>
    protected override void CheckInputDim(Tensor input)
    {
        if (input.NDim != 2 && input.NDim != 3)
            throw new ArgumentException($"BatchNorm1d: expected 2D or 3D input (got {input.NDim}D input of shape {ShapeUtil.Format(input.ShapeArray)})");
    }
}
