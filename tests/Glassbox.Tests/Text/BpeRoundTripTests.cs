using System.Text;
using Glassbox.Text;

namespace Glassbox.Tests.Text;

public class BpeRoundTripTests
{
    private static readonly Lazy<BpeTokenizer> Trained = new(() =>
        BpeTrainer.Train(BpeTrainerTests.SyntheticCorpus(seed: 3, words: 3000) + "  \n\n\t  ünïcödé 日本語 👍🏽 e\u0301", vocabSize: 500).Tokenizer);

    public static TheoryData<string> Adversarial => new()
    {
        "", " ", "a", "\n", "   ", new string(' ', 5000), new string('\n', 300) + "x", "trailing   \t \n",
        "👨‍👩‍👧‍👦 family", "🏳️‍🌈", "e\u0301\u0302\u0303 combining", "日本語のテキスト", "0123456789 31415926535 1,000.5",
        "it's IT'S we'll", "\ud800 lone high", "lone low \udc00!", "\udbff\udfff max", "\u0000\u0001\u007f\u0085\u00a0", "tab\tsep\r\nline",
    };

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void StringsRoundTrip(string text)
    {
        var tok = Trained.Value;
        var ids = tok.Encode(text);
        // Exact for every string, lone surrogates included (they travel as the three bytes of their code unit);
        // for well-formed text the bytes are its plain UTF-8.
        Assert.Equal(text, tok.Decode(ids));
        if (IsValidUtf16(text)) Assert.Equal(Encoding.UTF8.GetBytes(text), tok.DecodeBytes(ids));
        else Assert.Contains((byte)0xED, tok.DecodeBytes(ids));
    }

    [Fact]
    public void RandomByteStringsRoundTrip()
    {
        // Property: DecodeBytes(Encode(b)) == b for arbitrary bytes, including invalid UTF-8; biased towards spaces,
        // apostrophes, letters and UTF-8 lead/continuation bytes so every pre-tokeniser branch is hit.
        var tok = Trained.Value;
        var rng = new Random(12345);
        byte[] alphabet = [(byte)' ', (byte)' ', (byte)'\'', (byte)'s', (byte)'e', (byte)'t', (byte)'1', (byte)'\n', 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0xFF, 0x80];
        for (int trial = 0; trial < 400; trial++)
        {
            var bytes = new byte[rng.Next(0, 300)];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = rng.Next(3) == 0 ? (byte)rng.Next(256) : alphabet[rng.Next(alphabet.Length)];
            var ids = tok.Encode(bytes);
            Assert.Equal(bytes, tok.DecodeBytes(ids));
            Assert.All(ids, id => Assert.InRange(id, 0, tok.VocabSize - 1));
            // The text decoder agrees with .NET's UTF-8 decoder (U+FFFD per maximal invalid subsequence) except on
            // the three-byte surrogate forms, which it turns back into code units.
            if (!ContainsSurrogateForm(bytes)) Assert.Equal(Encoding.UTF8.GetString(bytes), tok.Decode(ids));
        }
    }

    [Fact]
    public void MatchesGpt2sOriginalMergeLoopIncludingLongPieces()
    {
        // Reference: GPT-2's encoder loop (find the lowest-ranked bigram, merge all its occurrences left to right,
        // repeat), written independently here over token ids. Pieces of up to 128 bytes use the scan merger and
        // longer ones the priority-queue merger; both must agree with it, and the cache must not change answers.
        var tok = Trained.Value;
        var rank = tok.Merges.Select((m, k) => (m, k)).ToDictionary(x => x.m, x => x.k);
        var rng = new Random(99);
        string[] parts = ["th", "e", "an", "re", "st", "o", "ing", "x", " ", "  ", "ll"];
        for (int trial = 0; trial < 200; trial++)
        {
            var sb = new StringBuilder();
            int len = trial % 2 == 0 ? rng.Next(1, 40) : rng.Next(130, 700);
            while (sb.Length < len) sb.Append(parts[rng.Next(parts.Length)].Replace(" ", trial % 4 == 1 ? " " : ""));
            var piece = Encoding.UTF8.GetBytes(sb.ToString());
            var expected = ReferenceMerge(tok, rank, piece);
            // Encode the piece alone when it is one pre-token (letters only, or spaces only).
            var pieces = new List<Range>();
            Gpt2PreTokenizer.Split(piece, pieces);
            var viaPieces = pieces.SelectMany(r => ReferenceMerge(tok, rank, piece[r])).ToArray();
            Assert.Equal(viaPieces, tok.Encode(piece));
            Assert.Equal(viaPieces, tok.Encode(piece));   // second time from the cache
            if (pieces.Count == 1) Assert.Equal(expected, viaPieces);
        }
        var spaces = new string(' ', 20000);
        Assert.Equal(ReferenceMerge(tok, rank, Encoding.UTF8.GetBytes(spaces)), tok.Encode(spaces));
    }

    private static int[] ReferenceMerge(BpeTokenizer tok, Dictionary<(int, int), int> rank, byte[] piece)
    {
        var word = piece.Select(b => tok.ByteToken(b)).ToList();
        while (word.Count > 1)
        {
            (int, int) best = default; int bestRank = int.MaxValue;
            for (int i = 0; i + 1 < word.Count; i++)
                if (rank.TryGetValue((word[i], word[i + 1]), out int r) && r < bestRank) { bestRank = r; best = (word[i], word[i + 1]); }
            if (bestRank == int.MaxValue) break;
            var bytes = tok.TokenBytes(best.Item1).ToArray().Concat(tok.TokenBytes(best.Item2).ToArray()).ToArray();
            Assert.True(tok.TryGetId(bytes, out int merged));
            var next = new List<int>();
            for (int i = 0; i < word.Count; i++)
            {
                if (i + 1 < word.Count && (word[i], word[i + 1]) == best) { next.Add(merged); i++; }
                else next.Add(word[i]);
            }
            word = next;
        }
        return word.ToArray();
    }

    [Fact]
    public void DecodeRejectsUnknownIds()
    {
        var tok = Trained.Value;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => tok.DecodeBytes([1, tok.VocabSize]));
        Assert.Contains($"{tok.VocabSize}", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => tok.Decode([-1]));
    }

    private static bool ContainsSurrogateForm(byte[] b)
    {
        for (int i = 0; i + 2 < b.Length; i++)
            if (b[i] == 0xED && b[i + 1] >= 0xA0 && b[i + 1] <= 0xBF && (b[i + 2] & 0xC0) == 0x80) return true;
        return false;
    }

    private static bool IsValidUtf16(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }
}
