using System.Globalization;
using System.Text;

namespace Glassbox.Data.Frame;

public sealed partial class DataFrame
{
    /// <summary>
    /// Reads a CSV file with a header row (<c>pandas.read_csv</c>): RFC 4180 quoting (see <see cref="CsvParser"/>),
    /// then per-column type inference (<see cref="InferKind"/>). <paramref name="kinds"/> forces the kind of
    /// named columns. Empty unquoted fields are missing; so are "NA"/"NaN"/"null" when the column is numeric.
    /// The file must be UTF-8 (a BOM is allowed): an invalid byte sequence is an error naming its offset rather
    /// than a silent U+FFFD in the data, as pandas' default <c>encoding="utf-8"</c> refuses it too.
    /// </summary>
    /// <exception cref="DataFormatException">Not UTF-8, bad quoting, ragged rows, a repeated column name, or a value that does not fit its forced kind.</exception>
    public static DataFrame ReadCsv(string path, IReadOnlyDictionary<string, ColumnKind>? kinds = null, char delimiter = ',')
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"DataFrame.ReadCsv: no file {path}", path);
        return ParseCsv(DecodeUtf8(File.ReadAllBytes(path), path), kinds, delimiter, path);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string DecodeUtf8(byte[] bytes, string source)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            string at = e.Index >= 0 ? $" at byte {e.Index}" : "";
            throw new DataFormatException(source, $"not valid UTF-8{at} (re-save the file as UTF-8)", e);
        }
    }

    /// <summary>As <see cref="ReadCsv"/> from CSV text.</summary>
    public static DataFrame ParseCsv(string text, IReadOnlyDictionary<string, ColumnKind>? kinds = null, char delimiter = ',', string source = "<csv text>")
    {
        var records = CsvParser.Parse(text, delimiter, source);
        if (records.Count == 0) return new DataFrame([]);
        var header = records[0].Select(f => f.Text).ToArray();
        int p = header.Length, n = records.Count - 1;
        for (int r = 1; r < records.Count; r++)
            if (records[r].Length != p)
                throw new DataFormatException(source, $"record {r + 1} has {records[r].Length} fields, the header has {p}");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var cols = new List<Column>(p);
        for (int j = 0; j < p; j++)
        {
            var raw = new string?[n];
            for (int i = 0; i < n; i++)
            {
                var f = records[i + 1][j];
                raw[i] = f.Text.Length == 0 && !f.Quoted ? null : f.Text;
            }
            var name = header[j].Length == 0 ? $"Unnamed: {j}" : header[j];
            if (!seen.TryAdd(name, j))
                throw new DataFormatException(source, $"the header names column '{name}' twice (fields {seen[name] + 1} and {j + 1})");
            var kind = kinds is not null && kinds.TryGetValue(name, out var k) ? k : InferKind(raw);
            cols.Add(Build(name, raw, kind, source));
        }
        return new DataFrame(cols);
    }

    private static readonly string[] NumericMissing = ["NA", "NaN", "nan", "N/A", "null", "NULL"];

    /// <summary>
    /// The kind a column of raw strings gets: Numeric when every present value parses as an invariant-culture
    /// number (NA markers allowed); Boolean when every present value is true/false (any case); Categorical when
    /// the distinct values are few (≤ 50 and at most half of the present values — Sex, Embarked); otherwise Text
    /// (Name, Ticket, Cabin).
    /// </summary>
    public static ColumnKind InferKind(IReadOnlyList<string?> raw)
    {
        var present = raw.Where(v => v is not null).Select(v => v!).ToList();
        if (present.Count == 0) return ColumnKind.Numeric;
        if (present.All(v => NumericMissing.Contains(v) || TryNumber(v, out _))) return ColumnKind.Numeric;
        if (present.All(v => v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase)))
            return ColumnKind.Boolean;
        int distinct = present.Distinct().Count();
        return distinct <= 50 && distinct * 2 <= present.Count ? ColumnKind.Categorical : ColumnKind.Text;
    }

    private static bool TryNumber(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);

    private static Column Build(string name, string?[] raw, ColumnKind kind, string source) => kind switch
    {
        ColumnKind.Numeric => NumericColumn.Own(name, raw.Select(v =>
            v is null || NumericMissing.Contains(v) ? double.NaN
            : TryNumber(v, out var d) ? d
            : throw new DataFormatException(source, $"column '{name}': '{v}' is not a number"))
            .ToArray()),
        ColumnKind.Boolean => new BooleanColumn(name, raw.Select(v => v is null ? (bool?)null
            : v.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
            : v.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
            : throw new DataFormatException(source, $"column '{name}': '{v}' is not true/false"))),
        ColumnKind.Categorical => new CategoricalColumn(name, raw),
        _ => new TextColumn(name, raw),
    };

    /// <summary>Writes the frame as CSV with a header (<c>to_csv(index=False)</c>); fields quoted only when needed; LF line ends.</summary>
    public void WriteCsv(string path, char delimiter = ',')
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, ToCsv(delimiter), new UTF8Encoding(false));
    }

    /// <summary>The CSV text <see cref="WriteCsv"/> writes.</summary>
    public string ToCsv(char delimiter = ',')
    {
        var sb = new StringBuilder();
        string d = delimiter.ToString();
        sb.Append(string.Join(d, ColumnNames.Select(h => CsvParser.Quote(h, delimiter)))).Append('\n');
        for (int i = 0; i < RowCount; i++)
            sb.Append(string.Join(d, columns.Select(c => CsvParser.Quote(c.Format(i), delimiter)))).Append('\n');
        return sb.ToString();
    }
}
