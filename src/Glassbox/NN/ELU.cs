namespace Glassbox.NN;

/// <summary>x for x &gt; 0, α(eˣ − 1) otherwise (Clevert et al., 2016; <c>torch.nn.ELU</c>).</summary>
public sealed class ELU : Module<Tensor, Tensor>
{
    /// <summary>Creates the activation.</summary>
    public ELU(double alpha = 1.0) => Alpha = alpha;

    /// <summary>Saturation value −α for large negative inputs.</summary>
    public double Alpha { get; }

    /// <summary>Applies the function elementwise.</summary>
    public override Tensor Forward(Tensor input) => input.Elu(Alpha);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"alpha={PyFormat.Float(Alpha)}";
}
