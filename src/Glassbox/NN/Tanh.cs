namespace Glassbox.NN;

/// <summary>tanh x (<c>torch.nn.Tanh</c>).</summary>
public sealed class Tanh : Module<Tensor, Tensor>
{
    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Tanh();
}
