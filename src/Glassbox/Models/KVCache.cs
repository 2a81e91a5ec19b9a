namespace Glassbox.Models;

/// <summary>
/// The keys and values a <see cref="GPT"/> has computed for the positions it has already seen, one pair of
/// [B, H, capacity, D] buffers per layer, so that generating the next token costs one position's work instead of
/// re-running the whole prefix. Create it with <see cref="GPT.CreateCache"/>.
/// </summary>
/// <remarks>
/// <para>Why it is exact: in a causal transformer the key and value at position j depend only on tokens 0..j, so
/// they do not change when later tokens arrive; caching them changes nothing but the amount of work (the test
/// compares logits with and without the cache in float64).</para>
/// <para>The buffers are allocated once, at full capacity; each step writes its positions in place and advances
/// <see cref="Length"/>. Memory: 2·n_layer·B·capacity·C elements (for GPT-2 small at 1,024 positions, 75 MB per
/// sequence in float32).</para>
/// </remarks>
public sealed class KVCache
{
    private readonly Tensor[] keys, values;

    internal KVCache(int nLayer, int batchSize, int nHead, int capacity, int headSize, DType dtype)
    {
        if (batchSize <= 0 || capacity <= 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), $"KVCache: batch size and capacity must be positive, got batch={batchSize}, capacity={capacity}");
        (BatchSize, Capacity) = (batchSize, capacity);
        keys = new Tensor[nLayer];
        values = new Tensor[nLayer];
        for (int l = 0; l < nLayer; l++)
        {
            keys[l] = Tensor.Zeros([batchSize, nHead, capacity, headSize], dtype);
            values[l] = Tensor.Zeros([batchSize, nHead, capacity, headSize], dtype);
        }
    }

    /// <summary>Sequences in the batch.</summary>
    public int BatchSize { get; }
    /// <summary>Most positions the cache holds (at most the model's block size: the position table ends there).</summary>
    public int Capacity { get; }
    /// <summary>Positions cached so far; the next token fed is at this position.</summary>
    public int Length { get; private set; }

    /// <summary>Forgets every cached position (the buffers are kept and overwritten).</summary>
    public void Reset() => Length = 0;

    /// <summary>The key and value buffers of one layer, [B, H, capacity, D].</summary>
    internal (Tensor Keys, Tensor Values) Layer(int layer) => (keys[layer], values[layer]);

    /// <summary>Marks <paramref name="count"/> more positions as cached (after every layer has written them).</summary>
    internal void Advance(int count) => Length += count;
}
