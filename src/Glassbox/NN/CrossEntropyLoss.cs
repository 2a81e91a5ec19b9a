namespace Glassbox.NN;

/// <summary>
/// Cross entropy on logits (<c>torch.nn.CrossEntropyLoss</c>): log_softmax followed by NLL, with class
/// weights, ignoreIndex (default −100), label smoothing, and class-index or probability targets; see
/// <see cref="F.CrossEntropy"/> for the exact reductions.
/// </summary>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public CrossEntropyLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean, double labelSmoothing = 0.0) : base(reduction)
    {
        Weight = OptionalBuffer("weight", weight);
        (IgnoreIndex, LabelSmoothing) = (ignoreIndex, labelSmoothing);
    }

    /// <summary>Per-class weights [C], or null.</summary>
    public Tensor? Weight { get; }
    /// <summary>Target value that contributes neither loss nor weight.</summary>
    public long IgnoreIndex { get; }
    /// <summary>ε: the target mixes (1 − ε) of the label with ε spread uniformly over classes.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);
}
