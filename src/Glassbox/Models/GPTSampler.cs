using Glassbox.Autograd;

namespace Glassbox.Models;

/// <summary>
/// Autoregressive text generation with a <see cref="GPT"/> (nanoGPT's <c>generate</c>, plus a KV cache and
/// nucleus sampling): repeatedly feed the sequence, turn the last position's logits into a token
/// (<see cref="SamplingOptions"/>) and append it.
/// </summary>
/// <remarks>
/// <para><b>Context window.</b> The model sees at most block_size tokens. Without the cache every step runs the last
/// block_size tokens from scratch, exactly as nanoGPT does. With the cache, each step runs one new position against
/// the cached keys and values — identical logits while the sequence fits in the window. Once it fills, the cache
/// cannot simply slide: every cached key and value was computed with its absolute position embedding, and in the
/// slid window each token has a new position. The cache is then rebuilt from the last ⌈block_size/2⌉ tokens, so
/// later tokens see between half a window and a full window of context, and the rebuild costs about one full
/// forward per block_size/2 tokens generated instead of one per token.</para>
/// <para>The model runs in eval mode (dropout off) under no-grad; its previous training mode is restored afterwards.</para>
/// </remarks>
public static class GPTSampler
{
    /// <summary>
    /// Extends each row of <paramref name="idx"/> [B, T] (int64) by <paramref name="maxNewTokens"/> tokens and returns
    /// the whole sequences [B, T + maxNewTokens].
    /// </summary>
    /// <param name="model">The language model.</param>
    /// <param name="idx">The prompts, at least one token each.</param>
    /// <param name="maxNewTokens">Tokens to append.</param>
    /// <param name="options">Temperature, top-k, top-p; default: plain sampling at temperature 1.</param>
    /// <param name="generator">Source of the sampling draws (default <see cref="Generator.Default"/>); one uniform per row per token.</param>
    /// <param name="useCache">Run each step incrementally through a <see cref="KVCache"/> (see the remarks for the window rule).</param>
    public static Tensor Generate(GPT model, Tensor idx, int maxNewTokens, SamplingOptions? options = null, Generator? generator = null, bool useCache = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(idx);
        options ??= new SamplingOptions();
        options.Validate();
        if (idx.DType != DType.Int64 || idx.NDim != 2 || idx.Size(1) == 0)
            throw new ArgumentException($"GPTSampler.Generate: idx must be int64 [B, T] with T >= 1, got {idx.DType.TorchName()} {ShapeUtil.Format(idx.ShapeArray)}");
        if (maxNewTokens < 0) throw new ArgumentOutOfRangeException(nameof(maxNewTokens), $"GPTSampler.Generate: maxNewTokens must be >= 0, got {maxNewTokens}");
        var gen = generator ?? Generator.Default;
        int b = idx.Size(0), t0 = idx.Size(1), total = t0 + maxNewTokens, block = model.Config.BlockSize;
        var seq = new long[b * total];
        var prompt = idx.Contiguous().ToArray<long>();
        for (int r = 0; r < b; r++) Array.Copy(prompt, r * t0, seq, r * total, t0);

        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var _ = GradMode.NoGrad();
            var cache = useCache ? model.CreateCache(b) : null;
            var next = new long[b];
            for (int len = t0; len < total; len++)
            {
                Tensor logits;
                if (cache is null) logits = model.Forward(Window(seq, b, total, len, Math.Min(len, block)));
                else if (cache.Length == 0 || cache.Length == cache.Capacity)
                {
                    // (Re)build: the whole prompt (cropped to the window) at first, half a window once it is full.
                    int keep = cache.Length == 0 ? Math.Min(len, block) : (block + 1) / 2;
                    cache.Reset();
                    logits = model.Forward(Window(seq, b, total, len, keep), cache);
                }
                else logits = model.Forward(Window(seq, b, total, len, 1), cache);
                var last = logits.Select(1, -1).To(DType.Float64).Contiguous().ToArray<double>();
                int v = model.Config.VocabSize;
                for (int r = 0; r < b; r++) seq[r * total + len] = SampleRow(last.AsSpan(r * v, v), options, gen);
            }
        }
        finally { model.Train(wasTraining); }
        return Tensor.FromArray(seq, b, total);
    }

    /// <summary>
    /// One token per row of <paramref name="logits"/> [B, V] (any float dtype) → int64 [B], drawn as
    /// <see cref="SamplingOptions"/> describes.
    /// </summary>
    public static Tensor Sample(Tensor logits, SamplingOptions? options = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        options ??= new SamplingOptions();
        options.Validate();
        if (logits.NDim != 2 || !logits.DType.IsFloatingPoint())
            throw new ArgumentException($"GPTSampler.Sample: logits must be a float [B, V] tensor, got {logits.DType.TorchName()} {ShapeUtil.Format(logits.ShapeArray)}");
        var gen = generator ?? Generator.Default;
        int b = logits.Size(0), v = logits.Size(1);
        var data = logits.Detach().To(DType.Float64).Contiguous().ToArray<double>();
        var result = new long[b];
        for (int r = 0; r < b; r++) result[r] = SampleRow(data.AsSpan(r * v, v), options, gen);
        return Tensor.FromArray(result, b);
    }

    /// <summary>
    /// The distribution <see cref="SamplingOptions"/> leaves over one row of logits (temperature, top-k, top-p,
    /// renormalised); greedy decoding gives a one-hot at the arg-max. Overwrites <paramref name="row"/> with it.
    /// </summary>
    internal static void Distribution(Span<double> row, SamplingOptions options)
    {
        int v = row.Length;
        if (v == 0) throw new ArgumentException("GPTSampler: the vocabulary is empty");
        if (options.Temperature == 0)
        {
            int best = 0;
            for (int i = 1; i < v; i++) if (row[i] > row[best]) best = i;
            row.Clear();
            row[best] = 1;
            return;
        }
        for (int i = 0; i < v; i++) row[i] /= options.Temperature;
        if (options.TopK is { } k && k < v)
        {
            // The k-th largest value; everything below it is dropped (ties with it stay).
            var sorted = row.ToArray();
            Array.Sort(sorted);
            double threshold = sorted[v - k];
            for (int i = 0; i < v; i++) if (row[i] < threshold) row[i] = double.NegativeInfinity;
        }
        double max = double.NegativeInfinity;
        foreach (var x in row) max = Math.Max(max, x);
        if (double.IsNaN(max) || double.IsNegativeInfinity(max))
            throw new ArgumentException($"GPTSampler: the logits have no finite maximum ({max}); cannot sample");
        double sum = 0;
        for (int i = 0; i < v; i++) { row[i] = Math.Exp(row[i] - max); sum += row[i]; }
        for (int i = 0; i < v; i++) row[i] /= sum;
        if (options.TopP is { } p && p < 1)
        {
            var order = Enumerable.Range(0, v).ToArray();
            var probs = row.ToArray();
            // Decreasing probability, lower id first among equals, so the nucleus is deterministic.
            Array.Sort(order, (a, c) => probs[c].CompareTo(probs[a]) is var cmp && cmp != 0 ? cmp : a.CompareTo(c));
            double cum = 0, kept = 0;
            int n = 0;
            while (n < v && cum < p) { cum += probs[order[n]]; n++; }
            for (int j = n; j < v; j++) row[order[j]] = 0;
            for (int j = 0; j < n; j++) kept += row[order[j]];
            for (int i = 0; i < v; i++) row[i] /= kept;
        }
    }

    private static long SampleRow(Span<double> logits, SamplingOptions options, Generator gen)
    {
        var row = logits.ToArray();
        Distribution(row, options);
        if (options.Temperature == 0) return Array.IndexOf(row, 1.0);
        double u = gen.NextDouble(), acc = 0;
        int last = 0;
        for (int i = 0; i < row.Length; i++)
        {
            if (row[i] <= 0) continue;
            last = i;
            acc += row[i];
            if (u < acc) return i;
        }
        return last; // u landed in the rounding gap above the last cumulative sum
    }

    /// <summary>The last <paramref name="count"/> tokens before position <paramref name="len"/> of every row, as int64 [B, count].</summary>
    private static Tensor Window(long[] seq, int b, int total, int len, int count)
    {
        var w = new long[b * count];
        for (int r = 0; r < b; r++) Array.Copy(seq, r * total + len - count, w, r * count, count);
        return Tensor.FromArray(w, b, count);
    }
}
