using Glassbox.Text;

namespace Glassbox.Tests.Text;

public class Gpt2PreTokenizerTests
{
    [Fact]
    public void ByteMapMatchesGpt2()
    {
        // GPT-2 writes space as 'Ġ' (U+0120), newline as 'Ċ' (U+010A), and visible ASCII as itself; its vocabulary
        // numbers '!' 0 and the space byte 220 (its 'Ġ' token is id 220 in encoder.json).
        Assert.Equal('\u0120', Gpt2ByteMap.ToChar((byte)' '));
        Assert.Equal('\u010A', Gpt2ByteMap.ToChar((byte)'\n'));
        Assert.Equal('A', Gpt2ByteMap.ToChar((byte)'A'));
        Assert.Equal('\u0100', Gpt2ByteMap.ToChar(0));
        Assert.Equal((byte)'!', Gpt2ByteMap.ByteAtRank(0));
        Assert.Equal((byte)' ', Gpt2ByteMap.ByteAtRank(220));
        var seen = new HashSet<char>();
        for (int b = 0; b < 256; b++)
        {
            char c = Gpt2ByteMap.ToChar((byte)b);
            Assert.True(seen.Add(c));
            Assert.True(Gpt2ByteMap.TryToByte(c, out byte back));
            Assert.Equal(b, back);
            Assert.NotEqual(' ', c);
        }
        Assert.False(Gpt2ByteMap.TryToByte(' ', out _));
        Assert.False(Gpt2ByteMap.TryToByte('\u0144', out _));
    }

    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("it's IT'S", new[] { "it", "'s", " IT", "'", "S" })]
    [InlineData("we'll they're I've 'sup", new[] { "we", "'ll", " they", "'re", " I", "'ve", " '", "sup" })]
    [InlineData("a   b", new[] { "a", "  ", " b" })]
    [InlineData("a\n\nb", new[] { "a", "\n", "\n", "b" })]
    [InlineData("a \n b", new[] { "a", " \n", " b" })]
    [InlineData("x  ", new[] { "x", "  " })]
    [InlineData("  ", new[] { "  " })]
    [InlineData("123 4567x", new[] { "123", " 4567", "x" })]
    [InlineData("!'s ?!", new[] { "!'", "s", " ?!" })]
    [InlineData("e\u0301t\u00E9", new[] { "e", "\u0301", "t\u00E9" })]
    [InlineData("a\U0001D400b \U0001D7CF2", new[] { "a\U0001D400b", " \U0001D7CF2" })]
    [InlineData("\t\tx", new[] { "\t", "\t", "x" })]
    [InlineData("\u3000\u65E5\u672C", new[] { "\u3000", "\u65E5\u672C" })]
    [InlineData("", new string[0])]
    public void SplitsLikeGpt2sPattern(string text, string[] expected)
    {
        // Expected pieces worked out by hand from the pattern's alternatives (class remarks): contractions first,
        // " ?" + one class run, whitespace runs giving their last character to a following word. The U+1D400 / U+1D7CF
        // case is the code-point reading (a letter and a digit outside the BMP) that GPT-2's Python regex uses.
        Assert.Equal(expected, Gpt2PreTokenizer.Split(text));
    }

    [Fact]
    public void InvalidUtf8IsOtherAndCoversEveryByte()
    {
        byte[] bytes = [(byte)'a', 0xFF, 0xC3, (byte)'!', 0x80, (byte)' ', 0xE2, 0x82, (byte)'b'];
        var ranges = new List<Range>();
        Gpt2PreTokenizer.Split(bytes, ranges);
        // 'a' | FF C3 '!' 80 (invalid bytes are "other", joining the punctuation run) | ' ' E2 82 (a space and a
        // truncated 3-byte sequence: " ?other+") | 'b'.
        Assert.Equal([(0, 1), (1, 5), (5, 8), (8, 9)], ranges.Select(r => (r.Start.Value, r.End.Value)).ToArray());
    }
}
