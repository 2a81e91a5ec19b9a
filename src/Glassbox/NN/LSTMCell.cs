namespace Glassbox.NN;

/// <summary>
/// One step of an LSTM (<c>torch.nn.LSTMCell</c>): (i, f, g, o) = (σ, σ, tanh, σ)(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh),
/// c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'). The state (h, c) defaults to zeros; returns (h', c').
/// </summary>
/// <remarks>
/// Parameters as PyTorch: <c>weight_ih</c> [4H, in], <c>weight_hh</c> [4H, H], <c>bias_ih</c>, <c>bias_hh</c> [4H] in
/// gate order (i, f, g, o), all ~ U(−1/√H, 1/√H).
/// </remarks>
public sealed class LSTMCell : Module<Tensor, (Tensor H, Tensor C)?, (Tensor H, Tensor C)>
{
    /// <summary>Creates the cell and initialises it from <paramref name="generator"/>.</summary>
    public LSTMCell(int inputSize, int hiddenSize, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        RecurrentCellCheck.Sizes("LSTMCell", inputSize, hiddenSize, dtype);
        (InputSize, HiddenSize) = (inputSize, hiddenSize);
        WeightIh = RegisterParameter("weight_ih", Tensor.Zeros([4 * hiddenSize, inputSize], dtype));
        WeightHh = RegisterParameter("weight_hh", Tensor.Zeros([4 * hiddenSize, hiddenSize], dtype));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Tensor.Zeros([4 * hiddenSize], dtype));
            BiasHh = RegisterParameter("bias_hh", Tensor.Zeros([4 * hiddenSize], dtype));
        }
        else { RegisterNullParameter("bias_ih"); RegisterNullParameter("bias_hh"); }
        ResetParameters(generator);
    }

    /// <summary>Features of the input (<c>input_size</c>).</summary>
    public int InputSize { get; }
    /// <summary>Size of h and c (<c>hidden_size</c>).</summary>
    public int HiddenSize { get; }
    /// <summary>W_ih [4H, in].</summary>
    public Tensor WeightIh { get; }
    /// <summary>W_hh [4H, H].</summary>
    public Tensor WeightHh { get; }
    /// <summary>b_ih [4H], or null without bias.</summary>
    public Tensor? BiasIh { get; }
    /// <summary>b_hh [4H], or null without bias.</summary>
    public Tensor? BiasHh { get; }

    /// <summary>Re-draws every parameter from U(−1/√H, 1/√H) (<c>reset_parameters</c>).</summary>
    public void ResetParameters(Generator? generator = null)
    {
        double k = 1.0 / Math.Sqrt(HiddenSize);
        foreach (var p in Parameters()) Init.Uniform(p, -k, k, generator);
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
