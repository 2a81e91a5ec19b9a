using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Glassbox.Cli.Commands;
using Glassbox.Tracking;

namespace Glassbox.Cli.Tests;

/// <summary><c>glassbox ui</c>: help, option errors, a port in use, and a real session that serves the runs and stops.</summary>
public class UiCommandTests
{
    [Fact]
    public void Help()
    {
        var r = CliRun.Of("ui", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("usage: glassbox ui [--port N] [--db PATH] [--open]", r.Out);
        Assert.Contains("glassbox ui [--port N] [--db PATH] [--open]", CliRun.Of("--help").Out);
    }

    [Fact]
    public void UsageErrors_Exit2()
    {
        CliRun.Of("ui", "--port", "70000").AssertFails(2, "--port must be an integer from 0 to 65535, got '70000'");
        CliRun.Of("ui", "--host", "0.0.0.0").AssertFails(2, "host '0.0.0.0' is not a loopback address", "--allow-remote");
        CliRun.Of("ui", "--host", "example.com").AssertFails(2, "host 'example.com' is not an IP address or localhost");
        CliRun.Of("ui", "extra").AssertFails(2);
    }

    [Fact]
    public void PortInUse_Exit1_OneClearLine()
    {
        using var tmp = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        CliRun.Of("ui", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", tmp["runs.db"])
            .AssertFails(1, $"cannot listen on 127.0.0.1:{port}: the port is in use by another program");
    }

    [Fact]
    public void ForeignDatabase_Exit1_NamingTheFile()
    {
        using var tmp = new TempFolder();
        var db = tmp.Write("runs.db", "not a database, only text; long enough to look like a file header to SQLite........");
        CliRun.Of("ui", "--port", "0", "--db", db).AssertFails(1, db);
    }

    [Fact]
    public async Task Ui_ServesTheRecordedRuns_AndStops()
    {
        using var tmp = new TempFolder();
        var db = tmp["runs.db"];
        using (var store = RunStore.Open(db))
        using (var run = store.StartRun("ui smoke run"))
        {
            run.LogMetrics(1, new Dictionary<string, double> { ["loss"] = 2 });
            run.LogMetrics(2, new Dictionary<string, double> { ["loss"] = 1 });
            run.Finish();
        }
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var ctx = new CliContext(TextWriter.Synchronized(output), TextWriter.Synchronized(new StringWriter()), _ => null);
        var task = Task.Run(() => UiCommand.Run(ctx, ["--port", "0", "--db", db], stop.Token));
        var clock = Stopwatch.StartNew();
        string? address = null;
        while (address is null && clock.Elapsed < TimeSpan.FromSeconds(60) && !task.IsCompleted)
        {
            int at = output.ToString().IndexOf(" at http://", StringComparison.Ordinal);
            if (at >= 0) address = output.ToString()[(at + 4)..].Split('\n')[0].Trim();
            else await Task.Delay(20);
        }
        Assert.False(task.IsCompleted, $"ui ended early: {output}");
        Assert.NotNull(address);
        Assert.StartsWith("http://127.0.0.1:", address); // loopback by default
        Assert.Contains($"dashboard of {db} at", output.ToString());

        using var http = new HttpClient { BaseAddress = new Uri(address) };
        Assert.Contains(">ui smoke run</a>", await http.GetStringAsync("/"));
        Assert.Contains("<figure class=\"curve\" data-metric=\"loss\">", await http.GetStringAsync("/runs/1"));

        stop.Cancel();
        Assert.Equal(0, await task.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
