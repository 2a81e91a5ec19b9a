namespace Glassbox.NN;

/// <summary>Huber loss with threshold δ (<c>torch.nn.HuberLoss</c>); see <see cref="F.HuberLoss"/>.</summary>
public sealed class HuberLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0) : base(reduction) => Delta = delta;

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.HuberLoss(input, target, Reduction, Delta);
}
