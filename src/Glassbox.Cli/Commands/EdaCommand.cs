using Glassbox.Data.Frame;
using Glassbox.Milestones.Eda;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox eda FILE.csv --target COL [--out report.html]</c>: profiles a CSV file against a target column and
/// writes a self-contained HTML report (<see cref="EdaReport"/>, <see cref="EdaHtml"/>). This class only parses the
/// arguments; the analysis and the page live in Glassbox.Milestones.
/// </summary>
public static class EdaCommand
{
    /// <summary>What <c>glassbox eda</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("eda", """
        usage: glassbox eda FILE.csv --target COL [--out FILE.html]

          FILE.csv      a UTF-8 CSV file with a header row
          --target COL  the column to explain (numeric, boolean or two-valued: its mean per category is a rate)
          --out FILE    where to write the report (default: FILE.eda.html beside the CSV), written atomically

        The report is one HTML file with no external resources: column types, missingness, distributions,
        Pearson correlations and Cramér's V, and the target's mean per category of each low-cardinality column.
        """, [], ["target", "out"], 1);

    /// <summary>Runs <c>glassbox eda</c>; <paramref name="words"/> are the words after <c>eda</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        var file = args.Positional(0) ?? throw new UsageException(Spec, "which file? give a CSV file");
        var target = args.Option("target") ?? throw new UsageException(Spec, "--target COL is required: the column to explain");
        var output = args.Option("out") ?? Path.ChangeExtension(file, ".eda.html");
        if (!File.Exists(file)) throw new FileNotFoundException($"no such file: {file}", file);
        var frame = DataFrame.ReadCsv(file);
        EdaReport report;
        try
        {
            report = EdaReport.Analyze(frame, target, file);
        }
        catch (ArgumentException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
        EdaHtml.Write(report, output);
        ctx.Out.WriteLine($"wrote {output}: {frame.RowCount} rows × {frame.Columns.Count} columns, {report.TargetDescription} {report.TargetMean:0.###}");
        return 0;
    }
}
