namespace Glassbox.NN;

/// <summary>Gaussian error linear unit x·Φ(x) (Hendrycks &amp; Gimpel, 2016; <c>torch.nn.GELU</c>); approximate = "tanh" uses 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
public sealed class GELU : Module<Tensor, Tensor>
{
    /// <summary>Creates the activation; <paramref name="approximate"/> is "none" or "tanh".</summary>
    public GELU(string approximate = "none")
    {
        if (approximate is not ("none" or "tanh")) throw new ArgumentException($"GELU: approximate must be \x27none\x27 or \x27tanh\x27, got \x27{approximate}\x27");
        Approximate = approximate;
    }

    /// <summary>"none" (exact, via erf) or "tanh".</summary>
    public string Approximate { get; }

    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Gelu(Approximate);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"approximate=\x27{Approximate}\x27";
}
