namespace Glassbox.NN;

/// <summary>
/// One step of a GRU (<c>torch.nn.GRUCell</c>): r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r ⊙ h_n),
/// h' = (1 − z) ⊙ n + z ⊙ h, where x_· are the three blocks of x·W_ihᵀ + b_ih and h_· those of h·W_hhᵀ + b_hh.
/// </summary>
/// <remarks>
/// Parameters as PyTorch: <c>weight_ih</c> [3H, in], <c>weight_hh</c> [3H, H], <c>bias_ih</c>, <c>bias_hh</c> [3H] in
/// gate order (r, z, n), all ~ U(−1/√H, 1/√H). See <see cref="GRU"/> for where the reset gate applies.
/// </remarks>
public sealed class GRUCell : RNNCellBase<Tensor?, Tensor>
{
    /// <summary>Creates the cell and initialises it from <paramref name="generator"/>.</summary>
    public GRUCell(int inputSize, int hiddenSize, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
        : base("GRUCell", 3, inputSize, hiddenSize, bias, dtype, generator)
    {
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
