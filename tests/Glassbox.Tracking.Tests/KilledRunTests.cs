using System.Diagnostics;
using Xunit.Abstractions;

namespace Glassbox.Tracking.Tests;

/// <summary>
/// Runs whose process dies without ending them: a real child process (Glassbox.CrashWriter track) is killed after
/// logging, and runs with a reused process id or another host are checked against rows written by hand.
/// </summary>
public class KilledRunTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public void AKilledProcessLeavesItsRunKilledWithEveryMetricItLogged()
    {
        using var tmp = new TempDb();
        const int rows = 25;
        using var child = StartChild("track", tmp.Path, rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        long id;
        try
        {
            var line = ReadLineWithin(child, Patience);
            if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
            {
                child.Kill(entireProcessTree: true); // stderr can only be read to its end once the child is gone
                Assert.Fail($"the child did not get ready within {Patience.TotalSeconds} s: '{line}' {child.StandardError.ReadToEnd()}");
            }
            id = long.Parse(line["ready ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            // While the child lives its run stays running, even though this process opens the store.
            using (var store = RunStore.Open(tmp.Path))
                Assert.Equal(RunStatus.Running, store.FindRun(id)!.Status);
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        output.WriteLine($"child {child.Id} killed, exit code {child.ExitCode}");

        using (var store = RunStore.Open(tmp.Path))
        {
            Assert.Equal([id], store.KilledOnOpen);
            var d = store.GetRun(id)!;
            Assert.Equal(RunStatus.Killed, d.Run.Status);
            Assert.Contains($"process {child.Id}", d.Run.Message);
            Assert.Equal(("crash-child", "killed-run-test"), (d.Run.Name, d.Run.Experiment));
            // The config reached the store as parameters, and every row logged before the kill is there.
            Assert.Equal([("lr", "0.1"), ("rows", "25")], d.Params.Select(p => (p.Key, p.Value.Text)));
            var loss = store.MetricHistory(id, "loss");
            Assert.Equal(Enumerable.Range(0, rows).Select(i => ((long)i, 1.0 / (i + 1))), loss.Select(p => (p.Step, p.Value)));
            var acc = store.MetricHistory(id, "accuracy");
            Assert.Equal(Enumerable.Range(0, rows).Select(i => (double)i / rows), acc.Select(p => p.Value));
            // End time = the last metric's wall time (times are stored to the millisecond, so equality is exact).
            Assert.Equal(loss.Concat(acc).Max(p => p.WallTime), d.Run.EndTime);
        }
        // A second open finds nothing more to mark.
        using (var again = RunStore.Open(tmp.Path)) Assert.Empty(again.KilledOnOpen);
    }

    [Fact]
    public void AReusedProcessIdIsKilledAndAnotherHostsRunIsLeftRunning()
    {
        using var tmp = new TempDb();
        long reused, otherHost, live;
        using (var store = RunStore.Open(tmp.Path))
        {
            var a = store.StartRun("reused");
            a.LogMetrics(3, new Dictionary<string, double> { ["loss"] = 0.25 });
            var b = store.StartRun("elsewhere");
            var c = store.StartRun("live");
            (reused, otherHost, live) = (a.Id, b.Id, c.Id);
            // Pretend a's process id now belongs to this (different) process: same pid, other start token; and that
            // b was started on another machine by a process id that does not exist here.
            using var db = RunStoreTests.Raw(tmp.Path);
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"""
                UPDATE runs SET process_start = 'linux:some-earlier-boot:12' WHERE id = {reused};
                UPDATE runs SET host = 'another-host', pid = 2147483000 WHERE id = {otherHost};
                """;
            cmd.ExecuteNonQuery();
            Assert.Equal([reused], store.MarkKilledRuns());
            // c is this live process's own run and stays running; end it to leave a tidy file.
            c.Finish();
        }
        using var reopened = RunStore.Open(tmp.Path);
        var r = reopened.GetRun(reused)!;
        Assert.Equal(RunStatus.Killed, r.Run.Status);
        Assert.Equal(reopened.MetricHistory(reused, "loss").Single().WallTime, r.Run.EndTime);
        Assert.Equal(0.25, r.Metrics.Single().Last);
        Assert.Equal(RunStatus.Running, reopened.FindRun(otherHost)!.Status);
        Assert.Equal(RunStatus.Finished, reopened.FindRun(live)!.Status);
    }

    [Fact]
    public void AKilledRunWithoutMetricsEndsAtItsStart()
    {
        using var tmp = new TempDb();
        long id;
        using (var store = RunStore.Open(tmp.Path))
        {
            id = store.StartRun("silent").Id;
            using var db = RunStoreTests.Raw(tmp.Path);
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"UPDATE runs SET pid = 2147483000 WHERE id = {id}"; // no such process
            cmd.ExecuteNonQuery();
        }
        using var reopened = RunStore.Open(tmp.Path);
        var run = reopened.FindRun(id)!;
        Assert.Equal((RunStatus.Killed, run.StartTime), (run.Status, run.EndTime));
    }

    private static string? ReadLineWithin(Process p, TimeSpan patience)
    {
        var task = p.StandardOutput.ReadLineAsync();
        return task.Wait(patience) ? task.Result : null;
    }

    private static Process StartChild(params string[] args)
    {
        // tests/Glassbox.Tracking.Tests/bin/{configuration}/{tfm}/ → tests/Glassbox.CrashWriter/bin/{configuration}/{tfm}/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var testsDir = here.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(testsDir, "Glassbox.CrashWriter", "bin", configuration, tfm, "Glassbox.CrashWriter.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; it is built with the test project (ProjectReference)");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }
}
