using System.Buffers;
using System.Globalization;
using System.Text;

namespace Glassbox.Data.Frame;

/// <summary>
/// A tokenized CSV file: the UTF-8 bytes and, per field, where it lies — no string is made while splitting. Fields
/// are located with vectorized searches (<see cref="MemoryExtensions.IndexOfAny{T}(ReadOnlySpan{T}, SearchValues{T})"/>
/// for the next delimiter or line break, <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, T)"/> for a closing
/// quote), which works on UTF-8 because every byte that matters to CSV is ASCII and never occurs inside a multi-byte
/// character. Numbers are later parsed straight from these byte ranges; only string columns decode their fields.
/// </summary>
/// <remarks>The quoting rules are those of <see cref="CsvParser"/>.</remarks>
internal sealed class CsvTable
{
    private const byte Quote = (byte)'"';
    internal const byte QuotedFlag = 1, EscapedFlag = 2;

    public readonly byte[] Data;
    public readonly string Source;
    private int[] starts, ends;
    private byte[] flags;
    private int fieldCount;
    private readonly List<int> recordFirstField = [];
    private readonly List<int> recordLine = [];

    private CsvTable(byte[] data, string source)
    {
        Data = data;
        Source = source;
        int guess = Math.Clamp(data.Length / 6, 16, 1 << 26);
        starts = new int[guess];
        ends = new int[guess];
        flags = new byte[guess];
    }

    /// <summary>Number of records, the header included.</summary>
    public int RecordCount => recordLine.Count;

    /// <summary>Fields in record <paramref name="r"/>.</summary>
    public int FieldsIn(int r) => (r + 1 < recordFirstField.Count ? recordFirstField[r + 1] : fieldCount) - recordFirstField[r];

    /// <summary>Index of field <paramref name="j"/> of record <paramref name="r"/>.</summary>
    public int FieldIndex(int r, int j) => recordFirstField[r] + j;

    /// <summary>The 1-based line on which record <paramref name="r"/> starts.</summary>
    public int LineOf(int r) => recordLine[r];

    /// <summary>The raw bytes of field <paramref name="f"/> (inside the quotes; doubled quotes still doubled).</summary>
    public ReadOnlySpan<byte> Raw(int f) => Data.AsSpan(starts[f], ends[f] - starts[f]);

    /// <summary>True when field <paramref name="f"/> was written in quotes.</summary>
    public bool IsQuoted(int f) => (flags[f] & QuotedFlag) != 0;

    /// <summary>True when field <paramref name="f"/> is missing: empty and unquoted.</summary>
    public bool IsMissing(int f) => ends[f] == starts[f] && (flags[f] & QuotedFlag) == 0;

    /// <summary>The field's text: decoded, doubled quotes undoubled.</summary>
    public string Text(int f)
    {
        var s = Encoding.UTF8.GetString(Raw(f));
        return (flags[f] & EscapedFlag) != 0 ? s.Replace("\"\"", "\"") : s;
    }

    /// <summary>
    /// "line L, column C" of where field <paramref name="f"/> of record <paramref name="r"/> starts (or, with
    /// <paramref name="atEnd"/>, of where it ends), C counting characters from 1; for error messages.
    /// </summary>
    public string Where(int r, int f, bool atEnd = false)
    {
        int offset = atEnd ? ends[f] + (IsQuoted(f) ? 1 : 0) : starts[f] - (IsQuoted(f) ? 1 : 0);
        int line = recordLine[r] + Data.AsSpan(starts[recordFirstField[r]], Math.Max(0, offset - starts[recordFirstField[r]])).Count((byte)'\n');
        int lineStart = Data.AsSpan(0, offset).LastIndexOf((byte)'\n') + 1;
        int column = Encoding.UTF8.GetCharCount(Data.AsSpan(lineStart, offset - lineStart)) + 1;
        return $"line {line}, column {column}";
    }

    private void AddField(int start, int end, byte flag)
    {
        if (fieldCount == starts.Length)
        {
            int size = checked(fieldCount * 2);
            Array.Resize(ref starts, size);
            Array.Resize(ref ends, size);
            Array.Resize(ref flags, size);
        }
        starts[fieldCount] = start;
        ends[fieldCount] = end;
        flags[fieldCount] = flag;
        fieldCount++;
    }

    /// <summary>
    /// Splits <paramref name="data"/> (UTF-8, already validated) into records and fields.
    /// </summary>
    /// <exception cref="DataFormatException">An unterminated quote, or text after a closing quote (names the line).</exception>
    public static CsvTable Tokenize(byte[] data, char delimiter, string source)
    {
        if (delimiter is '"' or '\n' or '\r' || delimiter > 127)
            throw new ArgumentException($"CSV delimiter must be an ASCII character other than a quote or line break, not '{delimiter}'", nameof(delimiter));
        byte delim = (byte)delimiter;
        var stops = SearchValues.Create([delim, (byte)'\n', (byte)'\r']);
        var t = new CsvTable(data, source);
        int n = data.Length, i = 0, line = 1;
        if (n >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) i = 3;
        if (i >= n) return t;
        t.recordFirstField.Add(0);
        t.recordLine.Add(1);
        var span = data.AsSpan();
        while (true)
        {
            // at the start of a field
            if (i < n && data[i] == Quote)
            {
                int startLine = line;
                byte flag = QuotedFlag;
                int start = ++i;
                while (true)
                {
                    int q = span[i..].IndexOf(Quote);
                    if (q < 0) throw new DataFormatException(source, $"unterminated quoted field starting on line {startLine}");
                    line += span.Slice(i, q).Count((byte)'\n');
                    i += q;
                    if (i + 1 < n && data[i + 1] == Quote) { flag |= EscapedFlag; i += 2; continue; }
                    break;
                }
                t.AddField(start, i, flag);
                i++;
                if (i < n && data[i] != delim && data[i] != '\n' && data[i] != '\r')
                {
                    System.Text.Rune.DecodeFromUtf8(span[i..], out var rune, out _);
                    throw new DataFormatException(source, $"unexpected character '{rune}' after a closing quote on line {line}");
                }
            }
            else
            {
                int k = span[i..].IndexOfAny(stops);
                int end = k < 0 ? n : i + k;
                t.AddField(i, end, 0);
                i = end;
            }
            if (i >= n) break;
            byte sep = data[i];
            if (sep == delim) { i++; continue; }
            // end of record: CRLF, LF or a lone CR
            i += sep == '\r' && i + 1 < n && data[i + 1] == '\n' ? 2 : 1;
            line++;
            if (i >= n) break;
            t.recordFirstField.Add(t.fieldCount);
            t.recordLine.Add(line);
        }
        return t;
    }

    private static readonly byte[][] NumericMissingUtf8 = ["NA"u8.ToArray(), "NaN"u8.ToArray(), "nan"u8.ToArray(), "N/A"u8.ToArray(), "null"u8.ToArray(), "NULL"u8.ToArray()];

    /// <summary>True when the bytes are one of the markers a numeric column reads as missing.</summary>
    public static bool IsNumericMissing(ReadOnlySpan<byte> s)
    {
        if (s.Length is < 2 or > 4) return false;
        foreach (var m in NumericMissingUtf8) if (s.SequenceEqual(m)) return true;
        return false;
    }

    /// <summary>Parses an invariant-culture number from UTF-8 (the rule of <see cref="double.TryParse(string, NumberStyles, IFormatProvider, out double)"/>).</summary>
    public static bool TryNumber(ReadOnlySpan<byte> s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);

    /// <summary>True for "true"/"false" in any case; <paramref name="value"/> says which.</summary>
    public static bool TryBoolean(ReadOnlySpan<byte> s, out bool value)
    {
        value = s.Length == 4;
        return s.Length == 4 ? Ascii.EqualsIgnoreCase(s, "true"u8) : s.Length == 5 && Ascii.EqualsIgnoreCase(s, "false"u8);
    }
}
