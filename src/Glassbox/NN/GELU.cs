namespace Glassbox.NN;

/// <summary>Gaussian error linear unit x·Φ(x) (Hendrycks &amp; Gimpel, 2016; <c>torch.nn.GELU</c>);
/// <see cref="GeluApproximate.Tanh"/> uses 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
public sealed class GELU : Module<Tensor, Tensor>
{
    /// <summary>Creates the activation with the exact formula or the tanh approximation.</summary>
    public GELU(GeluApproximate approximate = GeluApproximate.None)
    {
        if (!Enum.IsDefined(approximate)) throw new ArgumentOutOfRangeException(nameof(approximate), approximate, "GELU: approximate must be GeluApproximate.None or GeluApproximate.Tanh");
        Approximate = approximate;
    }

    /// <summary>The exact formula (via erf) or the tanh approximation.</summary>
    public GeluApproximate Approximate { get; }

    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Gelu(Approximate);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"approximate=\x27{(Approximate == GeluApproximate.Tanh ? "tanh" : "none")}\x27";
}
