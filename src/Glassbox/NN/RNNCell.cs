namespace Glassbox.NN;

/// <summary>
/// One step of an Elman RNN (<c>torch.nn.RNNCell</c>): h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), act = tanh or relu.
/// Input [B, input_size] (or [input_size] unbatched), h [B, H]; h defaults to zeros.
/// </summary>
/// <remarks>
/// Parameters as PyTorch: <c>weight_ih</c> [H, in], <c>weight_hh</c> [H, H], <c>bias_ih</c>, <c>bias_hh</c> [H], all
/// ~ U(−1/√H, 1/√H). Composed from Tensor ops; to run a whole sequence use <see cref="RNN"/>, which fuses the steps.
/// </remarks>
public sealed class RNNCell : Module<Tensor, Tensor?, Tensor>
{
    /// <summary>Creates the cell and initialises it from <paramref name="generator"/>.</summary>
    public RNNCell(int inputSize, int hiddenSize, bool bias = true, Nonlinearity nonlinearity = Nonlinearity.Tanh, DType dtype = DType.Float32, Generator? generator = null)
    {
        RecurrentCellCheck.Sizes("RNNCell", inputSize, hiddenSize, dtype);
        if (nonlinearity != Nonlinearity.Tanh && nonlinearity != Nonlinearity.Relu)
            throw new ArgumentException($"RNNCell: unknown nonlinearity '{nonlinearity}'; use Nonlinearity.Tanh or Nonlinearity.Relu");
        (InputSize, HiddenSize, Nonlinearity) = (inputSize, hiddenSize, nonlinearity);
        WeightIh = RegisterParameter("weight_ih", Tensor.Zeros([hiddenSize, inputSize], dtype));
        WeightHh = RegisterParameter("weight_hh", Tensor.Zeros([hiddenSize, hiddenSize], dtype));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Tensor.Zeros([hiddenSize], dtype));
            BiasHh = RegisterParameter("bias_hh", Tensor.Zeros([hiddenSize], dtype));
        }
        else { RegisterNullParameter("bias_ih"); RegisterNullParameter("bias_hh"); }
        ResetParameters(generator);
    }

    /// <summary>Features of the input (<c>input_size</c>).</summary>
    public int InputSize { get; }
    /// <summary>Size of the hidden state (<c>hidden_size</c>).</summary>
    public int HiddenSize { get; }
    /// <summary>tanh or relu.</summary>
    public Nonlinearity Nonlinearity { get; }
    /// <summary>W_ih [H, in].</summary>
    public Tensor WeightIh { get; }
    /// <summary>W_hh [H, H].</summary>
    public Tensor WeightHh { get; }
    /// <summary>b_ih [H], or null without bias.</summary>
    public Tensor? BiasIh { get; }
    /// <summary>b_hh [H], or null without bias.</summary>
    public Tensor? BiasHh { get; }

    /// <summary>Re-draws every parameter from U(−1/√H, 1/√H) (<c>reset_parameters</c>).</summary>
    public void ResetParameters(Generator? generator = null)
    {
        double k = 1.0 / Math.Sqrt(HiddenSize);
        foreach (var p in Parameters()) Init.Uniform(p, -k, k, generator);
    }

    /// <summary>One step: returns h'.</summary>
    public override Tensor Forward(Tensor input, Tensor? hx = null)
    {
        var (x, batched) = RecurrentCellCheck.Input("RNNCell", input, InputSize, WeightIh.DType);
        var h = RecurrentCellCheck.State("RNNCell", "hx", hx, x, batched, HiddenSize);
        var y = Recurrence.RnnStep(x, h, WeightIh, WeightHh, BiasIh, BiasHh, Nonlinearity == Nonlinearity.Relu);
        return batched ? y : y.Squeeze(0);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{InputSize}, {HiddenSize}" + (BiasIh is null ? ", bias=False" : "") + (Nonlinearity == Nonlinearity.Relu ? ", nonlinearity=relu" : "");
}
