namespace Glassbox.NN;

/// <summary>Returns its input unchanged (<c>torch.nn.Identity</c>); a placeholder where an architecture needs a module.</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    /// <summary>y = x.</summary>
    public override Tensor Forward(Tensor input) => input;
}
