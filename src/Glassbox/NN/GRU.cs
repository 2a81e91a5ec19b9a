namespace Glassbox.NN;

/// <summary>
/// A multi-layer gated recurrent unit network (Cho et al., 2014; <c>torch.nn.GRU</c>). Per layer and time step,
/// with gates in PyTorch's order (r, z, n):
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
/// </summary>
/// <remarks>
/// <para>
/// The reset gate multiplies the hidden term after its matrix product and bias (r ⊙ (W_hn h + b_hn)), as PyTorch and
/// cuDNN do, not before it (W_hn (r ⊙ h), the original paper's form); the two give different models.
/// </para>
/// <para>
/// Shapes, options and variable-length batches are as for <see cref="RNN"/>. Parameters: <c>weight_ih_l{k}</c>
/// [3H, in] = (W_ir | W_iz | W_in) stacked, <c>weight_hh_l{k}</c> [3H, H], <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>
/// [3H], <c>_reverse</c> for the backward direction; all ~ U(−1/√H, 1/√H).
/// </para>
/// </remarks>
public sealed class GRU : Module<Tensor, Tensor?, (Tensor Output, Tensor H)>
{
    private readonly RecurrentStack stack;
    private readonly Generator? generator;

    /// <summary>Creates the network and initialises it from <paramref name="generator"/> (also used for dropout masks).</summary>
    public GRU(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0.0,
        bool bidirectional = false, DType dtype = DType.Float32, Generator? generator = null)
    {
        this.generator = generator;
        stack = new RecurrentStack("GRU", RecurrentKind.Gru, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0,
            dtype, RegisterParameter, generator);
    }

    /// <summary>Features of each input step (<c>input_size</c>).</summary>
    public int InputSize => stack.InputSize;
    /// <summary>Size of the hidden state H (<c>hidden_size</c>).</summary>
    public int HiddenSize => stack.HiddenSize;
    /// <summary>Number of stacked layers (<c>num_layers</c>).</summary>
    public int NumLayers => stack.NumLayers;
    /// <summary>Whether the layers have biases.</summary>
    public bool Bias => stack.Bias;
    /// <summary>Whether input and output are [B, T, ·] (<c>batch_first</c>).</summary>
    public bool BatchFirst => stack.BatchFirst;
    /// <summary>Dropout probability between layers.</summary>
    public double Dropout => stack.Dropout;
    /// <summary>Whether each layer also runs the sequence backwards.</summary>
    public bool Bidirectional => stack.Bidirectional;

    /// <summary>
    /// True (default): each layer and direction runs as one fused node (GEMMs + gate kernels, hand-written BPTT).
    /// False: the cell composed of Tensor ops, step by step — the reference the fused path is tested against.
    /// </summary>
    public bool UseFusedKernel { get; set; } = true;

    /// <summary>Re-draws every parameter from U(−1/√H, 1/√H) (<c>reset_parameters</c>).</summary>
    public void ResetParameters(Generator? generator = null) => stack.Reset(generator);

    /// <summary>Runs the network; <paramref name="h0"/> defaults to zeros. Returns (output, h_n).</summary>
    public override (Tensor Output, Tensor H) Forward(Tensor input, Tensor? h0 = null) => Forward(input, h0, (int[]?)null);

    /// <summary>Runs a padded batch of sequences of the given <paramref name="lengths"/> as if each ran alone.</summary>
    public (Tensor Output, Tensor H) Forward(Tensor input, Tensor? h0, int[]? lengths)
    {
        var (y, h, _) = stack.Run(input, h0, null, lengths, Training, UseFusedKernel, generator);
        return (y, h);
    }

    /// <summary>As <see cref="Forward(Tensor, Tensor?, int[])"/> with the lengths in a 1-D int64 tensor.</summary>
    public (Tensor Output, Tensor H) Forward(Tensor input, Tensor? h0, Tensor lengths) => Forward(input, h0, RecurrentStack.Lengths(lengths, "GRU"));

    /// <inheritdoc/>
    protected override string ExtraRepr() => stack.Repr();
}
