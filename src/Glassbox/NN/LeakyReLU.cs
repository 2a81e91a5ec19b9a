namespace Glassbox.NN;

/// <summary>x for x &gt; 0, negativeSlope·x otherwise (<c>torch.nn.LeakyReLU</c>, default slope 0.01).</summary>
public sealed class LeakyReLU : Module<Tensor, Tensor>
{
    /// <summary>Creates the activation.</summary>
    public LeakyReLU(double negativeSlope = 0.01) => NegativeSlope = negativeSlope;

    /// <summary>Slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"negative_slope={PyFormat.Float(NegativeSlope)}";
}
