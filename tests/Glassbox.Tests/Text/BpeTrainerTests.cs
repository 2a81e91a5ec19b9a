using System.Text;
using Glassbox.Text;

namespace Glassbox.Tests.Text;

public class BpeTrainerTests
{
    [Fact]
    public void LearnsTheHandCheckedMergeList()
    {
        // "aaabdaaabac" is one piece (all letters). Pair counts: aa 4, ab 2, the rest 1 → merge (a, a).
        // Then [aa a b d aa a b a c]: (aa, a) 2 and (a, b) 2 tie; "a" sorts before "aa" → merge (a, b).
        // Then [aa ab d aa ab a c]: (aa, ab) 2 → merge. Then every pair occurs once: with minFrequency 1 the tie
        // among (aaab, d), (d, aaab), (aaab, a), (a, c) goes to the smallest left token, "a" → (a, c).
        var result = BpeTrainer.Train("aaabdaaabac", vocabSize: 300, minFrequency: 1);
        var tok = result.Tokenizer;
        string[] merges = result.Tokenizer.Merges.Take(4).Select(m => tok.TokenText(m.Left) + " " + tok.TokenText(m.Right)).ToArray();
        Assert.Equal(["a a", "a b", "aa ab", "a c"], merges);
        Assert.Equal([4L, 2, 2, 1], result.MergeCounts.Take(4));
        Assert.Equal([11L, 9, 7, 5, 4], result.TokenCounts.Take(5));
        var four = BpeTrainer.Train("aaabdaaabac", vocabSize: 260, minFrequency: 1).Tokenizer;
        Assert.Equal(260, four.VocabSize);
        Assert.Equal(["aaab", "d", "aaab", "ac"], EncodeWith(four, "aaabdaaabac"));

        // minFrequency 2 stops after the three merges seen twice or more.
        var stopped = BpeTrainer.Train("aaabdaaabac", vocabSize: 300, minFrequency: 2);
        Assert.Equal(259, stopped.Tokenizer.VocabSize);
        Assert.Equal(["aaab", "d", "aaab", "a", "c"], EncodeWith(stopped.Tokenizer, "aaabdaaabac"));
    }

    [Fact]
    public void MergesStayInsidePiecesAndByteIdsFollowGpt2()
    {
        // " the" and "the" are different pieces; the pair (e, ' ') never forms because the space starts the next piece.
        var result = BpeTrainer.Train("the the the the", vocabSize: 262);
        var tok = result.Tokenizer;
        Assert.Equal(220, tok.ByteToken((byte)' '));
        Assert.Equal(0, tok.ByteToken((byte)'!'));
        var texts = Enumerable.Range(256, tok.VocabSize - 256).Select(tok.TokenText).ToList();
        Assert.DoesNotContain(texts, t => t.Contains("e\u0120"));
        // Pieces "the" ×1 and " the" ×3. Counts: (t,h) 4, (h,e) 4, (' ',t) 3 → the tie goes to (h, e) since 'h' < 't';
        // then (t, he) 4 → "the"; then (' ', the) 3 → " the"; then no pair is left, so training stops at 259.
        Assert.Equal(["he", "the", "\u0120the"], texts);
        Assert.Equal(["the", "\u0120the", "\u0120the", "\u0120the"], EncodeWith(tok, "the the the the"));
    }

    [Fact]
    public void EncodingTheCorpusGivesTheCountTrainingReports()
    {
        // Training applies merges to each piece exactly as the encoder does, so the encoded corpus length must equal
        // the last TokenCounts entry, and the counts must fall by exactly what each merge's occurrences allow.
        var corpus = SyntheticCorpus(seed: 7, words: 4000);
        var result = BpeTrainer.Train(corpus, vocabSize: 600);
        Assert.Equal(600, result.Tokenizer.VocabSize);
        Assert.Equal(result.TokenCounts[^1], result.Tokenizer.Encode(corpus).Length);
        for (int k = 1; k < result.MergeCounts.Count; k++) Assert.True(result.MergeCounts[k] <= result.MergeCounts[k - 1]);
        for (int k = 0; k < result.MergeCounts.Count; k++)
        {
            long drop = result.TokenCounts[k] - result.TokenCounts[k + 1];
            Assert.InRange(drop, 1, result.MergeCounts[k]);   // overlapping occurrences (aaa) merge once, not twice
        }
        Assert.Equal(Encoding.UTF8.GetBytes(corpus), result.Tokenizer.DecodeBytes(result.Tokenizer.Encode(corpus)));
        // Deterministic: the same corpus trains the same merges.
        Assert.Equal(result.Tokenizer.Merges, BpeTrainer.Train(corpus, vocabSize: 600).Tokenizer.Merges);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var ex = Assert.Throws<ArgumentException>(() => BpeTrainer.Train("abc", vocabSize: 100));
        Assert.Contains("256", ex.Message);
        Assert.Throws<ArgumentException>(() => BpeTrainer.Train("abc", vocabSize: 300, minFrequency: 0));
    }

    internal static string[] EncodeWith(BpeTokenizer tok, string text) => tok.Encode(text).Select(tok.TokenText).ToArray();

    /// <summary>Seeded English-like text: words from a small syllable alphabet, punctuation, digits and newlines.</summary>
    internal static string SyntheticCorpus(int seed, int words)
    {
        var rng = new Random(seed);
        string[] syll = ["th", "e", "an", "re", "st", "o", "ing", "qu", "x", "a", "ll", "ou"];
        var sb = new StringBuilder();
        for (int i = 0; i < words; i++)
        {
            int n = 1 + rng.Next(3);
            for (int s = 0; s < n; s++) sb.Append(syll[(int)(Math.Pow(rng.NextDouble(), 2) * syll.Length)]);
            sb.Append(rng.Next(12) switch { 0 => ".\n", 1 => ", ", 2 => "'s ", 3 => " " + rng.Next(1000) + " ", _ => " " });
        }
        return sb.ToString();
    }
}
