namespace Glassbox.NN;

/// <summary>Binary cross entropy of probabilities (<c>torch.nn.BCELoss</c>); see <see cref="F.BinaryCrossEntropy"/>. Prefer <see cref="BCEWithLogitsLoss"/>, which is stable.</summary>
public sealed class BCELoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction) => Weight = OptionalBuffer("weight", weight);

    /// <summary>Weight broadcast against the elementwise loss, or null.</summary>
    public Tensor? Weight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.BinaryCrossEntropy(input, target, Weight, Reduction);
}
