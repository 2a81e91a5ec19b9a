namespace Glassbox.NN;

/// <summary>
/// Channel dropout (<c>torch.nn.Dropout2d</c>): in training zeroes whole channels of an [N, C, H, W] or [C, H, W]
/// input with probability p and scales the rest by 1/(1 − p); the identity in eval mode. See <see cref="F.Dropout2d"/>.
/// </summary>
public sealed class Dropout2d : Module<Tensor, Tensor>
{
    private readonly Generator? generator;

    /// <summary>Creates the layer with drop probability <paramref name="p"/> ∈ [0, 1].</summary>
    public Dropout2d(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout2d: probability has to be between 0 and 1, but got {p}");
        P = p;
        this.generator = generator;
    }

    /// <summary>Probability of zeroing a channel.</summary>
    public double P { get; }

    /// <summary>Drops channels in training; returns the input in eval.</summary>
    public override Tensor Forward(Tensor input) => F.Dropout2d(input, P, Training, generator);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"p={PyFormat.Float(P)}, inplace=False";
}
