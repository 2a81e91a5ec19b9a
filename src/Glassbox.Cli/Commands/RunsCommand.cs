using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Glassbox.Tracking;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox runs list | show | compare | delete</c>: reads (and deletes from) the run store that
/// <c>glassbox milestone</c> records into — <c>--db PATH</c>, else <c>$GLASSBOX_HOME/runs.db</c>, else the per-user
/// Glassbox folder. Tables for people (Spectre.Console), <c>--json</c> for programs.
/// </summary>
/// <remarks>
/// Opening the store marks runs whose process died as killed, so <c>runs list</c> shows a crashed run as killed as
/// soon as anyone looks. A missing database is an empty record: list shows nothing and creates no file; an id that is
/// not there is an error (exit code 1) naming the id and the file.
/// </remarks>
public static class RunsCommand
{
    private const string DbLine = "  --db PATH       the run database (else $GLASSBOX_HOME/runs.db, else the per-user Glassbox folder)";

    /// <summary>What <c>glassbox runs</c> accepts (its sub-commands each have their own spec).</summary>
    public static CommandSpec Spec { get; } = new("runs", $"""
        usage: glassbox runs list [--experiment X] [--status S] [--limit N] [--json] [--db PATH]
               glassbox runs show ID [--json] [--db PATH]
               glassbox runs compare ID ID... [--json] [--db PATH]
               glassbox runs delete ID... [--yes] [--db PATH]

        The record of every milestone run: parameters, metrics over steps, result, pictures, status
        (running, finished, failed, killed). `glassbox runs SUBCOMMAND --help` tells more.
        """, [], [], 0);

    /// <summary>What <c>glassbox runs list</c> accepts.</summary>
    public static CommandSpec ListSpec { get; } = new("runs list", $"""
        usage: glassbox runs list [--experiment X] [--status S] [--limit N] [--json] [--db PATH]

        Lists recorded runs, newest first.
          --experiment X  only runs of experiment X (the milestone id)
          --status S      only runs with status S: running, finished, failed or killed
          --limit N       at most N runs (N >= 1)
          --json          one JSON array instead of the table
        {DbLine}
        """, ["json"], ["experiment", "status", "limit", "db"], 0);

    /// <summary>What <c>glassbox runs show</c> accepts.</summary>
    public static CommandSpec ShowSpec { get; } = new("runs show", $"""
        usage: glassbox runs show ID [--json] [--db PATH]

        Everything recorded about run ID: its parameters, each metric's last, best, min and max, its tags and its
        artifacts (path, size, SHA-256). "best" is the min for names with loss, error, mse, mae, perplexity, mistake,
        seconds or time, else the max.
          --json          one JSON object instead of the tables
        {DbLine}
        """, ["json"], ["db"], 1);

    /// <summary>What <c>glassbox runs compare</c> accepts.</summary>
    public static CommandSpec CompareSpec { get; } = new("runs compare", $"""
        usage: glassbox runs compare ID ID... [--json] [--db PATH]

        Two or more runs side by side: parameters (a '*' marks those that differ or are missing in some run) and
        each metric's last and best value.
          --json          one JSON object instead of the tables
        {DbLine}
        """, ["json"], ["db"], int.MaxValue);

    /// <summary>What <c>glassbox runs delete</c> accepts.</summary>
    public static CommandSpec DeleteSpec { get; } = new("runs delete", $"""
        usage: glassbox runs delete ID... [--yes] [--db PATH]

        Deletes the runs and everything recorded about them from the database (their files on disk stay).
        Without --yes it only lists what would be deleted and exits 1, deleting nothing.
          --yes           really delete
        {DbLine}
        """, ["yes"], ["db"], int.MaxValue);

    private static readonly JsonSerializerOptions Json = new()
    {
        // NaN and infinities are legal metric values; JSON has no literal for them, so they are written as strings.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Dispatches <c>glassbox runs SUBCOMMAND …</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        var sub = words.Count > 0 ? words[0] : null;
        var rest = words.Skip(1).ToList();
        return sub switch
        {
            "list" => List(ctx, rest),
            "show" => Show(ctx, rest),
            "compare" => Compare(ctx, rest),
            "delete" => Delete(ctx, rest),
            _ when Spec.PrintHelpIfAsked(ctx, words) => 0,
            null => throw new UsageException(Spec, "expected list, show ID, compare ID ID... or delete ID..."),
            _ => throw new UsageException(Spec, $"unknown sub-command '{sub}'; expected list, show, compare or delete"),
        };
    }

    private static int List(CliContext ctx, List<string> words)
    {
        if (ListSpec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(ListSpec, words);
        RunStatus? status = null;
        if (args.Option("status") is string s)
            status = RunStatusText.TryParse(s, out var st) ? st : throw new UsageException(ListSpec, $"--status must be running, finished, failed or killed, got '{s}'");
        int? limit = args.Option("limit") is null ? null : args.Int("limit", 0, min: 1);
        string path = DbPath(ctx, args);
        var runs = File.Exists(path) ? WithStore(path, store => store.ListRuns(new RunQuery(args.Option("experiment"), status, limit))) : [];
        if (args.Flag("json")) ctx.Out.WriteLine(JsonSerializer.Serialize(runs.Select(RunJson), Json));
        else RunsView.List(ctx, path, runs);
        return 0;
    }

    private static int Show(CliContext ctx, List<string> words)
    {
        if (ShowSpec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(ShowSpec, words);
        long id = Id(ShowSpec, args.Positional(0) ?? throw new UsageException(ShowSpec, "which run? `glassbox runs list` shows the ids"));
        string path = DbPath(ctx, args);
        var d = Details(path, [id])[0];
        if (args.Flag("json"))
        {
            var obj = new Dictionary<string, object?>
            {
                ["run"] = RunJson(d.Run),
                ["params"] = d.Params.ToDictionary(p => p.Key, p => p.Value.ToObject()),
                ["param_types"] = d.Params.ToDictionary(p => p.Key, p => p.Value.Type),
                ["metrics"] = d.Metrics.ToDictionary(m => m.Key, MetricJson),
                ["tags"] = d.Tags.ToDictionary(t => t.Key, t => t.Value),
                ["artifacts"] = d.Artifacts.Select(a => new Dictionary<string, object> { ["kind"] = a.Kind, ["path"] = a.Path, ["size"] = a.Size, ["sha256"] = a.Sha256 }),
            };
            ctx.Out.WriteLine(JsonSerializer.Serialize(obj, Json));
        }
        else RunsView.Show(ctx, d);
        return 0;
    }

    private static int Compare(CliContext ctx, List<string> words)
    {
        if (CompareSpec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(CompareSpec, words);
        var ids = Enumerable.Range(0, args.PositionalCount).Select(i => Id(CompareSpec, args.Positional(i)!)).ToList();
        if (ids.Count < 2) throw new UsageException(CompareSpec, "compare needs at least two run ids");
        if (ids.Distinct().Count() != ids.Count) throw new UsageException(CompareSpec, "a run id is given twice");
        var runs = Details(DbPath(ctx, args), ids);
        if (args.Flag("json"))
        {
            var paramKeys = runs.SelectMany(r => r.Params.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal);
            var metricKeys = runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal);
            var obj = new Dictionary<string, object>
            {
                ["runs"] = runs.Select(r => RunJson(r.Run)),
                ["params"] = paramKeys.ToDictionary(k => k, k => new Dictionary<string, object?>
                {
                    ["values"] = runs.Select(r => Param(r, k)?.ToObject()).ToList(),
                    ["differs"] = ParamDiffers(runs, k),
                }),
                ["metrics"] = metricKeys.ToDictionary(k => k, k => runs.Select(r => r.Metrics.FirstOrDefault(m => m.Key == k) is { } m ? MetricJson(m) : null).ToList()),
            };
            ctx.Out.WriteLine(JsonSerializer.Serialize(obj, Json));
        }
        else RunsView.Compare(ctx, runs);
        return 0;
    }

    private static int Delete(CliContext ctx, List<string> words)
    {
        if (DeleteSpec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(DeleteSpec, words);
        var ids = Enumerable.Range(0, args.PositionalCount).Select(i => Id(DeleteSpec, args.Positional(i)!)).Distinct().ToList();
        if (ids.Count == 0) throw new UsageException(DeleteSpec, "which runs? `glassbox runs list` shows the ids");
        string path = DbPath(ctx, args);
        var runs = Details(path, ids).Select(d => d.Run).ToList(); // every id must exist before anything is deleted
        if (!args.Flag("yes"))
        {
            RunsView.List(ctx, path, runs);
            throw new CommandFailedException($"nothing deleted: add --yes to delete {Plural(runs.Count)} listed above from {path}");
        }
        int n = WithStore(path, store => store.DeleteRuns(ids));
        ctx.Out.WriteLine($"deleted {Plural(n)} ({string.Join(", ", ids)}) from {path}");
        return 0;
    }

    // ---- helpers ----

    private static string DbPath(CliContext ctx, Args args) =>
        Path.GetFullPath(args.Option("db") ?? Path.Combine(ctx.UserFolder, RunStore.FileName));

    private static long Id(CommandSpec spec, string word) =>
        long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0
            ? id : throw new UsageException(spec, $"a run id is a positive integer, got '{word}'");

    /// <summary>The runs with these ids, in that order; an id not in the store is an error naming it and the file.</summary>
    private static List<RunDetails> Details(string path, IReadOnlyList<long> ids)
    {
        if (!File.Exists(path))
            throw new CommandFailedException($"no run {ids[0]}: {path} does not exist yet (a milestone run creates it)");
        return WithStore(path, store =>
        {
            var found = ids.Select(id => (id, d: store.GetRun(id))).ToList();
            var missing = found.Where(f => f.d is null).Select(f => f.id).ToList();
            if (missing.Count > 0)
                throw new CommandFailedException($"no run with id {string.Join(", ", missing)} in {path}; `glassbox runs list` shows the recorded runs");
            return found.Select(f => f.d!).ToList();
        });
    }

    private static T WithStore<T>(string path, Func<RunStore, T> work)
    {
        using var store = RunStore.Open(path);
        return work(store);
    }

    internal static ParamValue? Param(RunDetails run, string key) => run.Params.FirstOrDefault(p => p.Key == key).Value;

    /// <summary>True when some run lacks <paramref name="key"/> or has another value (text and type) for it.</summary>
    internal static bool ParamDiffers(IReadOnlyList<RunDetails> runs, string key) => runs.Select(r => Param(r, key)).Distinct().Count() > 1;

    private static string Plural(int n) => n == 1 ? "1 run" : $"{n} runs";

    private static Dictionary<string, object?> RunJson(RunSummary r) => new()
    {
        ["id"] = r.Id, ["name"] = r.Name, ["experiment"] = r.Experiment, ["status"] = r.Status.ToText(), ["message"] = r.Message,
        ["start_time"] = r.StartTime.ToString("O", CultureInfo.InvariantCulture), ["end_time"] = r.EndTime?.ToString("O", CultureInfo.InvariantCulture),
        ["duration_seconds"] = r.Duration?.TotalSeconds, ["git_commit"] = r.GitCommit, ["host"] = r.Host, ["pid"] = r.Pid,
    };

    private static Dictionary<string, object> MetricJson(MetricSummary m) => new()
    {
        ["count"] = m.Count, ["last_step"] = m.LastStep, ["last"] = m.Last, ["best"] = m.Best, ["min"] = m.Min, ["max"] = m.Max, ["lower_is_better"] = m.LowerIsBetter,
    };
}
