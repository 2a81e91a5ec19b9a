using Glassbox.Tracking;

namespace Glassbox.Cli.Tests;

/// <summary><c>glassbox report generative</c> over a run store in a temporary GLASSBOX_HOME.</summary>
public class ReportCommandTests
{
    private static Dictionary<string, string> Env(TempFolder t) => new() { ["GLASSBOX_HOME"] = t["home"] };

    private static void Record(RunStore store, string id, bool quick, bool finish, Dictionary<string, double> result, double seconds)
    {
        using var run = store.StartRun(id, id, new Dictionary<string, object?> { ["milestone"] = id, ["quick"] = quick, ["seed"] = 0 });
        var m = result.ToDictionary(kv => "result/" + kv.Key, kv => kv.Value);
        m["result/seconds"] = seconds;
        run.LogMetrics(0, m);
        if (finish) run.Finish(); else run.Fail("stopped");
    }

    [Fact]
    public void TableShowsTheLatestFinishedRunOfEachGenerativeMilestone()
    {
        using var t = new TempFolder();
        Directory.CreateDirectory(t["home"]);
        using (var store = RunStore.Open(t["home/runs.db"]))
        {
            var ganResult = new Dictionary<string, double> { ["mnist_fid"] = 20.5, ["fid_floor"] = 0.41, ["fid_noise_ceiling"] = 2345.6, ["fid_samples"] = 10000, ["smallest_class_share"] = 0.061 };
            Record(store, "mnist-gan", false, true, ganResult, 600);
            Record(store, "mnist-gan", false, true, new(ganResult) { ["mnist_fid"] = 18.25 }, 540);        // newer: this one is shown
            Record(store, "mnist-gan", false, false, new(ganResult) { ["mnist_fid"] = 1.0 }, 5);           // failed: ignored
            Record(store, "mnist-gan", true, true, new(ganResult) { ["mnist_fid"] = 300.0 }, 12);          // quick: only with --quick
            Record(store, "mnist-dcgan", false, true, new(ganResult) { ["mnist_fid"] = 12.0 }, 700);
            Record(store, "mnist-cgan", false, true, new() { ["mnist_fid"] = 9.5, ["fid_floor"] = 0.41, ["fid_noise_ceiling"] = 2345.6, ["fid_samples"] = 10000, ["class_accuracy"] = 0.9734 }, 90);
        }
        var r = CliRun.Of(Env(t), "report", "generative", "--out", t["table.md"]);
        Assert.True(r.ExitCode == 0, r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("| model | MNIST-FID | floor | noise ceiling |", lines[0]);
        var gan = lines.Single(l => l.StartsWith("| mnist-gan |", StringComparison.Ordinal));
        Assert.Contains("| 18.25 | 0.41 | 2345.6 | 10000 | smallest class 6.1% | 9.0 min | #2,", gan);
        Assert.Contains("`glassbox milestone mnist-gan`", gan);
        Assert.Contains("| 9.50 |", lines.Single(l => l.StartsWith("| mnist-cgan |", StringComparison.Ordinal)));
        Assert.Contains("97.3% as requested | 90 s", lines.Single(l => l.StartsWith("| mnist-cgan |", StringComparison.Ordinal)));
        Assert.Contains("no finished full run", lines.Single(l => l.StartsWith("| mnist-ddpm |", StringComparison.Ordinal)));
        Assert.Contains("DCGAN's MNIST-FID below the MLP GAN's: yes — DCGAN 12.00 (run #5) vs MLP GAN 18.25 (run #2).", r.Out);
        Assert.Equal(r.Out, File.ReadAllText(t["table.md"]));

        var q = CliRun.Of(Env(t), "report", "generative", "--quick");
        Assert.Equal(0, q.ExitCode);
        Assert.Contains("| 300.00 |", q.Out.Split('\n').Single(l => l.StartsWith("| mnist-gan |", StringComparison.Ordinal)));
        Assert.Contains("`glassbox milestone mnist-gan --quick`", q.Out);
    }

    [Fact]
    public void WithoutAStoreEveryRowSaysSoAndNoFileIsCreated()
    {
        using var t = new TempFolder();
        var r = CliRun.Of(Env(t), "report", "generative");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(10, r.Out.Split('\n').Count(l => l.Contains("no finished full run", StringComparison.Ordinal)));
        Assert.Contains("DCGAN's MNIST-FID below the MLP GAN's: not measured", r.Out);
        Assert.False(File.Exists(t["home/runs.db"]));
    }

    [Fact]
    public void DcganAndMlpGanScoredByDifferentEvaluatorsAreNotCompared()
    {
        using var t = new TempFolder();
        Directory.CreateDirectory(t["home"]);
        using (var store = RunStore.Open(t["home/runs.db"]))
        {
            // A worse DCGAN number, but from 2,000 samples against another floor: the comparison must refuse, not say "no".
            Record(store, "mnist-gan", false, true, new() { ["mnist_fid"] = 18.0, ["fid_floor"] = 0.41, ["fid_samples"] = 10000 }, 60);
            Record(store, "mnist-dcgan", false, true, new() { ["mnist_fid"] = 25.0, ["fid_floor"] = 1.77, ["fid_samples"] = 2000 }, 60);
        }
        var r = CliRun.Of(Env(t), "report", "generative");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("DCGAN's MNIST-FID below the MLP GAN's: not comparable", r.Out);
    }

    [Fact]
    public void UnknownReportIsAUsageError()
    {
        using var t = new TempFolder();
        var r = CliRun.Of(Env(t), "report", "zoo");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown report 'zoo'", r.Err);
    }
}
