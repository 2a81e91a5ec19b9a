namespace Glassbox.NN;

/// <summary>Sigmoid + binary cross entropy in one stable expression (<c>torch.nn.BCEWithLogitsLoss</c>); see <see cref="F.BinaryCrossEntropyWithLogits"/>.</summary>
public sealed class BCEWithLogitsLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? posWeight = null) : base(reduction)
    {
        Weight = OptionalBuffer("weight", weight);
        PosWeight = OptionalBuffer("pos_weight", posWeight);
    }

    /// <summary>Weight broadcast against the elementwise loss, or null.</summary>
    public Tensor? Weight { get; }
    /// <summary>Weight of positive examples per class (last dimension), or null.</summary>
    public Tensor? PosWeight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => F.BinaryCrossEntropyWithLogits(input, target, Weight, PosWeight, Reduction);
}
