namespace Glassbox.NN;

/// <summary>
/// One step of an LSTM (<c>torch.nn.LSTMCell</c>): (i, f, g, o) = (σ, σ, tanh, σ)(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh),
/// c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'). The state (h, c) defaults to zeros; returns (h', c').
/// </summary>
/// <remarks>
/// Parameters as PyTorch: <c>weight_ih</c> [4H, in], <c>weight_hh</c> [4H, H], <c>bias_ih</c>, <c>bias_hh</c> [4H] in
/// gate order (i, f, g, o), all ~ U(−1/√H, 1/√H).
/// </remarks>
public sealed class LSTMCell : RNNCellBase<(Tensor H, Tensor C)?, (Tensor H, Tensor C)>
{
    /// <summary>Creates the cell and initialises it from <paramref name="generator"/>.</summary>
    public LSTMCell(int inputSize, int hiddenSize, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
        : base("LSTMCell", 4, inputSize, hiddenSize, bias, dtype, generator)
    {
    }


    /// <summary>One step: returns (h', c').</summary>
    public override (Tensor H, Tensor C) Forward(Tensor input, (Tensor H, Tensor C)? state = null)
    {
        var (x, batched) = RecurrentCellCheck.Input("LSTMCell", input, InputSize, WeightIh.DType);
        var h = RecurrentCellCheck.State("LSTMCell", "hx", state?.H, x, batched, HiddenSize);
        var c = RecurrentCellCheck.State("LSTMCell", "cx", state?.C, x, batched, HiddenSize);
        var (h2, c2) = Recurrence.LstmStep(x, h, c, WeightIh, WeightHh, BiasIh, BiasHh, null);
        return batched ? (h2, c2) : (h2.Squeeze(0), c2.Squeeze(0));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}" + (BiasIh is null ? ", bias=False" : "");
}
