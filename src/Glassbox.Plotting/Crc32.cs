namespace Glassbox.Plotting;

/// <summary>
/// CRC-32 as PNG, zlib's <c>crc32</c> and Ethernet define it: polynomial 0x04C11DB7 processed bit-reflected
/// (0xEDB88320), initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF. CRC32("123456789") = 0xCBF43926.
/// </summary>
/// <remarks>
/// The table method (PNG specification, Annex D): the CRC is polynomial division over GF(2), and the effect of
/// shifting one whole byte through the register depends only on the register's low 8 bits XOR the byte, so the
/// 256 possible effects are computed once and each byte then costs one lookup, one shift and one XOR.
/// </remarks>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            // Eight single-bit steps of the reflected division: shift right, XOR the polynomial when a 1 falls out.
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }

    /// <summary>
    /// Continues a running CRC over more bytes. Start from <c>crc = 0</c>; feeding data in pieces gives the same
    /// result as feeding it at once (the pre/post inversion is applied inside, as zlib's API does).
    /// </summary>
    /// <param name="crc">The CRC of the bytes so far (0 for none).</param>
    /// <param name="data">The next bytes.</param>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        foreach (byte b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);
}
