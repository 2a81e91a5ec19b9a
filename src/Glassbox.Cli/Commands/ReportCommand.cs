using Glassbox.Tracking;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox report generative</c>: the sample-quality table of the generative milestones, from the run store.</summary>
public static class ReportCommand
{
    /// <summary>What <c>glassbox report</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("report", """
        usage: glassbox report generative [--quick] [--out FILE] [--db PATH]

        Prints the markdown table of docs/generative.md: for each generative milestone, its latest finished run's
        MNIST-FID beside the floor (training vs test images) and the noise ceiling, the class accuracy or the smallest
        class share, the wall time and the command that reproduces it.
          --quick         use the latest --quick runs instead of full runs
          --out FILE      also write the table to FILE (atomically)
          --db PATH       the run database (else $GLASSBOX_HOME/runs.db, else the per-user Glassbox folder)
        """, ["quick"], ["out", "db"], 1);

    /// <summary>Runs <c>glassbox report …</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        var what = args.Positional(0) ?? throw new UsageException(Spec, "which report? the one there is: generative");
        if (what != "generative") throw new UsageException(Spec, $"unknown report '{what}'; expected generative");
        bool quick = args.Flag("quick");
        string path = Path.GetFullPath(args.Option("db") ?? Path.Combine(ctx.UserFolder, RunStore.FileName));
        IReadOnlyList<GenerativeTable.Row> rows;
        if (File.Exists(path))
        {
            using var store = RunStore.Open(path);
            rows = GenerativeTable.Collect(store, quick);
        }
        else rows = GenerativeTable.MilestoneIds.Select(id => new GenerativeTable.Row(id, null)).ToList();
        string table = GenerativeTable.Markdown(rows, quick);
        ctx.Out.Write(table);
        if (args.Option("out") is string outPath)
        {
            var full = Path.GetFullPath(outPath);
            var tmp = full + ".tmp";
            try
            {
                File.WriteAllText(tmp, table);
                File.Move(tmp, full, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandFailedException($"cannot write the table to {full}: {e.Message}");
            }
        }
        return 0;
    }
}
