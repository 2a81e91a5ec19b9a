namespace Glassbox.Scalar;

/// <summary>
/// A fully connected layer of independent <see cref="Neuron"/>s that all see the same input
/// (<c>micrograd.nn.Layer</c>; <c>torch.nn.Linear(nin, nout)</c> plus an activation): yⱼ = φ(wⱼ·x + bⱼ).
/// </summary>
public sealed class Layer : ScalarModule
{
    private readonly Neuron[] neurons;

    /// <summary>Creates <paramref name="nout"/> neurons with <paramref name="nin"/> inputs each.</summary>
    /// <param name="nin">Inputs per neuron (≥ 1).</param>
    /// <param name="nout">Number of neurons, i.e. outputs (≥ 1).</param>
    /// <param name="activation">The nonlinearity of every neuron.</param>
    /// <param name="uniform">Uniform [0, 1) draws for the weights (see <see cref="Neuron"/>); <see cref="Random.Shared"/> when null.</param>
    public Layer(int nin, int nout, Activation activation = Activation.Relu, Func<double>? uniform = null)
    {
        if (nout < 1) throw new ArgumentOutOfRangeException(nameof(nout), $"Layer: nout must be >= 1, got {nout}");
        neurons = new Neuron[nout];
        for (int j = 0; j < nout; j++) neurons[j] = new Neuron(nin, activation, uniform);
    }

    /// <summary>The neurons, one per output.</summary>
    public IReadOnlyList<Neuron> Neurons => neurons;

    /// <summary>Number of inputs.</summary>
    public int InFeatures => neurons[0].InFeatures;

    /// <summary>Number of outputs.</summary>
    public int OutFeatures => neurons.Length;

    /// <summary>Builds the graph of every neuron on <paramref name="x"/> (<c>layer(x)</c>).</summary>
    public Value[] Forward(IReadOnlyList<Value> x)
    {
        var y = new Value[neurons.Length];
        for (int j = 0; j < y.Length; j++) y[j] = neurons[j].Forward(x);
        return y;
    }

    /// <summary>The layer on plain doubles, without building a graph.</summary>
    public double[] Evaluate(ReadOnlySpan<double> x)
    {
        var y = new double[neurons.Length];
        for (int j = 0; j < y.Length; j++) y[j] = neurons[j].Evaluate(x);
        return y;
    }

    /// <summary>All neurons' parameters, neuron by neuron (<c>layer.parameters()</c>).</summary>
    public override IReadOnlyList<Value> Parameters() => neurons.SelectMany(n => n.Parameters()).ToArray();

    /// <summary>E.g. <c>Layer(2 -> 16, Relu)</c>.</summary>
    public override string ToString() => $"Layer({InFeatures} -> {OutFeatures}, {neurons[0].Activation})";
}
