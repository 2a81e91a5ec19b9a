namespace Glassbox.NN;

/// <summary>log σ(x) = min(x, 0) − log(1 + e^{−|x|}) (<c>torch.nn.LogSigmoid</c>), the overflow-free form PyTorch uses.</summary>
public sealed class LogSigmoid : Module<Tensor, Tensor>
{
    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Minimum(Tensor.ZerosLike(input)) - (-input.Abs()).Exp().Log1p();
}
