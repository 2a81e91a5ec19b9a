using Glassbox.Data;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox data list | verify [NAME] | fetch NAME [--data-dir DIR]</c>.</summary>
public static class DataCommand
{
    /// <summary>What <c>glassbox data</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("data", $"""
        usage: glassbox data list | verify [NAME] | fetch NAME [--data-dir DIR]

          list            every registered dataset and whether its files are present and intact
          verify [NAME]   check the SHA-256 of each file (all datasets when NAME is left out); exit 1 if any is bad
          fetch NAME      download what is missing or wrong, then verify
          --data-dir DIR  data folder (else $GLASSBOX_DATA, else the per-user cache)

        Datasets: {string.Join(", ", DatasetRegistry.List().Select(d => d.Name))}
        """, [], ["data-dir"], 2);

    /// <summary>Dispatches the data sub-commands.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        string? dir = ctx.DataDir(args);
        switch (args.Positional(0))
        {
            case "list":
                NoName(args, "list");
                ctx.Out.WriteLine($"data folder: {DataDirectory.Resolve(dir)}");
                foreach (var d in DatasetRegistry.List())
                {
                    var status = DatasetRegistry.Verify(d, dir);
                    string state = status.All(s => s.IsOk) ? "ok" : status.Any(s => s.State == FileState.Missing) ? "missing" : "BAD";
                    ctx.Out.WriteLine($"  {d.Name,-16} {state,-8} {d.Files.Count} files  {d.Description}");
                }
                return 0;
            case "verify":
            {
                var names = args.Positional(1) is string one ? [Dataset(one).Name] : DatasetRegistry.List().Select(d => d.Name).ToArray();
                int bad = 0;
                foreach (var name in names)
                    foreach (var s in DatasetRegistry.Verify(name, dir))
                    {
                        if (!s.IsOk) bad++;
                        ctx.Out.WriteLine($"{name,-16} {s.State,-12} {s.Path}{(s.Detail is null ? "" : "  (" + s.Detail + ")")}");
                    }
                if (bad == 0) return 0;
                ctx.Out.Flush();
                ctx.Err.WriteLine($"glassbox: data verify: {bad} file(s) missing or not matching their SHA-256 (listed above); `glassbox data fetch NAME` repairs them");
                return FailureReport.RuntimeError;
            }
            case "fetch":
            {
                var name = args.Positional(1) ?? throw new UsageException(Spec, "fetch: which dataset? `glassbox data list` shows them");
                ctx.Out.WriteLine($"{name}: ready in {DatasetRegistry.Fetch(Dataset(name), dir)}");
                return 0;
            }
            case null:
                throw new UsageException(Spec, "expected list, verify [NAME] or fetch NAME");
            default:
                throw new UsageException(Spec, $"unknown sub-command '{args.Positional(0)}'; expected list, verify [NAME] or fetch NAME");
        }
    }

    /// <summary>The registered dataset <paramref name="name"/>; an unknown name is a usage error listing the known ones.</summary>
    private static DatasetInfo Dataset(string name) =>
        DatasetRegistry.List().FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException(Spec, $"unknown dataset '{name}'; known: {string.Join(", ", DatasetRegistry.List().Select(d => d.Name))}");

    private static void NoName(Args args, string sub)
    {
        if (args.Positional(1) is string extra) throw new UsageException(Spec, $"{sub} takes no dataset name (got '{extra}')");
    }
}
