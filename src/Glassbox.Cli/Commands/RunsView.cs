using System.Globalization;
using Glassbox.Tracking;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Glassbox.Cli.Commands;

/// <summary>
/// The terminal tables of <c>glassbox runs</c>, drawn with Spectre.Console on the command's standard output.
/// </summary>
/// <remarks>
/// Every cell is plain <see cref="Text"/>, never markup: run names, parameters and paths are user data, and a
/// bracket in them must print as a bracket. Colour and the terminal's width are used only when standard output is the
/// real console; written to a file, a pipe or a test's writer the tables are plain text up to 200 columns wide, so the
/// output is the same wherever it is captured.
/// </remarks>
internal static class RunsView
{
    public static void List(CliContext ctx, string path, IReadOnlyList<RunSummary> runs)
    {
        var console = Console(ctx);
        if (runs.Count == 0)
        {
            console.WriteLine($"no runs recorded in {path}");
            return;
        }
        var table = NewTable("id", "name", "experiment", "status", "started (UTC)", "duration", "commit");
        table.Columns[0].RightAligned();
        foreach (var r in runs)
            table.AddRow(Cell(r.Id.ToString(CultureInfo.InvariantCulture)), Cell(r.Name), Cell(r.Experiment ?? ""), Status(r.Status),
                Cell(Time(r.StartTime)), Cell(Duration(r.Duration)), Cell(ShortCommit(r.GitCommit)));
        console.Write(table);
        console.WriteLine($"{runs.Count} run{(runs.Count == 1 ? "" : "s")} in {path}");
    }

    public static void Show(CliContext ctx, RunDetails d)
    {
        var console = Console(ctx);
        var r = d.Run;
        var head = new Grid().AddColumn().AddColumn();
        void Line(string k, IRenderable v) => head.AddRow(Cell(k), v);
        Line("run", Cell($"{r.Id}  {r.Name}"));
        Line("experiment", Cell(r.Experiment ?? "-"));
        Line("status", Status(r.Status));
        if (r.Message is not null) Line("message", Cell(r.Message));
        Line("started", Cell(Time(r.StartTime) + " UTC"));
        Line("ended", Cell(r.EndTime is { } e ? $"{Time(e)} UTC ({Duration(r.Duration)})" : "-"));
        Line("git commit", Cell(r.GitCommit ?? "-"));
        Line("process", Cell($"pid {r.Pid} on {r.Host}"));
        console.Write(head);

        if (d.Params.Count > 0)
        {
            var t = NewTable("parameter", "value", "type");
            foreach (var (k, v) in d.Params) t.AddRow(Cell(k), Cell(v.ToString()), Cell(v.Type));
            console.Write(t);
        }
        if (d.Metrics.Count > 0)
        {
            var t = NewTable("metric", "last", "step", "best", "min", "max", "count");
            for (int i = 1; i < 7; i++) t.Columns[i].RightAligned();
            foreach (var m in d.Metrics)
                t.AddRow(Cell(m.Key), Cell(Number(m.Last)), Cell(m.LastStep.ToString(CultureInfo.InvariantCulture)),
                    Cell(Number(m.Best) + (m.LowerIsBetter ? " (min)" : " (max)")), Cell(Number(m.Min)), Cell(Number(m.Max)), Cell(m.Count.ToString(CultureInfo.InvariantCulture)));
            console.Write(t);
        }
        if (d.Tags.Count > 0)
        {
            var t = NewTable("tag", "value");
            foreach (var (k, v) in d.Tags) t.AddRow(Cell(k), Cell(v));
            console.Write(t);
        }
        if (d.Artifacts.Count > 0)
        {
            var t = NewTable("artifact", "kind", "size", "sha256");
            t.Columns[2].RightAligned();
            foreach (var a in d.Artifacts) t.AddRow(Cell(a.Path), Cell(a.Kind), Cell(Size(a.Size)), Cell(a.Sha256[..16] + "…"));
            console.Write(t);
        }
    }

    public static void Compare(CliContext ctx, IReadOnlyList<RunDetails> runs)
    {
        var console = Console(ctx);
        var header = new[] { "", "parameter" }.Concat(runs.Select(r => $"run {r.Run.Id}")).ToArray();
        var p = NewTable(header);
        var keys = runs.SelectMany(r => r.Params.Select(x => x.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var k in keys)
        {
            bool differs = RunsCommand.ParamDiffers(runs, k);
            var row = new List<IRenderable> { Cell(differs ? "*" : ""), differs ? new Spectre.Console.Text(k, new Style(decoration: Decoration.Bold)) : Cell(k) };
            row.AddRange(runs.Select(r => RunsCommand.Param(r, k) is { } v ? Cell(v.ToString()) : Cell("-")));
            p.AddRow(row);
        }
        console.Write(p);
        int differing = keys.Count(k => RunsCommand.ParamDiffers(runs, k));
        console.WriteLine($"* marks the {differing} of {keys.Count} parameters that differ ('-': not recorded in that run)");

        var mkeys = runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (mkeys.Count == 0) return;
        var t = NewTable(new[] { "metric", "" }.Concat(runs.Select(r => $"run {r.Run.Id}")).ToArray());
        for (int i = 2; i < runs.Count + 2; i++) t.Columns[i].RightAligned();
        foreach (var k in mkeys)
        {
            var ms = runs.Select(r => r.Metrics.FirstOrDefault(m => m.Key == k)).ToList();
            t.AddRow([Cell(k), Cell("last"), .. ms.Select(m => Cell(m is null ? "-" : Number(m.Last)))]);
            if (ms.Any(m => m is { Count: > 1 }))
                t.AddRow([Cell(""), Cell(MetricSummary.IsLowerBetter(k) ? "best (min)" : "best (max)"), .. ms.Select(m => Cell(m is null ? "-" : Number(m.Best)))]);
        }
        console.Write(t);
        console.WriteLine("runs: " + string.Join("; ", runs.Select(r => $"{r.Run.Id} = {r.Run.Name} ({r.Run.Status.ToText()})")));
    }

    private static IAnsiConsole Console(CliContext ctx)
    {
        bool terminal = ReferenceEquals(ctx.Out, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(ctx.Out),
        });
        if (!terminal)
        {
            console.Profile.Width = 200;
            console.Profile.Capabilities.Unicode = true; // .NET writes UTF-8 to files and pipes
        }
        return console;
    }

    private static Table NewTable(params string[] headers)
    {
        var t = new Table().Border(TableBorder.Rounded);
        foreach (var h in headers) t.AddColumn(new TableColumn(new Spectre.Console.Text(h, new Style(decoration: Decoration.Bold))));
        return t;
    }

    private static Spectre.Console.Text Cell(string s) => new(s);

    private static Spectre.Console.Text Status(RunStatus s) => new(s.ToText(), new Style(s switch
    {
        RunStatus.Finished => Color.Green,
        RunStatus.Running => Color.Blue,
        RunStatus.Failed => Color.Red,
        _ => Color.Yellow,
    }));

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan? d) => d switch
    {
        null => "running",
        { TotalSeconds: < 60 } x => x.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        { TotalHours: < 1 } x => $"{(int)x.TotalMinutes} min {x.Seconds} s",
        { } x => $"{(int)x.TotalHours} h {x.Minutes} min",
    };

    private static string ShortCommit(string? c) => c is null ? "-" : c[..Math.Min(8, c.Length)];

    private static string Number(double v) => double.IsNaN(v) ? "NaN" : v.ToString("G6", CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };
}
