namespace Glassbox.NN;

/// <summary>
/// A multi-layer long short-term memory network (Hochreiter &amp; Schmidhuber, 1997; <c>torch.nn.LSTM</c>). Per layer
/// and time step, with gates in PyTorch's order (i, f, g, o):
/// (i, f, g, o) = (σ, σ, tanh, σ)(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
/// With <c>projSize</c> P &gt; 0 (Sak et al., 2014) h' is projected: h' = (o ⊙ tanh(c'))·W_hrᵀ, so h has size P
/// while c keeps size H.
/// </summary>
/// <remarks>
/// <para>
/// The cell state c is carried forward by f ⊙ c: an additive path through time whose gradient is scaled by the forget
/// gate, not squashed through a nonlinearity and W_hh at every step as in <see cref="RNN"/>. That is why gradients
/// survive over many steps (see docs/sequence-models.md).
/// </para>
/// <para>
/// Shapes as for <see cref="RNN"/> with P = proj_size or H: h0/h_n [L·D, B, P], c0/c_n [L·D, B, H], output
/// [T, B, D·P]. Parameters: <c>weight_ih_l{k}</c> [4H, in] = (W_ii | W_if | W_ig | W_io), <c>weight_hh_l{k}</c>
/// [4H, P], <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> [4H], <c>weight_hr_l{k}</c> [P, H] with a projection, and
/// <c>_reverse</c> for the backward direction; all ~ U(−1/√H, 1/√H). Variable-length batches as for <see cref="RNN"/>.
/// </para>
/// </remarks>
public sealed class LSTM : Module<Tensor, (Tensor H, Tensor C)?, (Tensor Output, (Tensor H, Tensor C) State)>
{
    private readonly RecurrentStack stack;
    private readonly Generator? generator;

    /// <summary>Creates the network and initialises it from <paramref name="generator"/> (also used for dropout masks).</summary>
    public LSTM(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0.0,
        bool bidirectional = false, int projSize = 0, DType dtype = DType.Float32, Generator? generator = null)
    {
        this.generator = generator;
        stack = new RecurrentStack("LSTM", RecurrentKind.Lstm, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize,
            dtype, RegisterParameter, generator);
    }

    /// <summary>Features of each input step (<c>input_size</c>).</summary>
    public int InputSize => stack.InputSize;
    /// <summary>Size of the cell state H (<c>hidden_size</c>).</summary>
    public int HiddenSize => stack.HiddenSize;
    /// <summary>Size of h when projected (<c>proj_size</c>), 0 for none.</summary>
    public int ProjSize => stack.ProjSize;
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

    /// <summary>Runs the network; the state (h0, c0) defaults to zeros. Returns (output, (h_n, c_n)).</summary>
    public override (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input, (Tensor H, Tensor C)? state = null) => Forward(input, state, (int[]?)null);

    /// <summary>Runs a padded batch of sequences of the given <paramref name="lengths"/> as if each ran alone.</summary>
    public (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input, (Tensor H, Tensor C)? state, int[]? lengths)
    {
        var (y, h, c) = stack.Run(input, state?.H, state?.C, lengths, Training, UseFusedKernel, generator);
        return (y, (h, c!));
    }

    /// <summary>As <see cref="Forward(Tensor, ValueTuple{Tensor, Tensor}?, int[])"/> with the lengths in a 1-D int64 tensor.</summary>
    public (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input, (Tensor H, Tensor C)? state, Tensor lengths)
        => Forward(input, state, RecurrentStack.Lengths(lengths, "LSTM"));

    /// <inheritdoc/>
    protected override string ExtraRepr() => stack.Repr();
}
