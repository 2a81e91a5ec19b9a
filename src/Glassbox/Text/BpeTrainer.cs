using System.Runtime.InteropServices;

namespace Glassbox.Text;

/// <summary>
/// Learns a byte-level BPE vocabulary from a corpus (Sennrich et al. 2016): start from the 256 single bytes, then
/// repeatedly add the merge of the adjacent token pair that occurs most often, until the vocabulary has the asked size.
/// </summary>
/// <remarks>
/// <para>The corpus is first cut by <see cref="Gpt2PreTokenizer"/> and each distinct piece is counted once with its
/// frequency, so pairs are only counted inside pieces (no merge spans a word boundary) and the work per merge is
/// proportional to the pieces that contain the pair, not to the corpus. A pair's count is its number of adjacent
/// occurrences (so "aaa" counts the pair (a, a) twice); applying a merge replaces occurrences left to right without
/// overlap, exactly as encoding does, so the corpus encodes to what training saw.</para>
/// <para><b>Ties.</b> Among pairs with the same count, the one whose left token's bytes sort first (unsigned,
/// shorter-is-smaller on a common prefix) wins, then the one whose right token's bytes sort first. The rule depends
/// only on the bytes, not on ids or hash order, so training is deterministic and reproducible across runs.</para>
/// <para>Ids: 0..255 are the single bytes in GPT-2's order (<see cref="Gpt2ByteMap.ByteAtRank"/>), then one id per
/// merge in the order merges were learned.</para>
/// </remarks>
public static class BpeTrainer
{
    /// <summary>Trains on the bytes <see cref="BpeTokenizer.Encode(string)"/> would see for <paramref name="corpus"/> (its UTF-8).</summary>
    /// <inheritdoc cref="Train(byte[], int, int)"/>
    public static BpeTrainingResult Train(string corpus, int vocabSize, int minFrequency = 2)
    {
        var buf = new byte[Wtf8.MaxBytes(corpus.Length)];
        return Train(buf[..Wtf8.Encode(corpus, buf)], vocabSize, minFrequency);
    }

    /// <summary>Trains on raw bytes.</summary>
    /// <param name="corpus">Training bytes (need not be valid UTF-8).</param>
    /// <param name="vocabSize">Target vocabulary size, at least 256 (the single bytes).</param>
    /// <param name="minFrequency">Stop early, with a smaller vocabulary, once the best pair occurs fewer times than this
    /// (a merge seen once only memorises the corpus).</param>
    public static BpeTrainingResult Train(byte[] corpus, int vocabSize, int minFrequency = 2)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (vocabSize < 256) throw new ArgumentException($"BpeTrainer.Train: vocabSize {vocabSize} is below 256, the single-byte tokens.", nameof(vocabSize));
        if (minFrequency < 1) throw new ArgumentException($"BpeTrainer.Train: minFrequency {minFrequency} must be at least 1.", nameof(minFrequency));

        var tokens = new List<byte[]>(vocabSize);
        var byteId = new int[256];
        for (int r = 0; r < 256; r++) { byte b = Gpt2ByteMap.ByteAtRank(r); tokens.Add([b]); byteId[b] = r; }

        // Distinct pieces with their frequencies.
        var index = new Dictionary<ReadOnlyMemory<byte>, int>(new MemoryComparer());
        var words = new List<int[]>();
        var freq = new List<long>();
        int i = 0;
        while (i < corpus.Length)
        {
            int end = Gpt2PreTokenizer.NextEnd(corpus, i);
            var key = corpus.AsMemory(i, end - i);
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, key, out bool exists);
            if (!exists)
            {
                slot = words.Count;
                var w = new int[end - i];
                for (int k = 0; k < w.Length; k++) w[k] = byteId[corpus[i + k]];
                words.Add(w);
                freq.Add(0);
            }
            freq[slot]++;
            i = end;
        }

        var counts = new Dictionary<long, long>();
        var where = new Dictionary<long, List<int>>();
        for (int w = 0; w < words.Count; w++)
        {
            var s = words[w];
            for (int k = 0; k + 1 < s.Length; k++)
            {
                long key = Key(s[k], s[k + 1]);
                CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += freq[w];
                AddWord(where, key, w);
            }
        }
        var heap = new PriorityQueue<long, (long Count, long Key)>(new PairOrder(tokens));
        foreach (var (key, c) in counts) heap.Enqueue(key, (c, key));

        var merges = new List<(int, int)>();
        var mergeCounts = new List<long>();
        long total = corpus.Length;
        var tokenCounts = new List<long> { total };
        var stamp = new int[words.Count];
        var delta = new Dictionary<long, long>();
        var scratch = new List<int>();
        while (tokens.Count < vocabSize && heap.TryDequeue(out long best, out var pri))
        {
            if (!counts.TryGetValue(best, out long c) || c != pri.Count) continue;   // stale entry
            if (c < minFrequency) break;
            int left = (int)(best >> 32), right = (int)(uint)best, id = tokens.Count;
            tokens.Add([.. tokens[left], .. tokens[right]]);
            merges.Add((left, right));
            mergeCounts.Add(c);

            delta.Clear();
            foreach (int w in where[best])
            {
                if (stamp[w] == id) continue;   // listed twice
                stamp[w] = id;
                var s = words[w];
                scratch.Clear();
                for (int k = 0; k < s.Length; k++)
                {
                    if (k + 1 < s.Length && s[k] == left && s[k + 1] == right) { scratch.Add(id); k++; }
                    else scratch.Add(s[k]);
                }
                if (scratch.Count == s.Length) continue;
                long f = freq[w];
                for (int k = 0; k + 1 < s.Length; k++) CollectionsMarshal.GetValueRefOrAddDefault(delta, Key(s[k], s[k + 1]), out _) -= f;
                for (int k = 0; k + 1 < scratch.Count; k++)
                {
                    long key = Key(scratch[k], scratch[k + 1]);
                    CollectionsMarshal.GetValueRefOrAddDefault(delta, key, out _) += f;
                    if (scratch[k] == id || scratch[k + 1] == id) AddWord(where, key, w);
                }
                total -= f * (s.Length - scratch.Count);
                words[w] = scratch.ToArray();
            }
            foreach (var (key, d) in delta)
            {
                if (d == 0) continue;
                long now = counts.GetValueOrDefault(key) + d;
                if (now <= 0) counts.Remove(key);
                else { counts[key] = now; heap.Enqueue(key, (now, key)); }
            }
            counts.Remove(best);
            where.Remove(best);
            tokenCounts.Add(total);
        }
        var tokenizer = BpeTokenizer.FromMerges(tokens, merges);
        return new BpeTrainingResult(tokenizer, mergeCounts, tokenCounts, corpus.Length, words.Count);
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private static void AddWord(Dictionary<long, List<int>> where, long key, int w)
    {
        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(where, key, out _);
        list ??= [];
        if (list.Count == 0 || list[^1] != w) list.Add(w);
    }

    /// <summary>Most frequent first; ties by the left token's bytes, then the right token's (see the class remarks).</summary>
    private sealed class PairOrder(List<byte[]> tokens) : IComparer<(long Count, long Key)>
    {
        public int Compare((long Count, long Key) x, (long Count, long Key) y)
        {
            if (x.Count != y.Count) return y.Count.CompareTo(x.Count);
            int c = tokens[(int)(x.Key >> 32)].AsSpan().SequenceCompareTo(tokens[(int)(y.Key >> 32)]);
            return c != 0 ? c : tokens[(int)(uint)x.Key].AsSpan().SequenceCompareTo(tokens[(int)(uint)y.Key]);
        }
    }

    private sealed class MemoryComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public bool Equals(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) => a.Span.SequenceEqual(b.Span);
        public int GetHashCode(ReadOnlyMemory<byte> m) => PieceCache.Hash(m.Span);
    }
}
