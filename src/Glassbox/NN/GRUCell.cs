namespace Glassbox.NN;

/// <summary>
/// One step of a GRU (<c>torch.nn.GRUCell</c>): r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r ⊙ h_n),
/// h' = (1 − z) ⊙ n + z ⊙ h, where x_· are the three blocks of x·W_ihᵀ + b_ih and h_· those of h·W_hhᵀ + b_hh.
/// </summary>
/// <remarks>
/// Parameters as PyTorch: <c>weight_ih</c> [3H, in], <c>weight_hh</c> [3H, H], <c>bias_ih</c>, <c>bias_hh</c> [3H] in
/// gate order (r, z, n), all ~ U(−1/√H, 1/√H). See <see cref="GRU"/> for where the reset gate applies.
/// </remarks>
public sealed class GRUCell : Module<Tensor, Tensor?, Tensor>
{
    /// <summary>Creates the cell and initialises it from <paramref name="generator"/>.</summary>
    public GRUCell(int inputSize, int hiddenSize, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        RecurrentCellCheck.Sizes("GRUCell", inputSize, hiddenSize, dtype);
        (InputSize, HiddenSize) = (inputSize, hiddenSize);
        WeightIh = RegisterParameter("weight_ih", Tensor.Zeros([3 * hiddenSize, inputSize], dtype));
        WeightHh = RegisterParameter("weight_hh", Tensor.Zeros([3 * hiddenSize, hiddenSize], dtype));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Tensor.Zeros([3 * hiddenSize], dtype));
            BiasHh = RegisterParameter("bias_hh", Tensor.Zeros([3 * hiddenSize], dtype));
        }
        else { RegisterNullParameter("bias_ih"); RegisterNullParameter("bias_hh"); }
        ResetParameters(generator);
    }

    /// <summary>Features of the input (<c>input_size</c>).</summary>
    public int InputSize { get; }
    /// <summary>Size of the hidden state (<c>hidden_size</c>).</summary>
    public int HiddenSize { get; }
    /// <summary>W_ih [3H, in].</summary>
    public Tensor WeightIh { get; }
    /// <summary>W_hh [3H, H].</summary>
    public Tensor WeightHh { get; }
    /// <summary>b_ih [3H], or null without bias.</summary>
    public Tensor? BiasIh { get; }
    /// <summary>b_hh [3H], or null without bias.</summary>
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
        var (x, batched) = RecurrentCellCheck.Input("GRUCell", input, InputSize, WeightIh.DType);
        var h = RecurrentCellCheck.State("GRUCell", "hx", hx, x, batched, HiddenSize);
        var y = Recurrence.GruStep(x, h, WeightIh, WeightHh, BiasIh, BiasHh);
        return batched ? y : y.Squeeze(0);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}" + (BiasIh is null ? ", bias=False" : "");
}
