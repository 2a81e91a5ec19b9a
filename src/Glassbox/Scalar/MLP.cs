namespace Glassbox.Scalar;

/// <summary>
/// A multi-layer perceptron of <see cref="Layer"/>s (<c>micrograd.nn.MLP</c>; a <c>torch.nn.Sequential</c> of
/// Linear + activation blocks): <c>MLP(2, [16, 16, 1])</c> maps 2 inputs through two hidden layers of 16 units
/// to 1 output.
/// </summary>
/// <remarks>
/// Every layer but the last uses the hidden activation; the last is linear, so the outputs are unbounded scores
/// (logits) that a loss interprets — a hinge loss reads the sign, a cross-entropy reads them through σ or softmax.
/// Layers are created in order from one generator, so the same seed gives the same network.
/// </remarks>
public sealed class MLP : ScalarModule
{
    private readonly Layer[] layers;

    /// <summary>Creates the network.</summary>
    /// <param name="nin">Number of inputs (≥ 1).</param>
    /// <param name="sizes">Output size of each layer, in order; the last entry is the number of outputs.</param>
    /// <param name="uniform">Uniform [0, 1) draws for the weights (see <see cref="Neuron"/>); <see cref="Random.Shared"/> when null.</param>
    /// <param name="hidden">Activation of every layer except the last (micrograd uses ReLU).</param>
    public MLP(int nin, IReadOnlyList<int> sizes, Func<double>? uniform = null, Activation hidden = Activation.Relu)
    {
        if (sizes is null || sizes.Count == 0) throw new ArgumentException("MLP: sizes must list at least one layer", nameof(sizes));
        uniform ??= Random.Shared.NextDouble;
        layers = new Layer[sizes.Count];
        int fanIn = nin;
        for (int i = 0; i < sizes.Count; i++)
        {
            layers[i] = new Layer(fanIn, sizes[i], i == sizes.Count - 1 ? Activation.Linear : hidden, uniform);
            fanIn = sizes[i];
        }
    }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<Layer> Layers => layers;

    /// <summary>Builds the graph of the network on <paramref name="x"/> (<c>mlp(x)</c>); one Value per output.</summary>
    public Value[] Forward(IReadOnlyList<Value> x)
    {
        var h = (IReadOnlyList<Value>)x;
        Value[] y = [];
        foreach (var layer in layers) { y = layer.Forward(h); h = y; }
        return y;
    }

    /// <summary>Builds the graph on constant inputs (each double becomes a leaf whose gradient is ignored).</summary>
    public Value[] Forward(ReadOnlySpan<double> x)
    {
        var v = new Value[x.Length];
        for (int i = 0; i < v.Length; i++) v[i] = new Value(x[i]);
        return Forward(v);
    }

    /// <summary>The network on plain doubles, without building a graph: fast inference for plotting and accuracy.</summary>
    public double[] Evaluate(ReadOnlySpan<double> x)
    {
        double[] h = x.ToArray();
        foreach (var layer in layers) h = layer.Evaluate(h);
        return h;
    }

    /// <summary>All layers' parameters, layer by layer (<c>mlp.parameters()</c>).</summary>
    public override IReadOnlyList<Value> Parameters() => layers.SelectMany(l => l.Parameters()).ToArray();

    /// <summary>E.g. <c>MLP[Layer(2 -> 16, Relu), Layer(16 -> 1, Linear)]</c>.</summary>
    public override string ToString() => $"MLP[{string.Join(", ", layers.Select(l => l.ToString()))}]";
}
