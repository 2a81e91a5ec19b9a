using System.Text;

namespace Glassbox.Data.Frame;

/// <summary>
/// RFC 4180 record splitter: fields separated by a delimiter, records by CRLF or LF; a field that starts with a
/// double quote runs to the matching closing quote and may contain delimiters, line breaks and doubled quotes
/// (<c>""</c> → <c>"</c>). The parser also reports, per field, whether it was quoted, so an empty quoted field
/// (<c>""</c>) can be told apart from a missing one.
/// </summary>
/// <remarks>
/// Lenient where RFC 4180 is silent and real files disagree: a trailing line break does not make an empty final
/// record, a UTF-8 BOM is skipped, and characters after a closing quote (<c>"ab"c</c>) are an error naming the line,
/// because guessing there silently corrupts data (Python's csv module keeps them; pandas' C parser too).
/// The splitting itself is <see cref="CsvTable"/>'s, shared with <see cref="DataFrame.ReadCsv"/>.
/// </remarks>
public static class CsvParser
{
    /// <summary>One field: its text and whether it was written in quotes.</summary>
    public readonly record struct Field(string Text, bool Quoted);

    /// <summary>Splits <paramref name="text"/> into records of fields; <paramref name="source"/> names the input in errors.</summary>
    /// <exception cref="DataFormatException">An unterminated quote or text after a closing quote (names the line).</exception>
    public static List<Field[]> Parse(string text, char delimiter = ',', string source = "<csv text>")
    {
        var t = CsvTable.Tokenize(Encoding.UTF8.GetBytes(text), delimiter, source);
        var records = new List<Field[]>(t.RecordCount);
        for (int r = 0; r < t.RecordCount; r++)
        {
            var row = new Field[t.FieldsIn(r)];
            for (int j = 0; j < row.Length; j++)
            {
                int f = t.FieldIndex(r, j);
                row[j] = new Field(t.Text(f), t.IsQuoted(f));
            }
            records.Add(row);
        }
        return records;
    }

    /// <summary>The field quoted when it contains the delimiter, a quote or a line break (quotes doubled), else as is.</summary>
    public static string Quote(string field, char delimiter = ',') =>
        field.IndexOfAny([delimiter, '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
