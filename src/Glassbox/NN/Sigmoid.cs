namespace Glassbox.NN;

/// <summary>σ(x) = 1/(1 + e⁻ˣ) (<c>torch.nn.Sigmoid</c>).</summary>
public sealed class Sigmoid : Module<Tensor, Tensor>
{
    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}
