using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// A recurrent encoder–decoder with attention (Bahdanau et al. 2015; Luong et al. 2015): a GRU or LSTM reads the
/// embedded source; a GRU or LSTM cell decodes one target token at a time, each step attending over the encoder
/// states with an additive (Bahdanau) or multiplicative (Luong "general" or "dot") score.
/// </summary>
/// <remarks>
/// <para>
/// One decoder step, with y the previous token, c the previous context (zeros at the start) and s the decoder state
/// (h for a GRU, (h, c_cell) for an LSTM; the encoder's final state at the start): s' = cell([embed(y); c], s);
/// (c', a) = attention(h', encoder states, source padding mask); logits = out([h'; c']). Feeding the previous context
/// back in ("input feeding", Luong et al. 2015) tells the decoder where it looked last, which is what lets it move
/// along the source in order. Both papers are covered by the same step: Bahdanau et al. score with the state before
/// the update and Luong et al. with the state after it; this model uses the updated state h' for every score (Luong's
/// order), so the three scores differ only in the score function. Luong's h̃ = tanh(W_c[c'; h']) before the output
/// layer is folded into <c>out</c>, a single linear map of [h'; c'].
/// </para>
/// <para>
/// Training uses teacher forcing: <see cref="Forward"/> feeds the true previous token at every step, so one call
/// scores a whole target; decoding (<see cref="GreedyDecode"/>, <see cref="Step"/> with <see cref="SequenceSearch"/>)
/// feeds the model's own output instead. Ids are int64, batch-first: source [B, S] with per-row lengths (positions at
/// or past a row's length are padding and get zero attention weight), target [B, T].
/// </para>
/// <para>
/// Submodules: <c>src_embed</c>, <c>encoder</c> (<see cref="GRU"/> or <see cref="LSTM"/>, batch-first),
/// <c>tgt_embed</c>, <c>decoder</c> (<see cref="GRUCell"/> or <see cref="LSTMCell"/> over E + H inputs),
/// <c>attention</c> (<see cref="BahdanauAttention"/> or <see cref="LuongAttention"/>, whose parameters are listed
/// under it; the "dot" score has none), <c>out</c> (<see cref="Linear"/> 2H → V).
/// </para>
/// </remarks>
public sealed class RecurrentSeq2Seq : Module<Tensor, int[], Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor, Tensor?, (Tensor Context, Tensor Weights)> attention;
    private readonly GRU? gruEncoder;
    private readonly LSTM? lstmEncoder;
    private readonly GRUCell? gruDecoder;
    private readonly LSTMCell? lstmDecoder;

    /// <summary>Builds the model with PyTorch-default initialisation drawn from <paramref name="generator"/>.</summary>
    /// <param name="sourceVocab">Source vocabulary size.</param>
    /// <param name="targetVocab">Target vocabulary size V.</param>
    /// <param name="embedDim">Embedding width E (source and target).</param>
    /// <param name="hiddenSize">Hidden size H of encoder and decoder.</param>
    /// <param name="attentionDim">Width of the additive score's hidden layer (used by <see cref="Seq2SeqAttention.Bahdanau"/> only).</param>
    /// <param name="cell">GRU or LSTM.</param>
    /// <param name="score">The attention score.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Source of the initial weights.</param>
    public RecurrentSeq2Seq(int sourceVocab, int targetVocab, int embedDim, int hiddenSize, int attentionDim,
        Seq2SeqCell cell = Seq2SeqCell.Gru, Seq2SeqAttention score = Seq2SeqAttention.Bahdanau, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (sourceVocab <= 0 || targetVocab <= 0 || embedDim <= 0 || hiddenSize <= 0 || attentionDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(sourceVocab), $"RecurrentSeq2Seq: vocabulary and layer sizes must be positive, got source vocab {sourceVocab}, target vocab {targetVocab}, embed {embedDim}, hidden {hiddenSize}, attention {attentionDim}");
        if (!Enum.IsDefined(cell)) throw new ArgumentOutOfRangeException(nameof(cell), $"RecurrentSeq2Seq: unknown cell {cell}");
        HiddenSize = hiddenSize;
        Cell = cell;
        Score = score;
        SourceEmbed = RegisterModule("src_embed", new Embedding(sourceVocab, embedDim, dtype, generator));
        if (cell == Seq2SeqCell.Gru)
            gruEncoder = RegisterModule("encoder", new GRU(embedDim, hiddenSize, batchFirst: true, dtype: dtype, generator: generator));
        else
            lstmEncoder = RegisterModule("encoder", new LSTM(embedDim, hiddenSize, batchFirst: true, dtype: dtype, generator: generator));
        TargetEmbed = RegisterModule("tgt_embed", new Embedding(targetVocab, embedDim, dtype, generator));
        if (cell == Seq2SeqCell.Gru)
            gruDecoder = RegisterModule("decoder", new GRUCell(embedDim + hiddenSize, hiddenSize, dtype: dtype, generator: generator));
        else
            lstmDecoder = RegisterModule("decoder", new LSTMCell(embedDim + hiddenSize, hiddenSize, dtype: dtype, generator: generator));
        attention = score switch
        {
            Seq2SeqAttention.Bahdanau => RegisterModule("attention", new BahdanauAttention(hiddenSize, hiddenSize, attentionDim, dtype, generator)),
            Seq2SeqAttention.LuongGeneral => RegisterModule("attention", new LuongAttention(hiddenSize, hiddenSize, LuongScore.General, dtype, generator)),
            Seq2SeqAttention.LuongDot => RegisterModule("attention", new LuongAttention(hiddenSize, hiddenSize, LuongScore.Dot, dtype, generator)),
            _ => throw new ArgumentOutOfRangeException(nameof(score), $"RecurrentSeq2Seq: unknown attention score {score}"),
        };
        Out = RegisterModule("out", new Linear(2 * hiddenSize, targetVocab, dtype: dtype, generator: generator));
    }

    /// <summary>Hidden size H of encoder and decoder.</summary>
    public int HiddenSize { get; }
    /// <summary>GRU or LSTM.</summary>
    public Seq2SeqCell Cell { get; }
    /// <summary>The attention score.</summary>
    public Seq2SeqAttention Score { get; }
    /// <summary>Source token embedding.</summary>
    public Embedding SourceEmbed { get; }
    /// <summary>Target token embedding.</summary>
    public Embedding TargetEmbed { get; }
    /// <summary>Attention of the decoder state over the encoder states.</summary>
    public Module Attention => attention;
    /// <summary>Output layer [h; c] → logits.</summary>
    public Linear Out { get; }

    /// <summary>
    /// The encoded source: encoder states [B, S, H], padding mask [B, S] (true at padding) and the encoder's final
    /// hidden state [B, H] (and, for an LSTM, its final cell state [B, H]; null for a GRU).
    /// </summary>
    public sealed record Memory(Tensor States, Tensor PaddingMask, Tensor FinalState, Tensor? FinalCell = null);

    /// <summary>The decoder's state between steps: hidden state [B, H], LSTM cell state [B, H] (null for a GRU) and last context [B, H].</summary>
    public sealed record DecoderState(Tensor Hidden, Tensor Context, Tensor? Cell = null);

    /// <summary>Runs the encoder over source ids [B, S] with per-row <paramref name="lengths"/>.</summary>
    public Memory Encode(Tensor source, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(lengths);
        if (source.NDim != 2 || lengths.Length != source.Size(0))
            throw new ArgumentException($"RecurrentSeq2Seq: expected source ids [B, S] and B lengths, got {ShapeUtil.Format(source.ShapeArray)} and {lengths.Length} lengths");
        var mask = PaddingMask(lengths, source.Size(1));
        var embedded = SourceEmbed.Call(source);
        if (gruEncoder is not null)
        {
            var (states, h) = gruEncoder.Forward(embedded, null, lengths);
            return new Memory(states, mask, h.Select(0, 0));
        }
        var (lstmStates, (hl, cl)) = lstmEncoder!.Forward(embedded, null, lengths);
        return new Memory(lstmStates, mask, hl.Select(0, 0), cl.Select(0, 0));
    }

    /// <summary>The decoder state before the first target token.</summary>
    public DecoderState Start(Memory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return new(memory.FinalState, Tensor.ZerosLike(memory.FinalState), memory.FinalCell);
    }

    /// <summary>One decoder step for tokens [B]: logits [B, V], attention weights [B, S] and the next state.</summary>
    public (Tensor Logits, Tensor Weights, DecoderState Next) Step(Tensor tokens, DecoderState state, Memory memory)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(memory);
        var input = Tensor.Cat([TargetEmbed.Call(tokens), state.Context], 1);
        Tensor h;
        Tensor? c = null;
        if (gruDecoder is not null) h = gruDecoder.Call(input, state.Hidden);
        else
        {
            if (state.Cell is null) throw new ArgumentException("RecurrentSeq2Seq: an LSTM decoder step needs the cell state; build the state with Start(memory)");
            (h, c) = lstmDecoder!.Call(input, (state.Hidden, state.Cell));
        }
        var (context, weights) = attention.Call(h, memory.States, memory.PaddingMask);
        return (Out.Call(Tensor.Cat([h, context], 1)), weights, new DecoderState(h, context, c));
    }

    /// <summary>Teacher-forced logits [B, T, V] for source [B, S] with <paramref name="lengths"/> and decoder inputs [B, T] (start token, then the target shifted right).</summary>
    public override Tensor Forward(Tensor source, int[] lengths, Tensor targetInput) => ForwardWithAttention(source, lengths, targetInput).Logits;

    /// <summary>As <see cref="Forward"/>, also returning the attention weights [B, T, S] (rows: target steps, columns: source positions).</summary>
    public (Tensor Logits, Tensor Weights) ForwardWithAttention(Tensor source, int[] lengths, Tensor targetInput)
    {
        ArgumentNullException.ThrowIfNull(targetInput);
        if (targetInput.NDim != 2 || targetInput.Size(0) != source.Size(0))
            throw new ArgumentException($"RecurrentSeq2Seq: expected target ids [{source.Size(0)}, T], got {ShapeUtil.Format(targetInput.ShapeArray)}");
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
                throw new ArgumentException($"RecurrentSeq2Seq: length {lengths[i]} of row {i} is outside 1..{sourceLength}");
            for (int s = lengths[i]; s < sourceLength; s++) m[i * sourceLength + s] = true;
        }
        return Tensor.FromArray(m, lengths.Length, sourceLength);
    }
}
