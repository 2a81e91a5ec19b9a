using System.Diagnostics;
using System.Globalization;
using System.Text;
using Glassbox.Data.Frame;
using nietras.SeparatedValues;

namespace Glassbox.Bench;

/// <summary>
/// <c>csv [--mb N] [--repeats K] [--file PATH]</c>: reads one generated CSV file (default 100 MB) into typed columns,
/// with Glassbox's <see cref="DataFrame.ReadCsv"/> and with Sep, the fastest .NET CSV parser, and prints the best of
/// K wall times of each. The file mixes what real files hold: integers, decimals with 5% missing, a 20-level
/// category, a boolean, and quoted text with commas, doubled quotes and line breaks.
/// </summary>
/// <remarks>
/// Equal work: both sides end with a double[] per numeric column (NaN for missing), a bool per boolean and a string
/// per text field. Sep is told the column types (it does not infer them); Glassbox infers them from the data, so it
/// does slightly more. Glassbox builds columns on all cores; Sep's row enumeration is sequential — the table says so.
/// </remarks>
internal static class CsvBench
{
    private static readonly string[] Cities = Enumerable.Range(0, 20).Select(i => $"city-{(char)('A' + i)}").ToArray();

    public static int Run(string[] args)
    {
        int mb = 100, repeats = 3;
        string? file = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mb": mb = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--file": file = args[++i]; break;
                default: Console.Error.WriteLine($"csv: unknown option {args[i]}"); return 2;
            }
        }
        bool temp = file is null;
        file ??= Path.Combine(Path.GetTempPath(), $"glassbox-csv-bench-{mb}mb.csv");
        if (!File.Exists(file)) Generate(file, (long)mb << 20);
        Console.WriteLine($"file: {new FileInfo(file).Length / 1e6:0.0} MB, {Environment.ProcessorCount} cores");
        double g = Best(repeats, () => DataFrame.ReadCsv(file).RowCount);
        double s = Best(repeats, () => ReadWithSep(file));
        Console.WriteLine($"| reader | best of {repeats} (s) | MB/s |");
        Console.WriteLine("|---|---|---|");
        double size = new FileInfo(file).Length / 1e6;
        Console.WriteLine($"| Glassbox DataFrame.ReadCsv (type inference, parallel columns) | {g:0.000} | {size / g:0} |");
        Console.WriteLine($"| Sep {typeof(Sep).Assembly.GetName().Version} (types given, sequential rows) | {s:0.000} | {size / s:0} |");
        if (temp) File.Delete(file);
        return 0;
    }

    private static double Best(int repeats, Func<int> read)
    {
        double best = double.MaxValue;
        int rows = 0;
        for (int k = 0; k < repeats; k++)
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            rows = read();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"  {rows} rows, best {best:0.000} s");
        return best;
    }

    /// <summary>Sep reading the same columns into the same typed arrays.</summary>
    private static int ReadWithSep(string path)
    {
        var id = new List<double>();
        var price = new List<double>();
        var qty = new List<double>();
        var score = new List<double>();
        var city = new List<string>();
        var flag = new List<bool>();
        var note = new List<string>();
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        foreach (var row in reader)
        {
            id.Add(row[0].Parse<double>());
            price.Add(row[1].Parse<double>());
            qty.Add(row[2].Parse<double>());
            score.Add(row[3].Span.Length == 0 ? double.NaN : row[3].Parse<double>());
            city.Add(row[4].ToString());
            flag.Add(row[5].Span.SequenceEqual("true"));
            note.Add(row[6].ToString());
        }
        return id.Count;
    }

    /// <summary>Writes about <paramref name="bytes"/> of CSV (seeded, so every run reads the same file).</summary>
    private static void Generate(string path, long bytes)
    {
        var rng = new Random(42);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write("id,price,qty,score,city,flag,note\n");
        var sb = new StringBuilder();
        for (long i = 0; w.BaseStream.Position < bytes; i++)
        {
            sb.Clear();
            sb.Append(i).Append(',')
              .Append(Math.Round(rng.NextDouble() * 10000, 2).ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(rng.Next(1, 500)).Append(',');
            if (rng.Next(20) != 0) sb.Append((rng.NextDouble() * 2 - 1).ToString("R", CultureInfo.InvariantCulture));
            sb.Append(',').Append(Cities[rng.Next(Cities.Length)]).Append(',').Append(rng.Next(2) == 0 ? "true" : "false").Append(',');
            sb.Append(rng.Next(4) switch
            {
                0 => $"plain note {i}",
                1 => $"\"with, a comma {i}\"",
                2 => $"\"said \"\"hello\"\" {i}\"",
                _ => $"\"two\nlines {i}\"",
            }).Append('\n');
            w.Write(sb);
        }
    }
}
