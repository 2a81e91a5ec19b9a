using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// A recurrent encoder–decoder with additive attention (after Bahdanau et al. 2015): a GRU reads the embedded source;
/// a GRU cell decodes one target token at a time, each step attending over the encoder states.
/// </summary>
/// <remarks>
/// <para>
/// One decoder step, with y the previous token, c the previous context (zeros at the start) and h the decoder state
/// (the encoder's final state at the start): h' = GRUCell([embed(y); c], h); (c', a) = attention(h', encoder states,
/// source padding mask); logits = out([h'; c']). Feeding the previous context back in ("input feeding", Luong et al.
/// 2015) tells the decoder where it looked last, which is what lets it move along the source in order.
/// </para>
/// <para>
/// Training uses teacher forcing: <see cref="Forward"/> feeds the true previous token at every step, so one call
/// scores a whole target; decoding (<see cref="GreedyDecode"/>, <see cref="Step"/> with <see cref="SequenceSearch"/>)
/// feeds the model's own output instead. Ids are int64, batch-first: source [B, S] with per-row lengths (positions at
/// or past a row's length are padding and get zero attention weight), target [B, T].
/// </para>
/// <para>
/// Submodules: <c>src_embed</c>, <c>encoder</c> (<see cref="GRU"/>, batch-first), <c>tgt_embed</c>, <c>decoder</c>
/// (<see cref="GRUCell"/> over E + H inputs), <c>attention</c> (<see cref="BahdanauAttention"/>), <c>out</c>
/// (<see cref="Linear"/> 2H → V).
/// </para>
/// </remarks>
public sealed class GruAttentionSeq2Seq : Module<Tensor, int[], Tensor, Tensor>
{
    /// <summary>Builds the model with PyTorch-default initialisation drawn from <paramref name="generator"/>.</summary>
    public GruAttentionSeq2Seq(int sourceVocab, int targetVocab, int embedDim, int hiddenSize, int attentionDim, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (sourceVocab <= 0 || targetVocab <= 0 || embedDim <= 0 || hiddenSize <= 0 || attentionDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(sourceVocab), "GruAttentionSeq2Seq: vocabulary and layer sizes must be positive");
        HiddenSize = hiddenSize;
        SourceEmbed = RegisterModule("src_embed", new Embedding(sourceVocab, embedDim, dtype, generator));
        Encoder = RegisterModule("encoder", new GRU(embedDim, hiddenSize, batchFirst: true, dtype: dtype, generator: generator));
        TargetEmbed = RegisterModule("tgt_embed", new Embedding(targetVocab, embedDim, dtype, generator));
        Decoder = RegisterModule("decoder", new GRUCell(embedDim + hiddenSize, hiddenSize, dtype: dtype, generator: generator));
        Attention = RegisterModule("attention", new BahdanauAttention(hiddenSize, hiddenSize, attentionDim, dtype, generator));
        Out = RegisterModule("out", new Linear(2 * hiddenSize, targetVocab, dtype: dtype, generator: generator));
    }

    /// <summary>Hidden size H of encoder and decoder.</summary>
    public int HiddenSize { get; }
    /// <summary>Source token embedding.</summary>
    public Embedding SourceEmbed { get; }
    /// <summary>The encoder GRU.</summary>
    public GRU Encoder { get; }
    /// <summary>Target token embedding.</summary>
    public Embedding TargetEmbed { get; }
    /// <summary>The decoder cell.</summary>
    public GRUCell Decoder { get; }
    /// <summary>Attention of the decoder state over the encoder states.</summary>
    public BahdanauAttention Attention { get; }
    /// <summary>Output layer [h; c] → logits.</summary>
    public Linear Out { get; }

    /// <summary>The encoded source: encoder states [B, S, H], padding mask [B, S] (true at padding) and the initial decoder state.</summary>
    public sealed record Memory(Tensor States, Tensor PaddingMask, Tensor FinalState);

    /// <summary>The decoder's state between steps: hidden state [B, H] and last context [B, H].</summary>
    public sealed record DecoderState(Tensor Hidden, Tensor Context);

    /// <summary>Runs the encoder over source ids [B, S] with per-row <paramref name="lengths"/>.</summary>
    public Memory Encode(Tensor source, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(lengths);
        if (source.NDim != 2 || lengths.Length != source.Size(0))
            throw new ArgumentException($"GruAttentionSeq2Seq: expected source ids [B, S] and B lengths, got {ShapeUtil.Format(source.ShapeArray)} and {lengths.Length} lengths");
        var (states, h) = Encoder.Forward(SourceEmbed.Call(source), null, lengths);
        return new Memory(states, PaddingMask(lengths, source.Size(1)), h.Select(0, 0));
    }

    /// <summary>The decoder state before the first target token.</summary>
    public DecoderState Start(Memory memory) => new(memory.FinalState, Tensor.ZerosLike(memory.FinalState));

    /// <summary>One decoder step for tokens [B]: logits [B, V], attention weights [B, S] and the next state.</summary>
    public (Tensor Logits, Tensor Weights, DecoderState Next) Step(Tensor tokens, DecoderState state, Memory memory)
    {
        var input = Tensor.Cat([TargetEmbed.Call(tokens), state.Context], 1);
        var h = Decoder.Call(input, state.Hidden);
        var (context, weights) = Attention.Call(h, memory.States, memory.PaddingMask);
        return (Out.Call(Tensor.Cat([h, context], 1)), weights, new DecoderState(h, context));
    }

    /// <summary>Teacher-forced logits [B, T, V] for source [B, S] with <paramref name="lengths"/> and decoder inputs [B, T] (start token, then the target shifted right).</summary>
    public override Tensor Forward(Tensor source, int[] lengths, Tensor targetInput) => ForwardWithAttention(source, lengths, targetInput).Logits;

    /// <summary>As <see cref="Forward"/>, also returning the attention weights [B, T, S] (rows: target steps, columns: source positions).</summary>
    public (Tensor Logits, Tensor Weights) ForwardWithAttention(Tensor source, int[] lengths, Tensor targetInput)
    {
        ArgumentNullException.ThrowIfNull(targetInput);
        if (targetInput.NDim != 2 || targetInput.Size(0) != source.Size(0))
            throw new ArgumentException($"GruAttentionSeq2Seq: expected target ids [{source.Size(0)}, T], got {ShapeUtil.Format(targetInput.ShapeArray)}");
        var memory = Encode(source, lengths);
        var state = Start(memory);
        int t = targetInput.Size(1);
        var logits = new Tensor[t];
        var weights = new Tensor[t];
        for (int i = 0; i < t; i++)
        {
            (logits[i], weights[i], state) = Step(targetInput.Select(1, i), state, memory);
        }
        return (Tensor.Stack(logits, 1), Tensor.Stack(weights, 1));
    }

    /// <summary>
    /// Greedy decoding of the whole batch: feeds <paramref name="startToken"/>, then each step's argmax, for
    /// <paramref name="maxLength"/> steps; each row is cut after its first <paramref name="endToken"/> (kept out of the
    /// result). Runs without recording gradients.
    /// </summary>
    public int[][] GreedyDecode(Tensor source, int[] lengths, int startToken, int endToken, int maxLength)
    {
        using var noGrad = Glassbox.Autograd.GradMode.NoGrad();
        var memory = Encode(source, lengths);
        var state = Start(memory);
        int b = source.Size(0);
        var outputs = new List<int>[b];
        var done = new bool[b];
        for (int i = 0; i < b; i++) outputs[i] = [];
        var tokens = Tensor.FromArray(Enumerable.Repeat((long)startToken, b).ToArray(), b);
        for (int step = 0; step < maxLength && done.Contains(false); step++)
        {
            (var logits, _, state) = Step(tokens, state, memory);
            var next = logits.ArgMax(1).ToArray<long>();
            for (int i = 0; i < b; i++)
            {
                if (done[i]) continue;
                if (next[i] == endToken) done[i] = true;
                else outputs[i].Add((int)next[i]);
            }
            tokens = Tensor.FromArray(next, b);
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    /// <summary>
    /// A <see cref="DecodeStep{TState}"/> for one source sequence (row 0 of <paramref name="memory"/>), for
    /// <see cref="SequenceSearch"/>: log-softmax of the step's logits, in float64. Call it under no-grad.
    /// </summary>
    public DecodeStep<DecoderState> StepFunction(Memory memory) => (token, state) =>
    {
        var (logits, _, next) = Step(Tensor.FromArray([(long)token], 1), state, memory);
        return (logits.LogSoftmax(1).ToDoubleArray(), next);
    };

    /// <summary>Bool [B, S], true at positions at or past each row's length.</summary>
    public static Tensor PaddingMask(int[] lengths, int sourceLength)
    {
        var m = new bool[lengths.Length * sourceLength];
        for (int i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] < 1 || lengths[i] > sourceLength)
                throw new ArgumentException($"GruAttentionSeq2Seq: length {lengths[i]} of row {i} is outside 1..{sourceLength}");
            for (int s = lengths[i]; s < sourceLength; s++) m[i * sourceLength + s] = true;
        }
        return Tensor.FromArray(m, lengths.Length, sourceLength);
    }
}
