using System.Text;
using Glassbox.Data;
using Glassbox.Data.Frame;
using Xunit.Abstractions;

namespace Glassbox.Tests.Fuzz;

/// <summary>
/// Fuzzes <see cref="DataFrame.ReadCsv"/> with CSV-aware edits (quotes, separators, line breaks, ragged rows,
/// repeated or empty header names, huge and odd numbers, invalid UTF-8, a BOM) and byte mutations. Only
/// <see cref="DataFormatException"/> naming the file may come out.
/// </summary>
public sealed class CsvFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-fuzz-csv-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private const string Valid =
        "PassengerId,Survived,Name,Sex,Age,Fare,Cabin,Alone\n" +
        "1,0,\"Braund, Mr. Owen Harris\",male,22,7.25,,true\n" +
        "2,1,\"Cumings, Mrs. John Bradley (Florence Briggs Thayer)\",female,38,71.2833,C85,false\n" +
        "3,1,\"Heikkinen, Miss. \"\"Laina\"\"\",female,NA,7.925,,true\n" +
        "4,1,Futrelle,female,35,53.1,C123,FALSE\r\n" +
        "5,0,\"Allen,\nMr. William\",male,35,8.05,\"\",True\n";

    private static readonly string[] Tokens =
    [
        "\"", "\"\"", ",", "\n", "\r", "\r\n", "1e400", "-1e-400", new string('9', 400), "NaN", "Infinity", "-0", "0x1F",
        "1_000", "1,5", "true", "NA", "", "\uFEFF", "\u0000", "é", "\uD83D\uDE00",
    ];

    private static readonly byte[][] BadUtf8 = [[0xFF], [0xC3, 0x28], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]];

    private static (byte[] Bytes, string What) Structured(Random rng)
    {
        var lines = Valid.Split('\n').ToList();
        string what;
        switch (rng.Next(7))
        {
            case 0:
            {
                string t = Tokens[rng.Next(Tokens.Length)];
                int at = rng.Next(Valid.Length + 1);
                return (Encoding.UTF8.GetBytes(Valid.Insert(at, t)), $"insert {Escape(t)} at {at}");
            }
            case 1:
            {
                // Ragged row: drop or add a field.
                int r = 1 + rng.Next(lines.Count - 2);
                lines[r] = rng.Next(2) == 0 ? lines[r] + ",extra" : lines[r][..Math.Max(0, lines[r].LastIndexOf(','))];
                what = $"ragged line {r + 1}";
                break;
            }
            case 2:
            {
                // Replace one field of a data row with an odd token.
                int r = 1 + rng.Next(lines.Count - 2);
                var fields = lines[r].Split(',');
                int k = rng.Next(fields.Length);
                fields[k] = Tokens[rng.Next(Tokens.Length)];
                lines[r] = string.Join(",", fields);
                what = $"field {k} of line {r + 1} = {Escape(fields[k])}";
                break;
            }
            case 3:
            {
                var header = lines[0].Split(',');
                int k = rng.Next(header.Length);
                header[k] = rng.Next(2) == 0 ? header[(k + 1) % header.Length] : "";
                lines[0] = string.Join(",", header);
                what = $"header field {k} = '{header[k]}'";
                break;
            }
            case 4:
            {
                int r = rng.Next(lines.Count);
                lines.Insert(r, lines[rng.Next(lines.Count)]);
                what = $"duplicate a line at {r + 1}";
                break;
            }
            case 5:
            {
                var bytes = Encoding.UTF8.GetBytes(Valid).ToList();
                var bad = BadUtf8[rng.Next(BadUtf8.Length)];
                int at = rng.Next(bytes.Count + 1);
                bytes.InsertRange(at, bad);
                return (bytes.ToArray(), $"insert invalid UTF-8 {Convert.ToHexString(bad)} at byte {at}");
            }
            default:
            {
                int r = rng.Next(lines.Count);
                lines[r] = lines[r].Replace(',', rng.Next(2) == 0 ? ';' : '\t');
                what = $"other separator on line {r + 1}";
                break;
            }
        }
        return (Encoding.UTF8.GetBytes(string.Join("\n", lines)), what);
    }

    private static string Escape(string s) => s.Length > 20 ? $"'{s[..5]}…' ({s.Length} chars)" : "'" + s.Replace("\r", "\\r").Replace("\n", "\\n") + "'";

    [Fact]
    public void ReadCsvRejectsMutatedFilesWithFormatErrorsOnly()
    {
        byte[] valid = Encoding.UTF8.GetBytes(Valid);
        var forced = new Dictionary<string, ColumnKind> { ["Age"] = ColumnKind.Numeric, ["Alone"] = ColumnKind.Boolean };
        var runner = new FuzzRunner(output, "CSV", dir)
        {
            // Text is held as UTF-16 (2 bytes per byte), split into field strings (~30 bytes of object overhead each,
            // and a field can be a single byte), then copied into typed columns.
            AllocationPerByte = 200,
            AllocationSlack = 64 << 10,
        };
        int calls = 0; // alternate inferred and forced column kinds, case by case
        runner.Run(seed: 4_180_000, "case.csv",
            rng =>
            {
                var (bytes, what) = rng.Next(2) == 0 ? Structured(rng) : ByteMutator.Mutate(rng, valid, valid);
                return rng.Next(4) == 0 ? ByteMutator.Mutate(rng, bytes) is var m ? (m.Bytes, what + "; " + m.What) : default : (bytes, what);
            },
            path => DataFrame.ReadCsv(path, calls++ % 2 == 0 ? forced : null),
            e => e is DataFormatException);
    }
}
