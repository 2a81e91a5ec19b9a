namespace Glassbox.Scalar;

// Elementary functions. Where the derivative is cheapest in terms of the output y, the local backward uses y
// (exp' = y, tanh' = 1 − y², σ' = y(1 − y)), as the Tensor engine does, so both give bit-for-bit the same formula.
public sealed partial class Value
{
    /// <summary>eˣ (<c>torch.exp</c>). d/dx eˣ = eˣ, so x.Grad += y · upstream.</summary>
    public Value Exp()
    {
        return Node(Math.Exp(Data), "exp", this, null, static z => z.a!.Grad += z.Data * z.Grad);
    }

    /// <summary>ln x (<c>torch.log</c>). d/dx ln x = 1/x; NaN for x &lt; 0 and −∞ at 0, as in IEEE arithmetic.</summary>
    public Value Log()
    {
        return Node(Math.Log(Data), "log", this, null, static z => z.a!.Grad += z.Grad / z.a.Data);
    }

    /// <summary>tanh x (<c>torch.tanh</c>). d/dx tanh x = 1 − tanh² x = 1 − y².</summary>
    public Value Tanh()
    {
        return Node(Math.Tanh(Data), "tanh", this, null, static z => z.a!.Grad += (1.0 - z.Data * z.Data) * z.Grad);
    }

    /// <summary>
    /// max(x, 0) (<c>torch.relu</c>). The derivative is 1 for x &gt; 0 and 0 otherwise; at exactly 0 we take 0, as
    /// PyTorch and micrograd do. A unit whose input stays negative gets no gradient at all ("dead ReLU").
    /// </summary>
    public Value Relu()
    {
        return Node(Data > 0 ? Data : 0.0, "relu", this, null, static z => z.a!.Grad += (z.Data > 0 ? 1.0 : 0.0) * z.Grad);
    }

    /// <summary>
    /// σ(x) = 1/(1 + e⁻ˣ) (<c>torch.sigmoid</c>). σ'(x) = σ(x)(1 − σ(x)) = y(1 − y). For very negative x, e⁻ˣ
    /// overflows to +∞ and y becomes exactly 0, which is the correct limit.
    /// </summary>
    public Value Sigmoid()
    {
        return Node(1.0 / (1.0 + Math.Exp(-Data)), "sigmoid", this, null, static z => z.a!.Grad += z.Data * (1.0 - z.Data) * z.Grad);
    }
}
