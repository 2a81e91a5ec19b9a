namespace Glassbox.NN;

/// <summary>Negative log-likelihood of class-index targets given log-probabilities (<c>torch.nn.NLLLoss</c>); see <see cref="F.NllLoss"/>.</summary>
public sealed class NLLLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public NLLLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        Weight = OptionalBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>Per-class weights [C], or null.</summary>
    public Tensor? Weight { get; }
    /// <summary>Target value that contributes neither loss nor weight.</summary>
    public long IgnoreIndex { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.NllLoss(input, target, Weight, IgnoreIndex, Reduction);
}
