namespace Glassbox.NN;

/// <summary>log softmax(x)ᵢ = xᵢ − log Σⱼe^{xⱼ} along <c>Dim</c> (<c>torch.nn.LogSoftmax</c>), computed stably.</summary>
public sealed class LogSoftmax : Module<Tensor, Tensor>
{
    /// <summary>Creates the activation over dimension <paramref name="dim"/>.</summary>
    public LogSoftmax(int dim) => Dim = dim;

    /// <summary>The dimension normalised over.</summary>
    public int Dim { get; }

    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.LogSoftmax(Dim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}";
}
