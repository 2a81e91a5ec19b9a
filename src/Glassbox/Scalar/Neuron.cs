namespace Glassbox.Scalar;

/// <summary>
/// One artificial neuron: y = φ(w·x + b) = φ(Σᵢ wᵢxᵢ + b), with φ its <see cref="Activation"/>
/// (<c>micrograd.nn.Neuron</c>; one output unit of <c>torch.nn.Linear</c> followed by the nonlinearity).
/// </summary>
/// <remarks>
/// Weights are drawn uniformly from [−1, 1) and the bias starts at 0, as in micrograd. (PyTorch's Linear uses
/// U(−1/√nin, 1/√nin) instead; for the tiny fan-ins of the scalar demos the difference does not matter.)
/// </remarks>
public sealed class Neuron : ScalarModule
{
    private readonly Value[] w;
    private readonly Value b;

    /// <summary>Creates a neuron with <paramref name="nin"/> inputs.</summary>
    /// <param name="nin">Number of inputs (≥ 1).</param>
    /// <param name="activation">The nonlinearity φ.</param>
    /// <param name="uniform">Draws uniformly from [0, 1) for the weights, wᵢ = 2u − 1 ~ U(−1, 1) as micrograd's
    /// <c>random.uniform(-1, 1)</c>; pass a seeded source (<c>new Generator(1).NextDouble</c>) to reproduce a run.
    /// <see cref="Random.Shared"/> when null. A delegate rather than a Glassbox type keeps the scalar engine free of
    /// every other part of the library.</param>
    public Neuron(int nin, Activation activation = Activation.Relu, Func<double>? uniform = null)
    {
        if (nin < 1) throw new ArgumentOutOfRangeException(nameof(nin), $"Neuron: nin must be >= 1, got {nin}");
        uniform ??= Random.Shared.NextDouble;
        w = new Value[nin];
        for (int i = 0; i < nin; i++) w[i] = new Value(2.0 * uniform() - 1.0);
        b = new Value(0.0);
        Activation = activation;
    }

    /// <summary>The nonlinearity φ.</summary>
    public Activation Activation { get; }

    /// <summary>Number of inputs.</summary>
    public int InFeatures => w.Length;

    /// <summary>The weights w (length <see cref="InFeatures"/>).</summary>
    public IReadOnlyList<Value> Weights => w;

    /// <summary>The bias b.</summary>
    public Value Bias => b;

    /// <summary>Builds the graph of φ(w·x + b) (<c>neuron(x)</c>).</summary>
    /// <param name="x">Inputs, length <see cref="InFeatures"/>.</param>
    public Value Forward(IReadOnlyList<Value> x)
    {
        if (x.Count != w.Length) throw new ArgumentException($"Neuron.Forward: expected {w.Length} inputs, got {x.Count}", nameof(x));
        // Start from b and add one product at a time: the same order as micrograd's sum(..., self.b).
        Value act = b;
        for (int i = 0; i < w.Length; i++) act += w[i] * x[i];
        return Apply(Activation, act);
    }

    /// <summary>φ(w·x + b) on plain doubles, without building a graph (for inference, e.g. plotting).</summary>
    /// <param name="x">Inputs, length <see cref="InFeatures"/>.</param>
    public double Evaluate(ReadOnlySpan<double> x)
    {
        if (x.Length != w.Length) throw new ArgumentException($"Neuron.Evaluate: expected {w.Length} inputs, got {x.Length}", nameof(x));
        double act = b.Data;
        for (int i = 0; i < w.Length; i++) act += w[i].Data * x[i];
        return Apply(Activation, act);
    }

    /// <summary>The weights followed by the bias (<c>neuron.parameters()</c>).</summary>
    public override IReadOnlyList<Value> Parameters() => [.. w, b];

    /// <summary>E.g. <c>ReluNeuron(2)</c>.</summary>
    public override string ToString() => $"{Activation}Neuron({w.Length})";
}
