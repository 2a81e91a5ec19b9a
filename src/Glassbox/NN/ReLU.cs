namespace Glassbox.NN;

/// <summary>max(x, 0) (<c>torch.nn.ReLU</c>). Its derivative is taken as 0 at x = 0, as in PyTorch.</summary>
public sealed class ReLU : Module<Tensor, Tensor>
{
    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Relu();
}
