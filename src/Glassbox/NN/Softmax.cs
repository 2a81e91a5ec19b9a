namespace Glassbox.NN;

/// <summary>softmax(x)ᵢ = e^{xᵢ}/Σⱼe^{xⱼ} along <c>Dim</c> (<c>torch.nn.Softmax</c>).</summary>
public sealed class Softmax : Module<Tensor, Tensor>
{
    /// <summary>Creates the activation over dimension <paramref name="dim"/>.</summary>
    public Softmax(int dim) => Dim = dim;

    /// <summary>The dimension that sums to 1.</summary>
    public int Dim { get; }

    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Softmax(Dim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}";
}
