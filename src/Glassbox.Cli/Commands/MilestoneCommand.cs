using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glassbox.Milestones;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox milestones</c> and <c>glassbox milestone ID [--json] [--quick] [--seed N] [--data-dir D] [--out DIR] [--only ROW,...]</c>.</summary>
public static class MilestoneCommand
{
    /// <summary>What <c>glassbox milestones</c> accepts.</summary>
    public static CommandSpec ListSpec { get; } = new("milestones", """
        usage: glassbox milestones

        Lists every milestone with its last recorded result ($GLASSBOX_HOME/milestones.json, else the per-user
        Glassbox folder) and what it proves. Every run's full record is in runs.db beside it: see `glassbox runs`.
        """, [], [], 0);

    /// <summary>What <c>glassbox milestone</c> accepts.</summary>
    public static CommandSpec RunSpec { get; } = new("milestone", $"""
        usage: glassbox milestone ID [--json] [--quick] [--seed N] [--data-dir DIR] [--out DIR] [--only ROW,...]

          ID              one of: {string.Join(", ", MilestoneRegistry.All.Select(m => m.Id))}
          --json          print the result as one JSON line at the end
          --quick         smoke mode: small subsets, seconds; the bar is relaxed accordingly
          --seed N        seed for every random choice (non-negative integer; default 0)
          --data-dir DIR  data folder (else $GLASSBOX_DATA, else the per-user cache)
          --out DIR       folder for the run's plots and files (default runs/ID); created if needed
          --only ROW,...  fashion-mnist-sklearn-table only: run the rows whose names start with these prefixes

        Each run is recorded in the run store ($GLASSBOX_HOME/runs.db, else the per-user Glassbox folder): its
        parameters, metrics over steps, result, pictures and status; `glassbox runs list` shows them.

        Exit code 0 when the milestone meets its bar, 1 when it does not or cannot run, 2 for a usage mistake.
        """, ["json", "quick"], ["seed", "data-dir", "out", "only"], 1);

    /// <summary>Lists every milestone with its last result.</summary>
    public static int List(CliContext ctx, IReadOnlyList<string> words)
    {
        if (ListSpec.PrintHelpIfAsked(ctx, words)) return 0;
        _ = new Args(ListSpec, words);
        var results = MilestoneResults.Load(ctx.UserFolder);
        ctx.Out.WriteLine($"{"id",-28} {"last result",-34} title");
        foreach (var m in MilestoneRegistry.All)
            ctx.Out.WriteLine($"{m.Id,-28} {results.Describe(m.Id),-34} {m.Title}");
        return 0;
    }

    /// <summary>Runs one milestone; exit code 0 when it passed, 1 when it did not.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (RunSpec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(RunSpec, words);
        var id = args.Positional(0) ?? throw new UsageException(RunSpec, "which milestone? `glassbox milestones` lists them");
        var m = MilestoneRegistry.Find(id) ?? throw new UsageException(RunSpec, $"unknown milestone '{id}'; known: {string.Join(", ", MilestoneRegistry.All.Select(x => x.Id))}");
        bool json = args.Flag("json"), quick = args.Flag("quick");
        ulong seed = args.ULong("seed", 0);
        var only = args.List("only");
        if (only is not null) CheckOnly(m, only);
        // Everything that can fail outside the milestone is checked before it starts: a long run must not be lost
        // to a corrupt results file or an unwritable --out discovered at the end.
        var results = MilestoneResults.Load(ctx.UserFolder);
        var store = MilestoneRunRecord.OpenStore(ctx);
        string outDir;
        try
        {
            outDir = args.Option("out") ?? Path.Combine("runs", m.Id);
            OutputDirectory.Prepare(outDir, args.Option("out") is null ? "output folder" : "--out");
        }
        catch
        {
            store.Dispose();
            throw;
        }

        var progress = new ProgressReporter(ctx.Err, ctx.ErrIsTerminal);
        progress.Info($"== {m.Id}: {m.Title}{(quick ? " [quick smoke run]" : "")}");
        string? dataDir = ctx.DataDir(args);
        using var record = MilestoneRunRecord.Start(store, m, quick, seed, outDir, dataDir, only);
        var sw = Stopwatch.StartNew();
        MilestoneResult result;
        try
        {
            result = m.Run(new MilestoneContext(dataDir, quick, seed, outDir, progress, only, [record.Sink]));
        }
        catch (Exception e)
        {
            record.Fail(e);
            throw;
        }
        result = result with { Seconds = sw.Elapsed.TotalSeconds };
        record.Finish(result);
        results.Save(result, quick);
        progress.Info($"   recorded as run {record.RunId} in {record.StorePath} (glassbox runs show {record.RunId})");

        ctx.Out.WriteLine($"== {m.Id}: {(result.Passed ? "PASSED" : "FAILED")} in {result.Seconds:0.0} s");
        foreach (var (k, v) in result.Metrics) ctx.Out.WriteLine($"   {k,-24} {Format(v)}");
        if (json)
        {
            var obj = new Dictionary<string, object> { ["id"] = result.Id, ["passed"] = result.Passed, ["metrics"] = result.Metrics, ["seconds"] = Math.Round(result.Seconds, 3), ["run_id"] = record.RunId };
            // Relaxed escaping keeps metric names such as "x·Wᵀ + b" readable; the output is still valid JSON.
            ctx.Out.WriteLine(JsonSerializer.Serialize(obj, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        if (result.Passed) return FailureReport.Success;
        ctx.Out.Flush();
        ctx.Err.WriteLine($"glassbox: milestone {m.Id} did not meet its bar (see the metrics above)");
        return FailureReport.RuntimeError;
    }

    /// <summary>
    /// <c>--only</c> selects rows of a milestone made of independent rows; today that is the Fashion-MNIST table.
    /// Elsewhere it would be ignored, and a prefix matching no row would run nothing — both are usage errors.
    /// </summary>
    private static void CheckOnly(Milestone m, string[] only)
    {
        if (m is not FashionMnistSklearnTableMilestone)
            throw new UsageException(RunSpec, $"--only applies to fashion-mnist-sklearn-table, not to '{m.Id}'");
        var rows = FashionMnistSklearnTableMilestone.Rows.Select(r => r.Name).ToList();
        var unknown = only.Where(o => !rows.Any(r => r.StartsWith(o, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            throw new UsageException(RunSpec, $"--only: no row of {m.Id} starts with {string.Join(", ", unknown.Select(u => $"'{u}'"))}; rows: {string.Join("; ", rows)}");
    }

    private static string Format(object v) => v switch
    {
        double d when d != 0 && Math.Abs(d) < 1e-3 => d.ToString("0.00E+0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
