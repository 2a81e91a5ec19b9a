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
    /// <remarks>
    /// Fast path: the bytes are split in place (<see cref="CsvTable"/>), numbers are parsed from the UTF-8 bytes
    /// without making a string per field, and the columns are typed and filled in parallel. Only string columns
    /// allocate their values.
    /// </remarks>
    /// <exception cref="DataFormatException">Not UTF-8, bad quoting, ragged rows (naming line and column), a repeated column name, or a value that does not fit its forced kind.</exception>
    public static DataFrame ReadCsv(string path, IReadOnlyDictionary<string, ColumnKind>? kinds = null, char delimiter = ',')
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"DataFrame.ReadCsv: no file {path}", path);
        return ParseCsvBytes(File.ReadAllBytes(path), kinds, delimiter, path);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static void ValidateUtf8(byte[] bytes, string source)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return;
        try
        {
            StrictUtf8.GetCharCount(bytes);
        }
        catch (DecoderFallbackException e)
        {
            string at = e.Index >= 0 ? $" at byte {e.Index}" : "";
            throw new DataFormatException(source, $"not valid UTF-8{at} (re-save the file as UTF-8)", e);
        }
        throw new DataFormatException(source, "not valid UTF-8 (re-save the file as UTF-8)");
    }

    /// <summary>As <see cref="ReadCsv"/> from CSV text.</summary>
    public static DataFrame ParseCsv(string text, IReadOnlyDictionary<string, ColumnKind>? kinds = null, char delimiter = ',', string source = "<csv text>") =>
        ParseCsvBytes(Encoding.UTF8.GetBytes(text), kinds, delimiter, source);

    /// <summary>As <see cref="ReadCsv"/> from the bytes of a UTF-8 CSV file; <paramref name="source"/> names it in errors.</summary>
    public static DataFrame ParseCsvBytes(byte[] utf8, IReadOnlyDictionary<string, ColumnKind>? kinds = null, char delimiter = ',', string source = "<csv bytes>")
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ValidateUtf8(utf8, source);
        var t = CsvTable.Tokenize(utf8, delimiter, source);
        if (t.RecordCount == 0) return new DataFrame([]);
        int p = t.FieldsIn(0), n = t.RecordCount - 1;
        for (int r = 1; r < t.RecordCount; r++)
        {
            int k = t.FieldsIn(r);
            if (k == p) continue;
            string where = k > p ? t.Where(r, t.FieldIndex(r, p)) : t.Where(r, t.FieldIndex(r, k - 1), atEnd: true);
            throw new DataFormatException(source, $"{where}: record {r + 1} has {k} fields, the header has {p}");
        }
        var header = Enumerable.Range(0, p).Select(j => t.Text(t.FieldIndex(0, j))).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new string[p];
        for (int j = 0; j < p; j++)
        {
            var name = header[j].Length == 0 ? $"Unnamed: {j}" : header[j];
            if (!seen.TryAdd(name, j))
                throw new DataFormatException(source, $"the header names column '{name}' twice (fields {seen[name] + 1} and {j + 1})");
            names[j] = name;
        }
        var cols = new Column[p];
        var errors = new Exception?[p];
        var options = new ParallelOptions { MaxDegreeOfParallelism = (long)n * p >= 1 << 16 ? Environment.ProcessorCount : 1 };
        Parallel.For(0, p, options, j =>
        {
            try { cols[j] = BuildColumn(t, names[j], j, n, p, kinds is not null && kinds.TryGetValue(names[j], out var k) ? k : null); }
            catch (DataFormatException e) { errors[j] = e; }
        });
        // the leftmost column's error, whichever thread met it first, so the message does not depend on scheduling
        if (Array.Find(errors, e => e is not null) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
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
        return StringKind(present);
    }

    private static ColumnKind StringKind(IEnumerable<string> present)
    {
        int count = 0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in present) { count++; distinct.Add(v); }
        return distinct.Count <= 50 && distinct.Count * 2 <= count ? ColumnKind.Categorical : ColumnKind.Text;
    }

    private static bool TryNumber(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);

    /// <summary>
    /// Column <paramref name="j"/> of the <paramref name="n"/> data records, typed as forced or by the rule of
    /// <see cref="InferKind"/> applied to the bytes: numbers first (parsed straight from UTF-8), then booleans,
    /// then strings (decoded only now).
    /// </summary>
    private static Column BuildColumn(CsvTable t, string name, int j, int n, int p, ColumnKind? forced)
    {
        int Field(int i) => (i + 1) * p + j;
        if (forced is null or ColumnKind.Numeric)
        {
            var v = new double[n];
            bool ok = true;
            for (int i = 0; i < n && ok; i++)
            {
                int f = Field(i);
                if (t.IsMissing(f)) { v[i] = double.NaN; continue; }
                var raw = t.Raw(f);
                if (CsvTable.TryNumber(raw, out v[i])) continue;
                if (CsvTable.IsNumericMissing(raw)) { v[i] = double.NaN; continue; }
                if (forced is not null)
                    throw new DataFormatException(t.Source, $"{t.Where(i + 1, f)}: column '{name}': '{t.Text(f)}' is not a number");
                ok = false;
            }
            if (ok) return NumericColumn.Own(name, v);
        }
        if (forced is null or ColumnKind.Boolean)
        {
            var b = new bool?[n];
            bool ok = true;
            for (int i = 0; i < n && ok; i++)
            {
                int f = Field(i);
                if (t.IsMissing(f)) continue;
                if (CsvTable.TryBoolean(t.Raw(f), out var x)) { b[i] = x; continue; }
                if (forced is not null)
                    throw new DataFormatException(t.Source, $"{t.Where(i + 1, f)}: column '{name}': '{t.Text(f)}' is not true/false");
                ok = false;
            }
            if (ok) return new BooleanColumn(name, b);
        }
        var s = new string?[n];
        for (int i = 0; i < n; i++)
        {
            int f = Field(i);
            s[i] = t.IsMissing(f) ? null : t.Text(f);
        }
        var kind = forced ?? StringKind(s.Where(x => x is not null)!);
        return kind == ColumnKind.Categorical ? new CategoricalColumn(name, s) : new TextColumn(name, s);
    }

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
