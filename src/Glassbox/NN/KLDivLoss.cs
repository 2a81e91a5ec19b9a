namespace Glassbox.NN;

/// <summary>
/// KL divergence with log-probability input (<c>torch.nn.KLDivLoss</c>); reduction may also be <see cref="Reduction.BatchMean"/>,
/// the true KL per sample; see <see cref="F.KlDiv"/>.
/// </summary>
public sealed class KLDivLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public KLDivLoss(Reduction reduction = Reduction.Mean, bool logTarget = false) : base(reduction, Reduction.None, Reduction.Mean, Reduction.Sum, Reduction.BatchMean) => LogTarget = logTarget;

    /// <summary>Whether the target is given as log-probabilities too.</summary>
    public bool LogTarget { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.KlDiv(input, target, Reduction, LogTarget);
}
