namespace Glassbox.Text;

/// <summary>
/// GPT-2's reversible map between the 256 byte values and 256 printable Unicode characters (Radford et al. 2019,
/// <c>bytes_to_unicode</c> in OpenAI's encoder). It exists only so that byte-level tokens can be written as text in
/// <c>vocab.json</c> and <c>merges.txt</c>: every token is a byte string, and byte strings are not valid JSON keys.
/// </summary>
/// <remarks>
/// <para>The rule: the 188 bytes that are already visible, non-space Latin-1 characters (<c>!</c>..<c>~</c>,
/// <c>¡</c>..<c>¬</c>, <c>®</c>..<c>ÿ</c>) stand for themselves; the other 68 bytes (controls, space, DEL, the
/// C1 block, NBSP and the soft hyphen), taken in increasing byte order, stand for U+0100, U+0101, … U+0143.
/// So space (0x20) is written <c>Ġ</c> (U+0120) and newline (0x0A) <c>Ċ</c> (U+010A) — which is why GPT-2 vocab
/// files are full of those two letters.</para>
/// <para>The same order gives GPT-2's ids of the 256 single-byte tokens: the 188 visible bytes first
/// (<c>!</c> is id 0), then the 68 remapped ones (space is id 220). <see cref="ByteAtRank"/> exposes it;
/// Glassbox's trainer numbers its byte tokens the same way so a trained vocabulary reads like GPT-2's.</para>
/// <para>The written characters never include ASCII space, <c>\r</c> or <c>\n</c>, so a merge line
/// "<c>left right</c>" is unambiguous.</para>
/// </remarks>
public static class Gpt2ByteMap
{
    private static readonly char[] ByteToCharTable = BuildByteToChar(out RankOrder);
    private static readonly byte[] RankOrder;
    private static readonly short[] CharToByteTable = BuildCharToByte();

    /// <summary>The character that stands for byte <paramref name="b"/>.</summary>
    public static char ToChar(byte b) => ByteToCharTable[b];

    /// <summary>The byte that <paramref name="c"/> stands for, or false when <paramref name="c"/> is not one of the 256 characters of the map.</summary>
    public static bool TryToByte(char c, out byte b)
    {
        int v = c < CharToByteTable.Length ? CharToByteTable[c] : -1;
        b = (byte)Math.Max(v, 0);
        return v >= 0;
    }

    /// <summary>The byte whose single-byte token GPT-2 numbers <paramref name="rank"/> (0..255): visible bytes first, then the remapped ones in byte order.</summary>
    public static byte ByteAtRank(int rank) => RankOrder[rank];

    /// <summary>Writes a byte string as GPT-2 vocabulary text (one character per byte).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = ByteToCharTable[bytes[i]];
        return new string(chars);
    }

    /// <summary>
    /// Reads GPT-2 vocabulary text back into bytes. Returns false, with the offending position, when a character is
    /// not one of the map's 256 (such text cannot have been written by <see cref="Encode"/>).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes, out int badIndex)
    {
        bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (!TryToByte(text[i], out bytes[i]))
            {
                badIndex = i;
                bytes = [];
                return false;
            }
        }
        badIndex = -1;
        return true;
    }

    private static bool IsVisible(int b) => (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);

    private static char[] BuildByteToChar(out byte[] rankOrder)
    {
        var map = new char[256];
        rankOrder = new byte[256];
        int rank = 0;
        for (int b = 0; b < 256; b++)
            if (IsVisible(b)) { map[b] = (char)b; rankOrder[rank++] = (byte)b; }
        int next = 0;
        for (int b = 0; b < 256; b++)
            if (!IsVisible(b)) { map[b] = (char)(256 + next++); rankOrder[rank++] = (byte)b; }
        return map;
    }

    private static short[] BuildCharToByte()
    {
        var inv = new short[256 + 68];
        Array.Fill(inv, (short)-1);
        for (int b = 0; b < 256; b++) inv[ByteToCharTable[b]] = (short)b;
        return inv;
    }
}
