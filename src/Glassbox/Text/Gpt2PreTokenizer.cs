using System.Buffers;
using System.Globalization;
using System.Text;

namespace Glassbox.Text;

/// <summary>
/// GPT-2's pre-tokenisation: the text is cut into pieces before byte-pair merging, and merges never cross a piece
/// boundary. GPT-2 states the rule as the regular expression
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>, matched repeatedly from the
/// start of the text; this class implements exactly that expression by hand, over UTF-8 bytes.
/// </summary>
/// <remarks>
/// <para>At each position the first alternative that matches wins, in this order:</para>
/// <list type="number">
/// <item>an English contraction suffix, lower-case only: <c>'s 't 're 've 'm 'll 'd</c> ("IT'S" gives <c>IT</c>, <c>'</c>, <c>S</c>);</item>
/// <item>an optional single ASCII space followed by a run of letters (Unicode category L*), so words carry their leading space;</item>
/// <item>the same for a run of numbers (N*: digits, Roman numerals, fractions…);</item>
/// <item>the same for a run of "other" characters: neither whitespace, letter nor number (punctuation, symbols,
///   emoji, combining marks, and here also bytes that are not valid UTF-8);</item>
/// <item><c>\s+(?!\S)</c>: a whitespace run that is not followed by a non-space. When the run is followed by a word,
///   the regex backtracks one character, leaving the run's last character to start the next piece — so in
///   <c>"a   b"</c> the pieces are <c>a</c>, two spaces, <c>" b"</c>, and the word keeps its usual leading-space form;</item>
/// <item><c>\s+</c>: what is left, a single whitespace character before a non-space (e.g. the newline in <c>"\nb"</c>).</item>
/// </list>
/// <para>Classes are decided per Unicode code point, as in GPT-2's Python <c>regex</c> and in tiktoken. .NET's
/// <c>Regex</c> would instead see the two UTF-16 halves of a supplementary character (e.g. U+1D400 𝐀, a letter) as
/// "other"; implementations built on it (Microsoft.ML.Tokenizers 3.0) therefore split such letters and digits
/// differently. Whitespace is Unicode White_Space (<see cref="Rune.IsWhiteSpace"/>), which is also what .NET's and
/// tiktoken's <c>\s</c> mean.</para>
/// <para>Bytes that are not valid UTF-8 (from the byte overloads, or the three-byte form a lone surrogate of a string
/// is written as) are read one maximal invalid subsequence at a time, each as an "other" character — how a decoder's
/// U+FFFD, or .NET's regex on the lone surrogate, would classify it; the cut never changes the bytes, so encoding
/// stays lossless.</para>
/// </remarks>
public static class Gpt2PreTokenizer
{
    /// <summary>Character classes of the pattern.</summary>
    private enum CharClass : byte { Letter, Number, Space, Other }

    private static readonly CharClass[] AsciiClass = BuildAscii();

    /// <summary>Appends the pieces of <paramref name="utf8"/>, as (start, length) byte ranges in order, to <paramref name="pieces"/>.</summary>
    public static void Split(ReadOnlySpan<byte> utf8, List<Range> pieces)
    {
        int i = 0;
        while (i < utf8.Length)
        {
            int end = NextEnd(utf8, i);
            pieces.Add(new Range(i, end));
            i = end;
        }
    }

    /// <summary>The pieces of <paramref name="text"/> as strings (text is UTF-8 encoded first, a lone surrogate as the three bytes of its code unit, an "other" character).</summary>
    public static List<string> Split(string text)
    {
        var buf = new byte[Wtf8.MaxBytes(text.Length)];
        var bytes = buf.AsSpan(0, Wtf8.Encode(text, buf));
        var ranges = new List<Range>();
        Split(bytes, ranges);
        var result = new List<string>(ranges.Count);
        foreach (var r in ranges) result.Add(Wtf8.Decode(bytes[r]));
        return result;
    }

    /// <summary>The end (exclusive) of the piece that starts at byte <paramref name="start"/>.</summary>
    public static int NextEnd(ReadOnlySpan<byte> text, int start)
    {
        int n = text.Length;
        byte b0 = text[start];
        if (b0 == (byte)'\'' && start + 1 < n)
        {
            byte b1 = text[start + 1];
            if (b1 is (byte)'s' or (byte)'t' or (byte)'m' or (byte)'d') return start + 2;
            if (start + 2 < n)
            {
                byte b2 = text[start + 2];
                if ((b1 == 'r' && b2 == 'e') || (b1 == 'v' && b2 == 'e') || (b1 == 'l' && b2 == 'l')) return start + 3;
            }
        }

        if (b0 == (byte)' ' && start + 1 < n)
        {
            var next = ClassAt(text, start + 1, out _);
            if (next != CharClass.Space) return RunEnd(text, start + 1, next);
        }

        var cls = ClassAt(text, start, out int len);
        if (cls != CharClass.Space) return RunEnd(text, start + len, cls);

        // Whitespace: find the run's end and where its last character begins.
        int last = start, p = start + len;
        while (p < n)
        {
            if (ClassAt(text, p, out int l) != CharClass.Space) break;
            last = p;
            p += l;
        }
        if (p == n) return p;            // \s+(?!\S) at the end of the text
        return last > start ? last : p;  // backtrack one character, or \s+ for a single character
    }

    private static int RunEnd(ReadOnlySpan<byte> text, int p, CharClass cls)
    {
        while (p < text.Length)
        {
            if (ClassAt(text, p, out int l) != cls) break;
            p += l;
        }
        return p;
    }

    private static CharClass ClassAt(ReadOnlySpan<byte> text, int p, out int length)
    {
        byte b = text[p];
        if (b < 0x80) { length = 1; return AsciiClass[b]; }
        if (Rune.DecodeFromUtf8(text[p..], out var rune, out length) != OperationStatus.Done) return CharClass.Other;
        return Classify(rune);
    }

    private static CharClass Classify(Rune r)
    {
        if (Rune.IsWhiteSpace(r)) return CharClass.Space;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharClass.Number,
            _ => CharClass.Other,
        };
    }

    private static CharClass[] BuildAscii()
    {
        var t = new CharClass[128];
        for (int c = 0; c < 128; c++) t[c] = Classify(new Rune(c));
        return t;
    }
}
