using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Glassbox.Text;

/// <summary>
/// UTF-16 ↔ bytes for the tokenizer's string overloads: UTF-8, except that a lone surrogate (a .NET string may hold
/// one; it has no UTF-8 form) is written as the three bytes its code unit would take (<c>ED A0..BF 80..BF</c>, the
/// "WTF-8" convention) instead of being replaced by U+FFFD. So every string, even an ill-formed one, survives
/// encode → decode unchanged. Microsoft.ML.Tokenizers' GPT-2 tokenizer writes lone surrogates the same way, which
/// the parity tests rely on.
/// </summary>
internal static class Wtf8
{
    /// <summary>Upper bound of the byte length of <paramref name="length"/> UTF-16 code units.</summary>
    public static int MaxBytes(int length) => checked(length * 3);

    /// <summary>Writes <paramref name="text"/> into <paramref name="dst"/> (at least <see cref="MaxBytes"/> long); returns the byte count.</summary>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> dst)
    {
        int written = 0;
        while (true)
        {
            var status = Utf8.FromUtf16(text, dst[written..], out int read, out int wrote, replaceInvalidSequences: false);
            written += wrote;
            if (status == OperationStatus.Done) return written;
            // InvalidData (a lone surrogate; NeedMoreData cannot happen with isFinalBlock) at text[read].
            char c = text[read];
            dst[written++] = 0xED;
            dst[written++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            dst[written++] = (byte)(0x80 | (c & 0x3F));
            text = text[(read + 1)..];
        }
    }

    /// <summary>
    /// Reads bytes as text: valid UTF-8 as usual, a three-byte surrogate form as that lone code unit, and any other
    /// invalid sequence (each maximal invalid subsequence) as U+FFFD — what <see cref="Encoding.UTF8"/> does on input
    /// without surrogate forms.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];   // never more chars than bytes
        int n = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes, chars.AsSpan(n), out int read, out int wrote, replaceInvalidSequences: false);
            n += wrote;
            if (status == OperationStatus.Done) break;
            bytes = bytes[read..];
            if (bytes.Length >= 3 && bytes[0] == 0xED && bytes[1] >= 0xA0 && bytes[1] <= 0xBF && (bytes[2] & 0xC0) == 0x80)
            {
                chars[n++] = (char)(0xD000 | ((bytes[1] & 0x3F) << 6) | (bytes[2] & 0x3F));
                bytes = bytes[3..];
                continue;
            }
            Rune.DecodeFromUtf8(bytes, out _, out int skip);
            chars[n++] = '\uFFFD';
            bytes = bytes[Math.Max(1, skip)..];
        }
        return new string(chars, 0, n);
    }
}
