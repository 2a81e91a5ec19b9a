namespace Glassbox.NN;

/// <summary>SiLU / swish, x·σ(x) (Elfwing et al., 2018; <c>torch.nn.SiLU</c>).</summary>
public sealed class SiLU : Module<Tensor, Tensor>
{
    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Silu();
}
