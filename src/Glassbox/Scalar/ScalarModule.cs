namespace Glassbox.Scalar;

/// <summary>
/// Something with trainable scalars (<c>micrograd.nn.Module</c>; the scalar-engine analogue of
/// <c>torch.nn.Module</c>).
/// </summary>
public abstract class ScalarModule
{
    /// <summary>Every trainable <see cref="Value"/>, in a fixed order (<c>module.parameters()</c>).</summary>
    public abstract IReadOnlyList<Value> Parameters();

    /// <summary>
    /// Sets every parameter's gradient to 0 (<c>module.zero_grad()</c>). Needed before each backward pass
    /// because <see cref="Value.Backward"/> accumulates with += (see <see cref="Value"/>).
    /// </summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = 0.0;
    }

    /// <summary>Applies <paramref name="activation"/> to a graph node.</summary>
    internal static Value Apply(Activation activation, Value z) => activation switch
    {
        Activation.Relu => z.Relu(),
        Activation.Tanh => z.Tanh(),
        Activation.Sigmoid => z.Sigmoid(),
        _ => z,
    };

    /// <summary>Applies <paramref name="activation"/> to a plain double (the graph-free fast path).</summary>
    internal static double Apply(Activation activation, double z) => activation switch
    {
        Activation.Relu => z > 0 ? z : 0.0,
        Activation.Tanh => Math.Tanh(z),
        Activation.Sigmoid => 1.0 / (1.0 + Math.Exp(-z)),
        _ => z,
    };
}
