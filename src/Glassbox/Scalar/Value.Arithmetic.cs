namespace Glassbox.Scalar;

// Arithmetic: + − × ÷ and pow. Each operator computes its output and right after it the local backward:
// input.Grad += (∂z/∂input) · z.Grad, where z is the output node. A double operand is wrapped as a constant leaf, as micrograd does;
// its Grad is computed too but nobody reads it.
public sealed partial class Value
{
    /// <summary>Wraps a double as a constant leaf so that it can take part in an operation.</summary>
    public static implicit operator Value(double d) => new(d);

    /// <summary>a + b. ∂/∂a = 1, ∂/∂b = 1: the sum routes the upstream gradient unchanged to both inputs.</summary>
    public static Value operator +(Value a, Value b)
    {
        return Node(a.Data + b.Data, "+", a, b, static z => { z.a!.Grad += z.Grad; z.b!.Grad += z.Grad; });
    }

    /// <summary>a − b. ∂/∂a = 1, ∂/∂b = −1.</summary>
    public static Value operator -(Value a, Value b)
    {
        return Node(a.Data - b.Data, "-", a, b, static z => { z.a!.Grad += z.Grad; z.b!.Grad -= z.Grad; });
    }

    /// <summary>
    /// a · b. ∂/∂a = b, ∂/∂b = a: each input's gradient is the upstream gradient scaled by the <i>other</i>
    /// input. For a·a both updates land on a, giving 2a·upstream — the reason for +=.
    /// </summary>
    public static Value operator *(Value a, Value b)
    {
        return Node(a.Data * b.Data, "*", a, b, static z =>
        {
            var (a, b) = (z.a!, z.b!);
            a.Grad += b.Data * z.Grad;
            b.Grad += a.Data * z.Grad;
        });
    }

    /// <summary>a / b. ∂/∂a = 1/b, ∂/∂b = −a/b² (micrograd writes it as a·b⁻¹; the derivatives are the same).</summary>
    public static Value operator /(Value a, Value b)
    {
        return Node(a.Data / b.Data, "/", a, b, static z =>
        {
            var (a, b) = (z.a!, z.b!);
            a.Grad += z.Grad / b.Data;
            b.Grad -= a.Data / (b.Data * b.Data) * z.Grad;
        });
    }

    /// <summary>−a. ∂/∂a = −1.</summary>
    public static Value operator -(Value a)
    {
        return Node(-a.Data, "neg", a, null, static z => z.a!.Grad -= z.Grad);
    }

    /// <summary>a + s.</summary>
    public static Value operator +(Value a, double s) => a + new Value(s);
    /// <summary>s + a.</summary>
    public static Value operator +(double s, Value a) => new Value(s) + a;
    /// <summary>a − s.</summary>
    public static Value operator -(Value a, double s) => a - new Value(s);
    /// <summary>s − a.</summary>
    public static Value operator -(double s, Value a) => new Value(s) - a;
    /// <summary>a · s.</summary>
    public static Value operator *(Value a, double s) => a * new Value(s);
    /// <summary>s · a.</summary>
    public static Value operator *(double s, Value a) => new Value(s) * a;
    /// <summary>a / s.</summary>
    public static Value operator /(Value a, double s) => a / new Value(s);
    /// <summary>s / a.</summary>
    public static Value operator /(double s, Value a) => new Value(s) / a;

    /// <summary>
    /// x^k for a constant exponent (<c>value ** k</c>, <c>torch.pow</c>). ∂/∂x = k·x^(k−1) (the power rule);
    /// the exponent is a plain number, so it receives no gradient.
    /// </summary>
    public Value Pow(double k)
    {
        // The only op whose backward captures something (k), so the only one that allocates a closure.
        return Node(Math.Pow(Data, k), $"**{k.ToString(System.Globalization.CultureInfo.InvariantCulture)}", this, null,
            z => z.a!.Grad += k * Math.Pow(z.a.Data, k - 1) * z.Grad);
    }
}
