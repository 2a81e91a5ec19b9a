using System.Buffers;
using System.Text;

namespace Glassbox.Text;

/// <summary>
/// Byte-level byte-pair encoding (Sennrich et al. 2016, in GPT-2's byte-level form, Radford et al. 2019): a
/// vocabulary of byte strings, starting from all 256 single bytes, plus a ranked table of pair merges. Any byte
/// string — any text, valid UTF-8 or not — encodes to ids, and the ids decode to exactly the same bytes.
/// </summary>
/// <remarks>
/// <para><b>Encoding.</b> The text's UTF-8 bytes are cut into pieces by <see cref="Gpt2PreTokenizer"/>. Each piece
/// starts as its single-byte tokens; then, repeatedly, of all adjacent token pairs that have a merge, the one with
/// the lowest rank is replaced by its merged token — the leftmost such pair when several have that rank — until no
/// adjacent pair has a merge. The piece's ids are memoised (a piece → ids cache), which is what makes encoding of
/// natural text fast: most pieces are common words seen before.</para>
/// <para><b>Two sources of ranks.</b> A tokenizer trained here or read from GPT-2's <c>vocab.json</c> +
/// <c>merges.txt</c> has an explicit merge list: the pair on line <i>k</i> has rank <i>k</i>
/// (<see cref="FromMerges"/>). A tokenizer read from a tiktoken rank file (<see cref="FromRanks"/>) has only token
/// ranks: there a pair may merge whenever the concatenation of its bytes is a token, with that token's rank, and a
/// piece that is itself a token becomes that single token at once (tiktoken's own rule). For a vocabulary built by
/// BPE training the two readings give the same ids; GPT-2's ranks are checked against an independent
/// implementation in the test suite.</para>
/// <para>Merging the leftmost lowest-rank pair one at a time is the same as GPT-2's original loop (merge every
/// occurrence of the best pair, left to right, then look again) whenever each merge only involves tokens made by
/// earlier merges, as in any trained merge list: a pair containing a newly made token always ranks after the merge
/// that made it, so all occurrences of the current best pair are taken first, left to right.</para>
/// <para>Special tokens (GPT-2's <c>&lt;|endoftext|&gt;</c>) are not recognised inside text: the string
/// "&lt;|endoftext|&gt;" encodes as ordinary characters (tiktoken's <c>encode_ordinary</c>).</para>
/// <para>Encoding takes a lock for its cache, so one instance can be shared by threads but encodes one text at a time.</para>
/// </remarks>
public sealed partial class BpeTokenizer
{
    /// <summary>Pieces longer than this are merged with a priority queue (n log n) instead of repeated scans (n²), and not cached.</summary>
    private const int LongPiece = 128;

    /// <summary>Longest accepted token, in bytes (GPT-2's longest is 128 bytes); bounds what a hostile file can make us allocate per token.</summary>
    public const int MaxTokenBytes = 1024;

    private readonly byte[][] _tokens;
    private readonly int[] _byteToId = new int[256];
    private readonly Dictionary<long, MergeTarget> _pairs;
    private readonly PieceCache _tokenIndex;
    // At most a million pieces, 16 MiB of piece bytes and 4 Mi ids (16 MiB): natural text needs far less (tiny
    // Shakespeare has about 25,000 distinct pieces), and distinct-piece floods cannot grow it without bound.
    private readonly PieceCache _cache = new(maxEntries: 1 << 20, initialCapacity: 4096, maxKeyBytes: 16 << 20, maxValues: 4 << 20);
    private (int Left, int Right)[]? _merges;

    /// <summary>What merging a pair gives: its rank (lower merges first) and the merged token's id.</summary>
    private readonly record struct MergeTarget(int Rank, int Id);

    private BpeTokenizer(byte[][] tokens, bool rankSemantics)
    {
        _tokens = tokens;
        RankSemantics = rankSemantics;
        _tokenIndex = new PieceCache(initialCapacity: tokens.Length);
        Array.Fill(_byteToId, -1);
        for (int id = 0; id < tokens.Length; id++)
        {
            var t = tokens[id] ?? throw new ArgumentException($"BpeTokenizer: token {id} is null.");
            if (t.Length == 0) throw new ArgumentException($"BpeTokenizer: token {id} is empty.");
            if (t.Length > MaxTokenBytes) throw new ArgumentException($"BpeTokenizer: token {id} is {t.Length} bytes long (at most {MaxTokenBytes}).");
            int h = PieceCache.Hash(t);
            if (_tokenIndex.TryGet(t, h, out var other))
                throw new ArgumentException($"BpeTokenizer: tokens {other[0]} and {id} are the same bytes ({Gpt2ByteMap.Encode(t)}).");
            _tokenIndex.Add(t, h, [id]);
            if (t.Length == 1) _byteToId[t[0]] = id;
        }
        for (int b = 0; b < 256; b++)
            if (_byteToId[b] < 0) throw new ArgumentException($"BpeTokenizer: no token for the single byte 0x{b:X2}; a byte-level vocabulary needs all 256.");
        _pairs = new Dictionary<long, MergeTarget>();
    }

    /// <summary>
    /// A tokenizer from a vocabulary (id → bytes) and a merge list in priority order; merge <i>k</i> joins tokens
    /// <c>Left</c> and <c>Right</c> into the token whose bytes are their concatenation, which must be in the vocabulary.
    /// </summary>
    /// <exception cref="ArgumentException">A single byte lacks a token, two ids share bytes, a merge names an unknown id,
    /// repeats an earlier pair, or makes bytes that are not a token.</exception>
    public static BpeTokenizer FromMerges(IReadOnlyList<byte[]> tokens, IReadOnlyList<(int Left, int Right)> merges)
    {
        var tok = new BpeTokenizer(tokens.ToArray(), rankSemantics: false);
        var list = new (int, int)[merges.Count];
        Span<byte> joined = stackalloc byte[2 * MaxTokenBytes];
        for (int k = 0; k < merges.Count; k++)
        {
            var (l, r) = merges[k];
            if ((uint)l >= (uint)tok._tokens.Length || (uint)r >= (uint)tok._tokens.Length)
                throw new ArgumentException($"BpeTokenizer: merge {k} ({l}, {r}) names an id outside 0..{tok._tokens.Length - 1}.");
            var a = tok._tokens[l]; var b = tok._tokens[r];
            a.CopyTo(joined); b.CopyTo(joined[a.Length..]);
            var j = joined[..(a.Length + b.Length)];
            if (!tok._tokenIndex.TryGet(j, PieceCache.Hash(j), out var id))
                throw new ArgumentException($"BpeTokenizer: merge {k} ({Gpt2ByteMap.Encode(a)} {Gpt2ByteMap.Encode(b)}) makes {Gpt2ByteMap.Encode(j)}, which is not in the vocabulary.");
            if (!tok._pairs.TryAdd(Key(l, r), new MergeTarget(k, id[0])))
                throw new ArgumentException($"BpeTokenizer: merge {k} ({Gpt2ByteMap.Encode(a)} {Gpt2ByteMap.Encode(b)}) repeats merge {tok._pairs[Key(l, r)].Rank}.");
            list[k] = (l, r);
        }
        tok._merges = list;
        return tok;
    }

    /// <summary>
    /// A tokenizer from tiktoken-style ranks: <paramref name="tokensByRank"/>[r] is the byte string of the token with
    /// rank (and id) r. Every split of a token into two tokens becomes a merge with the token's rank.
    /// </summary>
    /// <exception cref="ArgumentException">A single byte lacks a token, or two ranks share bytes.</exception>
    public static BpeTokenizer FromRanks(IReadOnlyList<byte[]> tokensByRank)
    {
        var tok = new BpeTokenizer(tokensByRank.ToArray(), rankSemantics: true);
        for (int id = 0; id < tok._tokens.Length; id++)
        {
            var t = tok._tokens[id];
            for (int k = 1; k < t.Length; k++)
            {
                if (tok.TryGetId(t.AsSpan(0, k), out int l) && tok.TryGetId(t.AsSpan(k), out int r))
                    tok._pairs[Key(l, r)] = new MergeTarget(id, id);
            }
        }
        return tok;
    }

    /// <summary>Trains a tokenizer on <paramref name="corpus"/> (see <see cref="BpeTrainer"/>, which also returns the run's statistics).</summary>
    public static BpeTokenizer Train(string corpus, int vocabSize, int minFrequency = 2) =>
        BpeTrainer.Train(corpus, vocabSize, minFrequency).Tokenizer;

    /// <summary>Number of tokens (ids are 0..VocabSize-1).</summary>
    public int VocabSize => _tokens.Length;

    /// <summary>True when built from token ranks (<see cref="FromRanks"/>), false when built from an explicit merge list.</summary>
    public bool RankSemantics { get; }

    /// <summary>The bytes of token <paramref name="id"/>.</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) => _tokens[CheckId(id)];

    /// <summary>Token <paramref name="id"/> written as GPT-2 vocabulary text (<see cref="Gpt2ByteMap"/>), e.g. "Ġthe".</summary>
    public string TokenText(int id) => Gpt2ByteMap.Encode(_tokens[CheckId(id)]);

    /// <summary>The id of the token whose bytes are <paramref name="bytes"/>, if there is one.</summary>
    public bool TryGetId(ReadOnlySpan<byte> bytes, out int id)
    {
        if (_tokenIndex.TryGet(bytes, PieceCache.Hash(bytes), out var v)) { id = v[0]; return true; }
        id = -1;
        return false;
    }

    /// <summary>The id of the single-byte token for <paramref name="b"/>.</summary>
    public int ByteToken(byte b) => _byteToId[b];

    /// <summary>
    /// The merge list in priority order. For a rank-built tokenizer it is recovered: the merge that makes the token of
    /// rank r is the two-token result of encoding its bytes with only the ranks below r.
    /// </summary>
    /// <exception cref="InvalidOperationException">A rank-built vocabulary has a token that is not the merge of two earlier tokens (it cannot be written as a merge list).</exception>
    public IReadOnlyList<(int Left, int Right)> Merges => _merges ??= RecoverMerges();

    /// <summary>
    /// Encodes text: its UTF-8 bytes, except that a lone surrogate is written as the three bytes of its code unit
    /// (<c>ED A0..BF 80..BF</c>) rather than replaced, so <see cref="Decode"/> gives back exactly the same string for
    /// any .NET string (Microsoft.ML.Tokenizers does the same; GPT-2's Python code rejects such strings).
    /// </summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buf = ArrayPool<byte>.Shared.Rent(Math.Max(1, Wtf8.MaxBytes(text.Length)));
        try
        {
            int n = Wtf8.Encode(text, buf);
            return Encode(buf.AsSpan(0, n));
        }
        finally { ArrayPool<byte>.Shared.Return(buf); }
    }

    /// <summary>Encodes arbitrary bytes (need not be valid UTF-8).</summary>
    public int[] Encode(ReadOnlySpan<byte> bytes)
    {
        var ids = new List<int>(bytes.Length / 3 + 4);
        Encode(bytes, ids);
        return ids.ToArray();
    }

    /// <summary>Encodes arbitrary bytes, appending the ids to <paramref name="ids"/>.</summary>
    public void Encode(ReadOnlySpan<byte> bytes, List<int> ids)
    {
        lock (_cache)
        {
            int i = 0;
            while (i < bytes.Length)
            {
                int end = Gpt2PreTokenizer.NextEnd(bytes, i);
                EncodePiece(bytes[i..end], ids);
                i = end;
            }
        }
    }

    /// <summary>The bytes that <paramref name="ids"/> stand for (exact inverse of the byte overloads of <c>Encode</c>).</summary>
    public byte[] DecodeBytes(ReadOnlySpan<int> ids)
    {
        long total = 0;
        foreach (int id in ids) total += _tokens[CheckId(id)].Length;
        var result = new byte[total];
        int p = 0;
        foreach (int id in ids)
        {
            var t = _tokens[id];
            t.CopyTo(result, p);
            p += t.Length;
        }
        return result;
    }

    /// <summary>
    /// Decodes to text, the exact inverse of <see cref="Encode(string)"/>. Byte sequences that are not valid UTF-8 —
    /// possible for ids that came from invalid bytes, or for a slice of ids that cuts a character — become U+FFFD as
    /// GPT-2's <c>errors="replace"</c> does, except the three-byte form of a lone surrogate, which becomes that code
    /// unit again. Use <see cref="DecodeBytes"/> for an exact inverse of the byte overloads.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids) => Wtf8.Decode(DecodeBytes(ids));

    private int CheckId(int id)
    {
        if ((uint)id >= (uint)_tokens.Length)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"BpeTokenizer: token id {id} is outside the vocabulary 0..{_tokens.Length - 1}.");
        return id;
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private void EncodePiece(ReadOnlySpan<byte> piece, List<int> ids)
    {
        if (piece.Length == 1) { ids.Add(_byteToId[piece[0]]); return; }
        int h = PieceCache.Hash(piece);
        if (piece.Length > LongPiece)
        {
            if (RankSemantics && _tokenIndex.TryGet(piece, h, out var wholeLong)) ids.Add(wholeLong[0]);
            else MergeLong(piece, ids);
            return;
        }
        if (_cache.TryGet(piece, h, out var cached)) { ids.AddRange(cached); return; }
        if (RankSemantics && _tokenIndex.TryGet(piece, h, out var whole)) { ids.Add(whole[0]); return; }

        Span<int> work = stackalloc int[LongPiece];
        var merged = MergeShort(piece, work);
        _cache.Add(piece, h, merged);
        ids.AddRange(merged);
    }

    /// <summary>Repeated scan for the lowest-rank adjacent pair, keeping each pair's rank so a merge updates two entries.</summary>
    private Span<int> MergeShort(ReadOnlySpan<byte> piece, Span<int> tokens)
    {
        int m = piece.Length;
        for (int i = 0; i < m; i++) tokens[i] = _byteToId[piece[i]];
        Span<MergeTarget> pair = stackalloc MergeTarget[LongPiece];
        for (int i = 0; i < m - 1; i++) pair[i] = Lookup(tokens[i], tokens[i + 1]);
        while (m > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i < m - 1; i++)
                if (pair[i].Rank < bestRank) { bestRank = pair[i].Rank; best = i; }
            if (best < 0) break;
            tokens[best] = pair[best].Id;
            tokens[(best + 2)..m].CopyTo(tokens[(best + 1)..]);
            if (best + 2 < m - 1) pair[(best + 2)..(m - 1)].CopyTo(pair[(best + 1)..]);
            m--;
            if (best > 0) pair[best - 1] = Lookup(tokens[best - 1], tokens[best]);
            if (best < m - 1) pair[best] = Lookup(tokens[best], tokens[best + 1]);
        }
        return tokens[..m];
    }

    /// <summary>
    /// The same merge order for long pieces (e.g. a run of thousands of spaces) with a linked list and a priority queue
    /// of (rank, position): stale queue entries are recognised by re-looking-up the pair when popped.
    /// </summary>
    private void MergeLong(ReadOnlySpan<byte> piece, List<int> ids)
    {
        int n = piece.Length;
        var tok = new int[n];
        var next = new int[n];
        var prev = new int[n];
        var queue = new PriorityQueue<int, long>();
        for (int i = 0; i < n; i++) { tok[i] = _byteToId[piece[i]]; next[i] = i + 1 < n ? i + 1 : -1; prev[i] = i - 1; }
        for (int i = 0; i + 1 < n; i++) Push(queue, i, tok[i], tok[i + 1]);
        while (queue.TryDequeue(out int left, out long priority))
        {
            int right = next[left];
            if (tok[left] < 0 || right < 0) continue;
            var target = Lookup(tok[left], tok[right]);
            if (target.Rank != (int)(priority >> 32)) continue;   // the pair changed since it was queued
            tok[left] = target.Id;
            tok[right] = -1;
            next[left] = next[right];
            if (next[left] >= 0) prev[next[left]] = left;
            if (prev[left] >= 0) Push(queue, prev[left], tok[prev[left]], tok[left]);
            if (next[left] >= 0) Push(queue, left, tok[left], tok[next[left]]);
        }
        for (int i = 0; i >= 0; i = next[i]) ids.Add(tok[i]);
    }

    private void Push(PriorityQueue<int, long> queue, int left, int a, int b)
    {
        var t = Lookup(a, b);
        if (t.Rank != int.MaxValue) queue.Enqueue(left, ((long)t.Rank << 32) | (uint)left);
    }

    private MergeTarget Lookup(int left, int right) =>
        _pairs.TryGetValue(Key(left, right), out var t) ? t : new MergeTarget(int.MaxValue, -1);

    private (int, int)[] RecoverMerges()
    {
        var merges = new List<(int, int)>();
        var order = Enumerable.Range(0, _tokens.Length).Where(id => _tokens[id].Length > 1).OrderBy(id => id).ToArray();
        var parts = new List<int>();
        foreach (int id in order)
        {
            parts.Clear();
            MergeBelow(_tokens[id], id, parts);
            if (parts.Count != 2)
                throw new InvalidOperationException($"BpeTokenizer: token {id} ({TokenText(id)}) is not the merge of two lower-ranked tokens, so this vocabulary has no merge list.");
            merges.Add((parts[0], parts[1]));
        }
        return merges.ToArray();
    }

    /// <summary>Rank-semantics merging of <paramref name="bytes"/> using only ranks below <paramref name="limit"/>.</summary>
    private void MergeBelow(byte[] bytes, int limit, List<int> parts)
    {
        foreach (var b in bytes) parts.Add(_byteToId[b]);
        while (parts.Count > 1)
        {
            int best = -1, bestRank = int.MaxValue, bestId = -1;
            for (int i = 0; i + 1 < parts.Count; i++)
            {
                var t = Lookup(parts[i], parts[i + 1]);
                if (t.Rank < limit && t.Rank < bestRank) { best = i; bestRank = t.Rank; bestId = t.Id; }
            }
            if (best < 0) break;
            parts[best] = bestId;
            parts.RemoveAt(best + 1);
        }
    }
}
