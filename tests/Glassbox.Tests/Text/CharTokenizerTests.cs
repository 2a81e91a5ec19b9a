using System.Text;
using Glassbox.Data;
using Glassbox.Text;

namespace Glassbox.Tests.Text;

public class CharTokenizerTests
{
    [Fact]
    public void VocabularyIsTheSortedDistinctCharacters()
    {
        var tok = CharTokenizer.FromText("hello world\n");
        // sorted(set("hello world\n")) in Python: '\n', ' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w'.
        Assert.Equal("\n dehlorw", string.Concat(tok.Vocabulary.Select(r => r.ToString())));
        Assert.Equal(9, tok.VocabSize);
        Assert.Equal([4, 3, 5, 5, 6, 1, 8, 6, 7, 5, 2, 0], tok.Encode("hello world\n"));
    }

    [Fact]
    public void DecodeInvertsEncode()
    {
        const string text = "First Citizen:\nBefore we proceed any further, hear me speak.";
        var tok = CharTokenizer.FromText(text);
        Assert.Equal(text, tok.Decode(tok.Encode(text)));
        Assert.Equal("speak.", tok.Decode(tok.Encode("speak.").Select(i => (long)i).ToArray()));
    }

    [Fact]
    public void CharactersOutsideTheBasicPlaneAreOneToken()
    {
        // U+1F600 is two UTF-16 code units but one Python character; it sorts after every BMP character.
        var tok = CharTokenizer.FromText("b\U0001F600a");
        Assert.Equal(3, tok.VocabSize);
        Assert.Equal([1, 2, 0], tok.Encode("b\U0001F600a"));
        Assert.Equal("a\U0001F600", tok.Decode([0, 2]));
    }

    [Fact]
    public void UnknownCharacterIsNamedWithItsPosition()
    {
        var tok = CharTokenizer.FromText("abc");
        var e = Assert.Throws<ArgumentException>(() => tok.Encode("abxc"));
        Assert.Contains("'x' (U+0078)", e.Message);
        Assert.Contains("at character 2", e.Message);
        var nl = Assert.Throws<ArgumentException>(() => tok.Encode("a\n"));
        Assert.Contains("U+000A", nl.Message);
    }

    [Fact]
    public void DecodeRejectsIdsOutsideTheVocabulary()
    {
        var tok = CharTokenizer.FromText("abc");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => tok.Decode([0, 3]));
        Assert.Contains("token 3 at position 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => tok.Decode([-1]));
    }

    [Fact]
    public void EmptyTextAndDuplicateVocabularyAreRefused()
    {
        Assert.Throws<ArgumentException>(() => CharTokenizer.FromText(""));
        var e = Assert.Throws<ArgumentException>(() => new CharTokenizer([new Rune('a'), new Rune('b'), new Rune('a')]));
        Assert.Contains("twice", e.Message);
        Assert.Throws<ArgumentException>(() => CharTokenizer.FromText("a\uD800b"));
    }

    [Fact]
    public void SaveAndLoadRoundTrip()
    {
        var dir = Directory.CreateTempSubdirectory("glassbox-chartok-");
        try
        {
            var tok = CharTokenizer.FromText("To be, or not to be: that is the question.\n\U0001F600");
            var path = Path.Combine(dir.FullName, "tok.json");
            tok.Save(path);
            var back = CharTokenizer.Load(path);
            Assert.Equal(tok.Vocabulary, back.Vocabulary);
            Assert.Single(Directory.GetFiles(dir.FullName)); // no temporary file left behind
        }
        finally { dir.Delete(recursive: true); }
    }

    [Theory]
    [InlineData("not json", "invalid JSON")]
    [InlineData("[1, 2]", "top level")]
    [InlineData("{\"type\": \"bpe\", \"vocab\": []}", "\"type\" must be \"char\"")]
    [InlineData("{\"type\": \"char\"}", "no \"vocab\" array")]
    [InlineData("{\"type\": \"char\", \"vocab\": [\"a\", \"bc\"]}", "vocab entry 1")]
    [InlineData("{\"type\": \"char\", \"vocab\": [\"a\", 7]}", "vocab entry 1")]
    [InlineData("{\"type\": \"char\", \"vocab\": [\"a\", \"a\"]}", "twice")]
    [InlineData("{\"type\": \"char\", \"vocab\": []}", "empty")]
    public void CorruptFilesNameTheFileAndTheProblem(string content, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-chartok-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, content);
            var e = Assert.Throws<InvalidDataException>(() => CharTokenizer.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains(expected, e.Message);
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void TinyShakespeareHasNanoGptsSixtyFiveCharacters()
    {
        var root = TestData.RequireDataset("tinyshakespeare");
        var text = DatasetRegistry.TinyShakespeare(root, download: false);
        var tok = CharTokenizer.FromText(text);
        // nanoGPT's data/shakespeare_char/prepare.py prints: vocab size: 65, all the unique characters:
        // "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".
        Assert.Equal(65, tok.VocabSize);
        Assert.Equal("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", string.Concat(tok.Vocabulary.Select(r => r.ToString())));
        Assert.Equal(1_115_394, tok.Encode(text).Length);
    }
}
