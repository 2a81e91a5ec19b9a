using System.Globalization;
using System.Text;
using Glassbox.Tracking;

namespace Glassbox.Cli.Commands;

/// <summary>
/// The sample-quality table of docs/generative.md, built from the run store: for each generative milestone, its
/// latest finished run (full runs, or <c>--quick</c> ones when asked) with MNIST-FID beside the evaluator's floor and
/// noise ceiling, the class accuracy (conditional models) or the smallest class share (unconditional ones), the wall
/// time and the command that reproduces it.
/// </summary>
/// <remarks>
/// It reads the result entries every generative milestone records (<c>result/NAME</c> metrics at step 0):
/// <c>mnist_fid</c>, <c>fid_floor</c>, <c>fid_noise_ceiling</c>, <c>fid_samples</c>, <c>class_accuracy</c> (conditional)
/// or <c>smallest_class_share</c> (unconditional), and <c>seconds</c> (the run's wall time). A milestone that records
/// none of them still gets a row, with dashes, so the table always lists every generative model.
/// </remarks>
public static class GenerativeTable
{
    /// <summary>The generative milestones, in the table's order.</summary>
    public static IReadOnlyList<string> MilestoneIds { get; } =
        ["mnist-vae", "mnist-cvae", "mnist-vqvae", "mnist-gan", "mnist-dcgan", "mnist-wgan-gp", "mnist-cgan", "mnist-ddpm", "mnist-cfg", "fashion-ddpm"];

    /// <summary>One row: the milestone and its latest matching run's details (null when it has none).</summary>
    public sealed record Row(string Id, RunDetails? Run);

    /// <summary>The latest finished run of each milestone of <see cref="MilestoneIds"/> whose <c>quick</c> parameter equals <paramref name="quick"/>.</summary>
    public static IReadOnlyList<Row> Collect(RunStore store, bool quick)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rows = new List<Row>();
        foreach (var id in MilestoneIds)
        {
            RunDetails? found = null;
            foreach (var summary in store.ListRuns(new RunQuery(id, RunStatus.Finished)))
            {
                var d = store.GetRun(summary.Id);
                if (d is null) continue;
                var q = d.Params.FirstOrDefault(p => p.Key == "quick").Value;
                if (q is not null && q.Text.Equals(quick ? "true" : "false", StringComparison.OrdinalIgnoreCase)) { found = d; break; }
            }
            rows.Add(new Row(id, found));
        }
        return rows;
    }

    /// <summary>The markdown table of <paramref name="rows"/>.</summary>
    public static string Markdown(IReadOnlyList<Row> rows, bool quick)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| model | MNIST-FID | floor | noise ceiling | FID samples | classes | wall time | run | command |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            string command = $"`glassbox milestone {row.Id}{(quick ? " --quick" : "")}`";
            if (row.Run is null)
            {
                sb.AppendLine($"| {row.Id} | — | — | — | — | — | — | no finished {(quick ? "quick" : "full")} run | {command} |");
                continue;
            }
            double? M(string key) => row.Run.Metrics.FirstOrDefault(m => m.Key == "result/" + key) is { } s && double.IsFinite(s.Last) ? s.Last : null;
            string F(double? v, string format) => v is null ? "—" : v.Value.ToString(format, CultureInfo.InvariantCulture);
            static string Pct(double v) => (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            string classes = M("class_accuracy") is double acc ? $"{Pct(acc)} as requested"
                : M("smallest_class_share") is double share ? $"smallest class {Pct(share)}" : "—";
            string time = M("seconds") is double sec ? (sec >= 120 ? $"{(sec / 60).ToString("0.0", CultureInfo.InvariantCulture)} min" : $"{sec.ToString("0", CultureInfo.InvariantCulture)} s") : "—";
            string date = row.Run.Run.StartTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            sb.AppendLine($"| {row.Id} | {F(M("mnist_fid"), "0.00")} | {F(M("fid_floor"), "0.00")} | {F(M("fid_noise_ceiling"), "0.0")} | {F(M("fid_samples"), "0")} | {classes} | {time} | #{row.Run.Run.Id}, {date} | {command} |");
        }
        sb.AppendLine();
        sb.AppendLine(DcganVersusMlpGan(rows));
        return sb.ToString();
    }

    /// <summary>
    /// The comparison the GAN milestones are judged by together: is DCGAN's MNIST-FID below the MLP GAN's? Both runs
    /// must be present and scored with the same evaluator and sample count (the same <c>fid_samples</c> and
    /// <c>fid_floor</c>), since FIDs from different evaluators or sample sizes are different quantities.
    /// </summary>
    public static string DcganVersusMlpGan(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        static double? Metric(Row? row, string key) =>
            row?.Run?.Metrics.FirstOrDefault(m => m.Key == "result/" + key) is { } s && double.IsFinite(s.Last) ? s.Last : null;
        var mlp = rows.FirstOrDefault(r => r.Id == "mnist-gan");
        var dc = rows.FirstOrDefault(r => r.Id == "mnist-dcgan");
        double? fMlp = Metric(mlp, "mnist_fid"), fDc = Metric(dc, "mnist_fid");
        if (fMlp is null || fDc is null)
            return "DCGAN's MNIST-FID below the MLP GAN's: not measured (needs finished runs of mnist-gan and mnist-dcgan).";
        if (Metric(mlp, "fid_samples") != Metric(dc, "fid_samples") || Metric(mlp, "fid_floor") != Metric(dc, "fid_floor"))
            return "DCGAN's MNIST-FID below the MLP GAN's: not comparable (the two runs used different evaluators or sample counts).";
        string Num(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        return $"DCGAN's MNIST-FID below the MLP GAN's: {(fDc < fMlp ? "yes" : "no")} — DCGAN {Num(fDc.Value)} (run #{dc!.Run!.Run.Id}) vs MLP GAN {Num(fMlp.Value)} (run #{mlp!.Run!.Run.Id}).";
    }
}
