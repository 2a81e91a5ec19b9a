namespace Glassbox.NN;

/// <summary>
/// One step of an Elman RNN (<c>torch.nn.RNNCell</c>): h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), act = tanh or relu.
/// Input [B, input_size] (or [input_size] unbatched), h [B, H]; h defaults to zeros.
/// </summary>
/// <remarks>
/// Parameters as PyTorch: <c>weight_ih</c> [H, in], <c>weight_hh</c> [H, H], <c>bias_ih</c>, <c>bias_hh</c> [H], all
/// ~ U(−1/√H, 1/√H). Composed from Tensor ops; to run a whole sequence use <see cref="RNN"/>, which fuses the steps.
/// </remarks>
public sealed class RNNCell : RNNCellBase<Tensor?, Tensor>
{
    /// <summary>Creates the cell and initialises it from <paramref name="generator"/>.</summary>
    public RNNCell(int inputSize, int hiddenSize, bool bias = true, Nonlinearity nonlinearity = Nonlinearity.Tanh, DType dtype = DType.Float32, Generator? generator = null)
        : base("RNNCell", 1, inputSize, hiddenSize, bias, dtype, generator)
    {
        if (nonlinearity != Nonlinearity.Tanh && nonlinearity != Nonlinearity.Relu)
            throw new ArgumentException($"RNNCell: unknown nonlinearity '{nonlinearity}'; use Nonlinearity.Tanh or Nonlinearity.Relu");
        Nonlinearity = nonlinearity;
    }

    /// <summary>tanh or relu.</summary>
    public Nonlinearity Nonlinearity { get; }

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
