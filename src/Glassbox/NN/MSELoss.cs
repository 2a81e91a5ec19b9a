namespace Glassbox.NN;

/// <summary>Mean squared error (x − y)² (<c>torch.nn.MSELoss</c>); see <see cref="F.MseLoss"/>.</summary>
public sealed class MSELoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public MSELoss(Reduction reduction = Reduction.Mean) : base(reduction) { }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.MseLoss(input, target, Reduction);
}
