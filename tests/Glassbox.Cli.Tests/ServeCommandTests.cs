using System.Diagnostics;
using System.Text.Json;
using Glassbox.Cli.Commands;
using Glassbox.Data;
using Glassbox.ML.Linear;

namespace Glassbox.Cli.Tests;

/// <summary><c>glassbox serve</c> and <c>glassbox bench serve</c>: options, failures, a real serving session, a tiny load test.</summary>
public class ServeCommandTests
{
    private static string IrisModel(TempFolder tmp)
    {
        var iris = BuiltinDatasets.LoadIris();
        var path = tmp["iris.json"];
        new LogisticRegression(maxIter: 200).Fit(iris.X, iris.Y).Save(path);
        return path;
    }

    [Theory]
    [InlineData("usage: glassbox serve MODEL", "serve", "--help")]
    [InlineData("usage: glassbox bench serve", "bench", "serve", "--help")]
    public void Help(string expected, params string[] args)
    {
        var r = CliRun.Of(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(expected, r.Out);
    }

    [Fact]
    public void UsageErrors_Exit2()
    {
        CliRun.Of("serve").AssertFails(2, "serve: which model?");
        CliRun.Of("serve", "m.json", "--port", "70000").AssertFails(2, "--port must be an integer from 0 to 65535, got '70000'");
        CliRun.Of("serve", "m.json", "--host", "example.com").AssertFails(2, "--host must be localhost or an IP address, got 'example.com'");
        CliRun.Of("serve", "m.json", "--batch-window-us", "-1").AssertFails(2, "--batch-window-us must be an integer");
        CliRun.Of("bench", "serve", "--clients", "0").AssertFails(2, "--clients must be an integer from 1 to 1024");
        CliRun.Of("bench", "serve", "--data", "mnist", "--no-flask").AssertFails(2, "--data must be iris, wine, breast-cancer or digits, got 'mnist'");
        using var tmp = new TempFolder();
        var model = IrisModel(tmp);
        CliRun.Of("serve", model, "--arch", "x.json").AssertFails(2, "--arch is for network checkpoints");
    }

    [Fact]
    public void MissingOrCorruptModel_Exit1_NamingTheFile()
    {
        using var tmp = new TempFolder();
        CliRun.Of("serve", tmp["nope.json"]).AssertFails(1, "model file not found", "nope.json");
        var bad = tmp.Write("bad.json", """{"type": "System.Diagnostics.Process", "params": {}, "state": {}}""");
        CliRun.Of("serve", bad).AssertFails(1, "bad.json", "unknown estimator type");
        var model = IrisModel(tmp);
        CliRun.Of("serve", model, "--features", "a,b").AssertFails(1, "2 feature names given for a model with 4 features");
        var ckpt = tmp.Write("net.safetensors", "not a checkpoint");
        CliRun.Of("serve", ckpt).AssertFails(1, "net.arch.json");
    }

    [Fact]
    public async Task Serve_ListensOnLoopback_AnswersAndStops()
    {
        using var tmp = new TempFolder();
        var model = IrisModel(tmp);
        var output = new StringWriter();
        var syncOut = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource();
        var ctx = new CliContext(syncOut, TextWriter.Synchronized(new StringWriter()), _ => null);
        var run = Task.Run(() => ServeCommand.Run(ctx, [model, "--port", "0", "--features", "sl,sw,pl,pw"], stop.Token));
        var clock = Stopwatch.StartNew();
        string? address = null;
        while (address is null && clock.Elapsed < TimeSpan.FromSeconds(60) && !run.IsCompleted)
        {
            var text = output.ToString();
            int at = text.IndexOf(" at http://", StringComparison.Ordinal);
            if (at >= 0) address = text[(at + 4)..].Split('\n')[0].Trim();
            else await Task.Delay(20);
        }
        Assert.False(run.IsCompleted, $"serve ended early: {output}");
        Assert.NotNull(address);
        Assert.StartsWith("http://127.0.0.1:", address); // localhost by default: loopback only

        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var meta = JsonDocument.Parse(await http.GetStringAsync("/metadata"));
        Assert.Equal(["sl", "sw", "pl", "pw"], meta.RootElement.GetProperty("input").GetProperty("feature_names").EnumerateArray().Select(e => e.GetString()!));
        using var content = new StringContent("""{"instances": [{"sl": 5.1, "sw": 3.5, "pl": 1.4, "pw": 0.2}]}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/predict", content);
        Assert.Equal(200, (int)response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, answer.RootElement.GetProperty("predictions")[0].GetInt64()); // a textbook setosa

        stop.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void BenchServe_TinyRun_GlassboxAlone()
    {
        var r = CliRun.Of("bench", "serve", "--no-flask", "--clients", "2", "--requests", "40", "--warmup", "4", "--seconds", "30", "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        var line = Assert.Single(r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = JsonDocument.Parse(line);
        Assert.Equal("glassbox", doc.RootElement.GetProperty("server").GetString());
        Assert.Equal(40, doc.RootElement.GetProperty("requests").GetInt64());
        Assert.Equal(0, doc.RootElement.GetProperty("errors").GetInt64());
        Assert.True(doc.RootElement.GetProperty("requests_per_s").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("p99_ms").GetDouble() >= doc.RootElement.GetProperty("p50_ms").GetDouble());
    }

    [SkippableFact]
    public void BenchServe_TinyRun_BesideFlask()
    {
        Skip.IfNot(FlaskAvailable(), "Debian's python3 with Flask and scikit-learn is not installed (apt-get install -y python3-flask python3-sklearn)");
        var r = CliRun.Of("bench", "serve", "--clients", "2", "--requests", "30", "--warmup", "4", "--seconds", "30", "--rows", "3");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("both servers give the same labels", r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("server", lines[0]);
        Assert.StartsWith("glassbox", lines[1]);
        Assert.StartsWith("flask", lines[2]);
        Assert.StartsWith("glassbox / flask: throughput", lines[3]);
        foreach (var row in lines[1..3])
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("30", cells[2]); // requests
            Assert.Equal("0", cells[3]);  // errors
        }
    }

    private static bool FlaskAvailable()
    {
        if (!File.Exists("/usr/bin/python3")) return false;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", "import flask, sklearn" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit(30000);
        return p.HasExited && p.ExitCode == 0;
    }
}
