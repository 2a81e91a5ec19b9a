using System.Text;
using Glassbox.Data;
using Glassbox.Text;

namespace Glassbox.Tests.Text;

public sealed class BpeFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("glassbox-bpe-").FullName;
    private static readonly Lazy<BpeTokenizer> Trained = new(() => BpeTrainer.Train(BpeTrainerTests.SyntheticCorpus(seed: 5, words: 2000) + " 日本 👍", vocabSize: 400).Tokenizer);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Gpt2FormatRoundTrips()
    {
        var tok = Trained.Value;
        tok.SaveGpt2(P("vocab.json"), P("merges.txt"));
        var lines = File.ReadAllLines(P("merges.txt"));
        Assert.Equal("#version: 0.2", lines[0]);
        Assert.Equal(tok.Merges.Count + 1, lines.Length);
        Assert.Equal(tok.TokenText(tok.Merges[0].Left) + " " + tok.TokenText(tok.Merges[0].Right), lines[1]);
        var back = BpeTokenizer.LoadGpt2(P("vocab.json"), P("merges.txt"));
        Assert.Equal(tok.VocabSize, back.VocabSize);
        Assert.Equal(tok.Merges, back.Merges);
        for (int id = 0; id < tok.VocabSize; id++) Assert.Equal(tok.TokenBytes(id).ToArray(), back.TokenBytes(id).ToArray());
        string text = BpeTrainerTests.SyntheticCorpus(seed: 6, words: 300) + " 👍🏽 ünï";
        Assert.Equal(tok.Encode(text), back.Encode(text));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));   // atomic writes leave no temporaries behind
    }

    [Fact]
    public void TiktokenFormatRoundTrips()
    {
        // A trained vocabulary saved as ranks and read back with rank semantics encodes the same way: every token
        // is the merge of two earlier ones, so "lowest-ranked concatenation" and "lowest-ranked merge" coincide here.
        var tok = Trained.Value;
        tok.SaveTiktoken(P("ranks.tiktoken"));
        var back = BpeTokenizer.LoadTiktoken(P("ranks.tiktoken"));
        Assert.True(back.RankSemantics);
        Assert.Equal(tok.Merges, back.Merges);   // recovered from ranks alone
        string text = BpeTrainerTests.SyntheticCorpus(seed: 8, words: 500);
        Assert.Equal(tok.Encode(text), back.Encode(text));

        // The compact variant (a "Capacity: N" line, then base64 alone, rank = position) reads to the same vocabulary.
        var compact = new StringBuilder($"Capacity: {tok.VocabSize + 1}\n");
        for (int id = 0; id < tok.VocabSize; id++) compact.Append(Convert.ToBase64String(tok.TokenBytes(id))).Append('\n');
        File.WriteAllText(P("compact.tiktoken"), compact.ToString());
        Assert.Equal(tok.Encode(text), BpeTokenizer.LoadTiktoken(P("compact.tiktoken")).Encode(text));
    }

    public static TheoryData<string, string, string> HostileMerges => new()
    {
        { "#version: 0.2\na b c\n", "line 2", "two tokens" },
        { "#version: 0.2\nab\n", "line 2", "two tokens" },
        { "#version: 0.2\na  b\n", "line 2", "two tokens" },
        { "#version: 0.2\na zz\n", "line 2", "unknown token \"zz\"" },
        { "#version: 0.2\na b\na b\n", "line 3", "duplicate merge" },
        { "#version: 0.2\nb a\n", "line 2", "not in the vocabulary" },
        { "a b\n#version: 0.2\n", "line 2", "unknown token \"#version:\"" },
    };

    [Theory]
    [MemberData(nameof(HostileMerges))]
    public void HostileMergesFilesNameFileAndLine(string merges, string where, string what)
    {
        WriteVocab(P("vocab.json"), extra: ["ab"]);
        File.WriteAllText(P("merges.txt"), merges);
        var ex = Assert.Throws<DataFormatException>(() => BpeTokenizer.LoadGpt2(P("vocab.json"), P("merges.txt")));
        Assert.Equal(P("merges.txt"), ex.FilePath);
        Assert.Contains(where, ex.Problem);
        Assert.Contains(what, ex.Problem);
    }

    public static TheoryData<string, string> HostileVocabs => new()
    {
        { "[1, 2]", "JSON object" },
        { "{\"a\": 0", "not valid JSON" },
        { "{\"a\": \"zero\"}", "non-negative 32-bit integer" },
        { "{\"a\": -1}", "non-negative 32-bit integer" },
        { "{\"a\": 1.5}", "non-negative 32-bit integer" },
        { "{\"a\": 0, \"a\": 1}", "duplicate token \"a\"" },
        { "{\"a\": 0, \"b\": 0}", "duplicate id 0" },
        { "{\"a\": 0, \"b\": 2}", "id 1 is missing" },
        { "{\"a b\": 0}", "U+0020" },
        { "{\"\": 0}", "empty token" },
        { "{\"a\": 0} {}", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(HostileVocabs))]
    public void HostileVocabFilesNameFileAndProblem(string json, string what)
    {
        File.WriteAllText(P("vocab.json"), json);
        File.WriteAllText(P("merges.txt"), "#version: 0.2\n");
        var ex = Assert.Throws<DataFormatException>(() => BpeTokenizer.LoadGpt2(P("vocab.json"), P("merges.txt")));
        Assert.Equal(P("vocab.json"), ex.FilePath);
        Assert.Contains(what, ex.Problem);
    }

    [Fact]
    public void VocabMissingASingleByteIsRejected()
    {
        var ex = Assert.Throws<DataFormatException>(() =>
        {
            File.WriteAllText(P("vocab.json"), "{\"a\": 0, \"b\": 1}");
            File.WriteAllText(P("merges.txt"), "#version: 0.2\na b\n");
            BpeTokenizer.LoadGpt2(P("vocab.json"), P("merges.txt"));
        });
        Assert.Contains("merges.txt", ex.Message);   // "a b" makes "ab", which the vocabulary lacks
        File.WriteAllText(P("merges.txt"), "#version: 0.2\n");
        ex = Assert.Throws<DataFormatException>(() => BpeTokenizer.LoadGpt2(P("vocab.json"), P("merges.txt")));
        Assert.Contains("single byte 0x00", ex.Message);
        Assert.Contains("vocab.json", ex.Message);
    }

    [Fact]
    public void OversizedFilesAreRejectedBeforeReading()
    {
        using (var fs = File.Create(P("vocab.json"))) fs.SetLength(BpeTokenizer.MaxFileBytes + 1);   // sparse: no 64 MB written
        File.WriteAllText(P("merges.txt"), "#version: 0.2\n");
        var ex = Assert.Throws<DataFormatException>(() => BpeTokenizer.LoadGpt2(P("vocab.json"), P("merges.txt")));
        Assert.Contains("limit", ex.Problem);
        using (var fs = File.Create(P("big.tiktoken"))) fs.SetLength(BpeTokenizer.MaxFileBytes + 1);
        Assert.Throws<DataFormatException>(() => BpeTokenizer.LoadTiktoken(P("big.tiktoken")));
    }

    public static TheoryData<string, string> HostileTiktoken => new()
    {
        { "YQ== 0\nYg==\n", "line 2" },
        { "YQ==\nYg== 1\n", "like the lines before" },
        { "Capacity: lots\nYQ==\n", "Capacity: N" },
        { "YQ== 0 1\n", "line 1" },
        { "!!!! 0\n", "base64" },
        { "YQ== x\n", "non-negative integer" },
        { "YQ== 0\nYQ== 1\n", "duplicate token" },
        { "YQ== 0\nYg== 0\n", "duplicate rank 0" },
        { "YQ== 0\nYg== 2\n", "rank 1 is missing" },
        { "YQ== 99999999\n", "too large" },
        { "YQ== 0\n", "single byte 0x00" },
    };

    [Theory]
    [MemberData(nameof(HostileTiktoken))]
    public void HostileTiktokenFilesNameFileAndProblem(string content, string what)
    {
        File.WriteAllText(P("r.tiktoken"), content);
        var ex = Assert.Throws<DataFormatException>(() => BpeTokenizer.LoadTiktoken(P("r.tiktoken")));
        Assert.Equal(P("r.tiktoken"), ex.FilePath);
        Assert.Contains(what, ex.Problem);
    }

    [Fact]
    public void InvalidUtf8MergesFileIsRejected()
    {
        WriteVocab(P("vocab.json"), extra: []);
        File.WriteAllBytes(P("merges.txt"), [(byte)'#', 0xFF, (byte)'\n']);
        var ex = Assert.Throws<DataFormatException>(() => BpeTokenizer.LoadGpt2(P("vocab.json"), P("merges.txt")));
        Assert.Contains("UTF-8", ex.Problem);
    }

    /// <summary>A vocabulary of the 256 bytes in GPT-2's order plus <paramref name="extra"/> ASCII tokens.</summary>
    private static void WriteVocab(string path, string[] extra)
    {
        var sb = new StringBuilder("{");
        int id = 0;
        for (; id < 256; id++) sb.Append(System.Text.Json.JsonSerializer.Serialize(Gpt2ByteMap.ToChar(Gpt2ByteMap.ByteAtRank(id)).ToString())).Append(':').Append(id).Append(',');
        foreach (var e in extra) sb.Append('"').Append(e).Append("\":").Append(id++).Append(',');
        sb.Length--;
        File.WriteAllText(path, sb.Append('}').ToString());
    }
}
