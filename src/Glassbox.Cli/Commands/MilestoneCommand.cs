using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glassbox.Milestones;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox milestones</c> and <c>glassbox milestone ID [--json] [--quick] [--seed N] [--data-dir D] [--out DIR]</c>.</summary>
public static class MilestoneCommand
{
    /// <summary>Lists every milestone with its last result.</summary>
    public static int List(Args args)
    {
        var results = MilestoneRegistry.LoadResults();
        Console.WriteLine($"{"id",-28} {"last result",-34} title");
        foreach (var m in MilestoneRegistry.All)
        {
            string last = "never run";
            if (results.TryGetValue(m.Id, out var r))
            {
                bool passed = r.GetProperty("passed").GetBoolean();
                bool quick = r.TryGetProperty("quick", out var q) && q.GetBoolean();
                last = $"{(passed ? "PASS" : "FAIL")}{(quick ? " (quick)" : "")} {r.GetProperty("date").GetString()}";
            }
            Console.WriteLine($"{m.Id,-28} {last,-34} {m.Title}");
        }
        return 0;
    }

    /// <summary>Runs one milestone; exit code 0 when it passed.</summary>
    public static int Run(Args args)
    {
        var id = args.Positional(0) ?? throw new UsageException("milestone: which one? `glassbox milestones` lists them");
        var m = MilestoneRegistry.Find(id) ?? throw new UsageException($"milestone: unknown id '{id}'; known: {string.Join(", ", MilestoneRegistry.All.Select(x => x.Id))}");
        bool json = args.Flag("json"), quick = args.Flag("quick");
        ulong seed = ulong.Parse(args.Option("seed") ?? "0", CultureInfo.InvariantCulture);
        string outDir = args.Option("out") ?? Path.Combine("runs", m.Id);
        Directory.CreateDirectory(outDir);
        var progress = new ProgressReporter();
        progress.Info($"== {m.Id}: {m.Title}{(quick ? " [quick smoke run]" : "")}");
        var sw = Stopwatch.StartNew();
        var only = args.Option("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = m.Run(new MilestoneContext(args.Option("data-dir"), quick, seed, outDir, progress, only));
        result = result with { Seconds = sw.Elapsed.TotalSeconds };
        MilestoneRegistry.SaveResult(result, quick);

        Console.WriteLine($"== {m.Id}: {(result.Passed ? "PASSED" : "FAILED")} in {result.Seconds:0.0} s");
        foreach (var (k, v) in result.Metrics) Console.WriteLine($"   {k,-24} {Format(v)}");
        if (json)
        {
            var obj = new Dictionary<string, object> { ["id"] = result.Id, ["passed"] = result.Passed, ["metrics"] = result.Metrics, ["seconds"] = Math.Round(result.Seconds, 3) };
            // Relaxed escaping keeps metric names such as "x·Wᵀ + b" readable; the output is still valid JSON.
            Console.WriteLine(JsonSerializer.Serialize(obj, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        return result.Passed ? 0 : 1;
    }

    private static string Format(object v) => v switch
    {
        double d when d != 0 && Math.Abs(d) < 1e-3 => d.ToString("0.00E+0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
