using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// A transformer encoder–decoder for token sequences (Vaswani et al. 2017): source and target embeddings plus
/// sinusoidal positions, <see cref="Transformer"/> (batch-first), and a linear layer to target logits.
/// </summary>
/// <remarks>
/// <para>
/// Ids are int64, batch-first: source [B, S] with per-row lengths (positions past a row's length are padding: the
/// encoder's self-attention and the decoder's cross-attention ignore them through the key padding masks), decoder
/// input [B, T] (start token, then the target shifted right) under the causal mask, so position t sees only target
/// tokens before it — which is what makes one teacher-forced call equal to T decoding steps.
/// </para>
/// <para>
/// The embeddings are not multiplied by √d_model. The paper scales them because its embedding matrix is shared with
/// the output layer and so starts small; <see cref="Embedding"/> draws N(0, 1) entries, already of the order of the
/// sinusoids (within [−1, 1]), and a further ×√d would leave the positions a rounding error beside the tokens.
/// Decoding re-runs the decoder over the whole prefix at every step: no key/value cache, O(T²) work, fine for the
/// short outputs this model is for.
/// </para>
/// <para>
/// Submodules: <c>src_embed</c>, <c>tgt_embed</c> (<see cref="Embedding"/>), <c>pos</c>
/// (<see cref="SinusoidalPositionalEncoding"/>, with the dropout), <c>transformer</c>, <c>out</c> (<see cref="Linear"/>).
/// </para>
/// </remarks>
public sealed class TransformerSeq2Seq : Module<Tensor, int[], Tensor, Tensor>
{
    /// <summary>Builds the model; <paramref name="maxLength"/> bounds source and target lengths (the position table).</summary>
    public TransformerSeq2Seq(int sourceVocab, int targetVocab, int dModel, int nhead, int encoderLayers, int decoderLayers, int dimFeedforward,
        double dropout = 0.1, int maxLength = 256, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (sourceVocab <= 0 || targetVocab <= 0)
            throw new ArgumentOutOfRangeException(nameof(sourceVocab), $"TransformerSeq2Seq: vocabularies must be non-empty, got {sourceVocab} and {targetVocab}");
        DModel = dModel;
        SourceEmbed = RegisterModule("src_embed", new Embedding(sourceVocab, dModel, dtype, generator));
        TargetEmbed = RegisterModule("tgt_embed", new Embedding(targetVocab, dModel, dtype, generator));
        Positions = RegisterModule("pos", new SinusoidalPositionalEncoding(dModel, maxLength, dropout, dtype, generator));
        Transformer = RegisterModule("transformer", new Transformer(dModel, nhead, encoderLayers, decoderLayers, dimFeedforward, dropout,
            batchFirst: true, dtype: dtype, generator: generator));
        Out = RegisterModule("out", new Linear(dModel, targetVocab, dtype: dtype, generator: generator));
    }

    /// <summary>Model width.</summary>
    public int DModel { get; }
    /// <summary>Source token embedding.</summary>
    public Embedding SourceEmbed { get; }
    /// <summary>Target token embedding.</summary>
    public Embedding TargetEmbed { get; }
    /// <summary>Sinusoidal positional encoding (and the embedding dropout).</summary>
    public SinusoidalPositionalEncoding Positions { get; }
    /// <summary>The encoder–decoder stack.</summary>
    public Transformer Transformer { get; }
    /// <summary>Output layer d_model → V.</summary>
    public Linear Out { get; }

    /// <summary>The encoded source: memory [B, S, d_model] and the padding mask [B, S] (true at padding).</summary>
    public sealed record Memory(Tensor States, Tensor PaddingMask);

    /// <summary>Runs the encoder over source ids [B, S] with per-row <paramref name="lengths"/>.</summary>
    public Memory Encode(Tensor source, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(lengths);
        if (source.NDim != 2 || lengths.Length != source.Size(0))
            throw new ArgumentException($"TransformerSeq2Seq: expected source ids [B, S] and B lengths, got {ShapeUtil.Format(source.ShapeArray)} and {lengths.Length} lengths");
        var mask = RecurrentSeq2Seq.PaddingMask(lengths, source.Size(1));
        var x = Positions.Call(SourceEmbed.Call(source));
        return new Memory(Transformer.Encoder.Forward(x, null, mask), mask);
    }

    /// <summary>Logits [B, T, V] for decoder inputs [B, T] against an encoded source.</summary>
    public Tensor Decode(Tensor targetInput, Memory memory)
    {
        ArgumentNullException.ThrowIfNull(targetInput);
        if (targetInput.NDim != 2 || targetInput.Size(0) != memory.States.Size(0))
            throw new ArgumentException($"TransformerSeq2Seq: expected target ids [{memory.States.Size(0)}, T], got {ShapeUtil.Format(targetInput.ShapeArray)}");
        int t = targetInput.Size(1);
        var y = Positions.Call(TargetEmbed.Call(targetInput));
        var causal = NN.Transformer.GenerateSquareSubsequentMask(t, y.DType);
        var h = Transformer.Decoder.Forward(y, memory.States, causal, null, null, memory.PaddingMask);
        return Out.Call(h);
    }

    /// <summary>Teacher-forced logits [B, T, V] for source [B, S] with <paramref name="lengths"/> and decoder inputs [B, T].</summary>
    public override Tensor Forward(Tensor source, int[] lengths, Tensor targetInput) => Decode(targetInput, Encode(source, lengths));

    /// <summary>
    /// Greedy decoding of the whole batch (see <see cref="RecurrentSeq2Seq.GreedyDecode"/> for the contract); each
    /// step re-runs the decoder over the prefix so far. Runs without recording gradients.
    /// </summary>
    public int[][] GreedyDecode(Tensor source, int[] lengths, int startToken, int endToken, int maxLength)
    {
        using var noGrad = Glassbox.Autograd.GradMode.NoGrad();
        var memory = Encode(source, lengths);
        int b = source.Size(0);
        var prefix = Enumerable.Range(0, b).Select(_ => new List<long> { startToken }).ToArray();
        var outputs = new List<int>[b];
        var done = new bool[b];
        for (int i = 0; i < b; i++) outputs[i] = [];
        for (int step = 0; step < maxLength && done.Contains(false); step++)
        {
            var input = Tensor.FromArray(prefix.SelectMany(p => p).ToArray(), b, step + 1);
            var last = Decode(input, memory).Select(1, step);
            var next = last.ArgMax(1).ToArray<long>();
            for (int i = 0; i < b; i++)
            {
                prefix[i].Add(next[i]);
                if (done[i]) continue;
                if (next[i] == endToken) done[i] = true;
                else outputs[i].Add((int)next[i]);
            }
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    /// <summary>
    /// A <see cref="DecodeStep{TState}"/> for one source sequence (row 0 of <paramref name="memory"/>), for
    /// <see cref="SequenceSearch"/>; the state is the prefix fed so far. Call it under no-grad.
    /// </summary>
    public DecodeStep<long[]> StepFunction(Memory memory) => (token, prefix) =>
    {
        var next = prefix.Append(token).ToArray();
        var logits = Decode(Tensor.FromArray(next, 1, next.Length), memory).Select(1, next.Length - 1);
        return (logits.LogSoftmax(1).ToDoubleArray(), next);
    };
}
