namespace Glassbox.NN;

/// <summary>
/// A multi-layer Elman recurrent network (<c>torch.nn.RNN</c>): per layer and time step
/// h_t = act(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh) with act = tanh or relu; each layer's outputs h_t are the next
/// layer's inputs.
/// </summary>
/// <remarks>
/// <para>
/// Shapes (T = sequence length, B = batch, D = 2 if bidirectional else 1, L = num_layers): input [T, B, input_size]
/// ([B, T, input_size] with batch_first, [T, input_size] unbatched); h0 and h_n [L·D, B, H] (never batch-first;
/// [L·D, H] unbatched); output [T, B, D·H], the last layer's h_t of both directions concatenated (forward first).
/// </para>
/// <para>
/// Parameters, state-dict keys and init as PyTorch: per layer k and direction, <c>weight_ih_l{k}</c> [H, in]
/// (in = input_size for layer 0, D·H above), <c>weight_hh_l{k}</c> [H, H], <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>
/// [H] (absent with bias = false), the reverse direction's with the suffix <c>_reverse</c>; all ~ U(−1/√H, 1/√H).
/// Dropout, when set, is applied to the outputs of every layer but the last, in training mode only.
/// </para>
/// <para>
/// Variable-length batches: pass <c>lengths</c> (one per sequence, each in [1, T]) instead of packing. The result equals
/// running every sequence alone: outputs past a sequence's length are zero, h_n holds each sequence's state at its own
/// last step, and the reverse direction starts from each sequence's own last element. (PyTorch's
/// <c>pack_padded_sequence</c> → RNN → <c>pad_packed_sequence</c>, when max(lengths) = T.)
/// </para>
/// </remarks>
public sealed class RNN : Module<Tensor, Tensor?, (Tensor Output, Tensor H)>
{
    private readonly RecurrentStack stack;
    private readonly Generator? generator;

    /// <summary>Creates the network and initialises it from <paramref name="generator"/> (also used for dropout masks).</summary>
    public RNN(int inputSize, int hiddenSize, int numLayers = 1, Nonlinearity nonlinearity = Nonlinearity.Tanh, bool bias = true,
        bool batchFirst = false, double dropout = 0.0, bool bidirectional = false, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (nonlinearity != Nonlinearity.Tanh && nonlinearity != Nonlinearity.Relu)
            throw new ArgumentException($"RNN: unknown nonlinearity '{nonlinearity}'; use Nonlinearity.Tanh or Nonlinearity.Relu");
        Nonlinearity = nonlinearity;
        this.generator = generator;
        stack = new RecurrentStack("RNN", nonlinearity == Nonlinearity.Relu ? RecurrentKind.RnnRelu : RecurrentKind.RnnTanh, inputSize, hiddenSize,
            numLayers, bias, batchFirst, dropout, bidirectional, 0, dtype, RegisterParameter, generator);
    }

    /// <summary>Features of each input step (<c>input_size</c>).</summary>
    public int InputSize => stack.InputSize;
    /// <summary>Size of the hidden state H (<c>hidden_size</c>).</summary>
    public int HiddenSize => stack.HiddenSize;
    /// <summary>Number of stacked layers (<c>num_layers</c>).</summary>
    public int NumLayers => stack.NumLayers;
    /// <summary>tanh or relu.</summary>
    public Nonlinearity Nonlinearity { get; }
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
    public (Tensor Output, Tensor H) Forward(Tensor input, Tensor? h0, Tensor lengths) => Forward(input, h0, RecurrentStack.Lengths(lengths, "RNN"));

    /// <inheritdoc/>
    protected override string ExtraRepr() => stack.Repr();
}
