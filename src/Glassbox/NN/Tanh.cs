namespace Glassbox.NN;

/// <summary>tanh x (<c>torch.nn.Tanh</c>).</summary>
public sealed class Tanh : Module
{
    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Tanh();
}
