namespace Glassbox.NN;

/// <summary>Mean absolute error |x − y| (<c>torch.nn.L1Loss</c>); see <see cref="F.L1Loss"/>.</summary>
public sealed class L1Loss : Loss
{
    /// <summary>Creates the loss.</summary>
    public L1Loss(Reduction reduction = Reduction.Mean) : base(reduction) { }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.L1Loss(input, target, Reduction);
}
