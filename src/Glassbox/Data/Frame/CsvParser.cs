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
/// </remarks>
public static class CsvParser
{
    /// <summary>One field: its text and whether it was written in quotes.</summary>
    public readonly record struct Field(string Text, bool Quoted);

    /// <summary>Splits <paramref name="text"/> into records of fields; <paramref name="source"/> names the input in errors.</summary>
    /// <exception cref="DataFormatException">An unterminated quote or text after a closing quote (names the line).</exception>
    public static List<Field[]> Parse(string text, char delimiter = ',', string source = "<csv text>")
    {
        var records = new List<Field[]>();
        var row = new List<Field>();
        var sb = new StringBuilder();
        int i = 0, n = text.Length, line = 1;
        if (n > 0 && text[0] == '\uFEFF') i = 1;
        if (i >= n) return records;
        while (true)
        {
            // at the start of a field
            bool quoted = false;
            sb.Clear();
            if (i < n && text[i] == '"')
            {
                quoted = true;
                int startLine = line;
                i++;
                while (true)
                {
                    if (i >= n) throw new DataFormatException(source, $"unterminated quoted field starting on line {startLine}");
                    char c = text[i];
                    if (c == '"')
                    {
                        if (i + 1 < n && text[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (c == '\n') line++;
                    sb.Append(c);
                    i++;
                }
                if (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r')
                    throw new DataFormatException(source, $"unexpected character '{text[i]}' after a closing quote on line {line}");
            }
            else
            {
                while (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') sb.Append(text[i++]);
            }
            row.Add(new Field(sb.ToString(), quoted));
            if (i >= n) { records.Add([.. row]); break; }
            char sep = text[i];
            if (sep == delimiter) { i++; continue; }
            // end of record: CRLF, LF or a lone CR
            i += sep == '\r' && i + 1 < n && text[i + 1] == '\n' ? 2 : 1;
            line++;
            records.Add([.. row]);
            row.Clear();
            if (i >= n) break;
        }
        return records;
    }

    /// <summary>The field quoted when it contains the delimiter, a quote or a line break (quotes doubled), else as is.</summary>
    public static string Quote(string field, char delimiter = ',') =>
        field.IndexOfAny([delimiter, '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
