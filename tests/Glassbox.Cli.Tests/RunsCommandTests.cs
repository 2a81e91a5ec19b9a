using System.Security.Cryptography;
using System.Text.Json;
using Glassbox.Tracking;

namespace Glassbox.Cli.Tests;

/// <summary>
/// <c>glassbox runs list | show | compare | delete</c> over a store in a temporary GLASSBOX_HOME, and the record that
/// <c>glassbox milestone</c> leaves there.
/// </summary>
public class RunsCommandTests
{
    private static Dictionary<string, string> Env(TempFolder t) => new() { ["GLASSBOX_HOME"] = t["home"] };

    private static string Db(TempFolder t) => t["home/runs.db"];

    /// <summary>Three runs: 1 (exp a, lr 0.1, finished), 2 (exp a, lr 0.01, failed), 3 (exp b, lr 0.1, finished).</summary>
    private static void Seed(TempFolder t)
    {
        using var store = RunStore.Open(Db(t));
        foreach (var (name, exp, lr, ok) in new[] { ("first", "a", 0.1, true), ("second", "a", 0.01, false), ("third", "b", 0.1, true) })
        {
            using var run = store.StartRun(name, exp, new Dictionary<string, object?> { ["lr"] = lr, ["epochs"] = 3 });
            for (int s = 0; s < 3; s++) run.LogMetrics(s, new Dictionary<string, double> { ["train/loss"] = lr * (3 - s), ["test/accuracy"] = 0.5 + s * 0.1 });
            if (ok) run.Finish(); else run.Fail("diverged");
        }
    }

    [Fact]
    public void AMilestoneRunIsRecordedWithItsParamsResultAndPicture()
    {
        using var t = new TempFolder();
        var r = CliRun.Of(Env(t), "milestone", "micrograd-moons", "--quick", "--out", t["out"], "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        long id = JsonDocument.Parse(r.Out.Trim().Split('\n')[^1]).RootElement.GetProperty("run_id").GetInt64();
        Assert.Contains($"recorded as run {id} in {Db(t)}", r.Err);

        var show = CliRun.Of(Env(t), "runs", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal(0, show.ExitCode);
        var d = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("finished", d.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal("micrograd-moons", d.GetProperty("run").GetProperty("experiment").GetString());
        Assert.Equal("micrograd-moons --quick --seed 0", d.GetProperty("run").GetProperty("name").GetString());
        var p = d.GetProperty("params");
        Assert.True(p.GetProperty("quick").GetBoolean());
        Assert.Equal(0, p.GetProperty("seed").GetInt64());
        Assert.Equal(t["out"], p.GetProperty("out").GetString());
        Assert.Equal("true", d.GetProperty("tags").GetProperty("passed").GetString());
        // The result's numbers are metrics, equal to what the milestone printed.
        var printed = JsonDocument.Parse(r.Out.Trim().Split('\n')[^1]).RootElement.GetProperty("metrics");
        Assert.Equal(printed.GetProperty("train_accuracy").GetDouble(), d.GetProperty("metrics").GetProperty("result/train_accuracy").GetProperty("last").GetDouble());
        var picture = Path.Combine(t["out"], "decision_boundary.png");
        var art = Assert.Single(d.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("path").GetString() == picture);
        Assert.Equal("image", art.GetProperty("kind").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(picture))), art.GetProperty("sha256").GetString());
        Assert.Equal(new FileInfo(picture).Length, art.GetProperty("size").GetInt64());
    }

    [Fact]
    public void AMilestoneThatThrowsIsRecordedAsFailedWithTheMessage()
    {
        using var t = new TempFolder();
        Directory.CreateDirectory(t["data"]);
        CliRun.Of(Env(t), "milestone", "titanic", "--data-dir", t["data"], "--out", t["out"]).AssertFails(1, "Dataset 'titanic' is not available");
        var list = JsonDocument.Parse(CliRun.Of(Env(t), "runs", "list", "--json").Out).RootElement;
        var run = Assert.Single(list.EnumerateArray());
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("Dataset 'titanic' is not available", run.GetProperty("message").GetString());
        Assert.NotEqual(JsonValueKind.Null, run.GetProperty("end_time").ValueKind);
    }

    [Fact]
    public void ListShowsATableAndFiltersInJson()
    {
        using var t = new TempFolder();
        Seed(t);
        var r = CliRun.Of(Env(t), "runs", "list");
        Assert.Equal((0, ""), (r.ExitCode, r.Err));
        var rows = r.Out.Split('\n').Where(l => l.StartsWith("│ ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count); // header + 3 runs, newest first
        Assert.Matches(@"^│\s+3 │ third\s+│ b\s+│ finished │", rows[1]);
        Assert.Matches(@"^│\s+2 │ second\s+│ a\s+│ failed\s+│", rows[2]);
        Assert.Contains($"3 runs in {Db(t)}", r.Out);

        long[] Ids(params string[] extra) => JsonDocument.Parse(CliRun.Of(Env(t), ["runs", "list", "--json", .. extra]).Out).RootElement
            .EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal([3L, 2L, 1L], Ids());
        Assert.Equal([2L, 1L], Ids("--experiment", "a"));
        Assert.Equal([3L, 1L], Ids("--status", "finished"));
        Assert.Equal([3L], Ids("--limit", "1"));
        Assert.Empty(Ids("--status", "killed"));
    }

    [Fact]
    public void ShowPrintsParamsMetricsAndStatus()
    {
        using var t = new TempFolder();
        Seed(t);
        var r = CliRun.Of(Env(t), "runs", "show", "2");
        Assert.Equal((0, ""), (r.ExitCode, r.Err));
        Assert.Matches(@"status\s+failed", r.Out);
        Assert.Matches(@"message\s+diverged", r.Out);
        Assert.Matches(@"│ lr\s+│ 0\.01\s+│ float │", r.Out);
        // train/loss over steps 0,1,2 = 0.03, 0.02, 0.01: last 0.01 at step 2, best = min = 0.01, max 0.03.
        Assert.Matches(@"│ train/loss\s+│\s+0\.01 │\s+2 │\s+0\.01 \(min\) │\s+0\.01 │\s+0\.03 │\s+3 │", r.Out);
        Assert.Matches(@"│ test/accuracy\s+│\s+0\.7 │\s+2 │\s+0\.7 \(max\) │\s+0\.5 │\s+0\.7 │\s+3 │", r.Out);
    }

    [Fact]
    public void CompareMarksTheParamsThatDiffer()
    {
        using var t = new TempFolder();
        Seed(t);
        var r = CliRun.Of(Env(t), "runs", "compare", "1", "2", "3");
        Assert.Equal((0, ""), (r.ExitCode, r.Err));
        Assert.Matches(@"│ \* │ lr\s+│ 0\.1\s+│ 0\.01\s+│ 0\.1\s+│", r.Out);
        Assert.Matches(@"│   │ epochs\s+│ 3\s+│ 3\s+│ 3\s+│", r.Out);
        Assert.Contains("* marks the 1 of 2 parameters that differ", r.Out);
        Assert.Matches(@"│ train/loss\s+│ last\s+│\s+0\.1 │\s+0\.01 │\s+0\.1 │", r.Out);

        var j = JsonDocument.Parse(CliRun.Of(Env(t), "runs", "compare", "1", "2", "--json").Out).RootElement;
        Assert.True(j.GetProperty("params").GetProperty("lr").GetProperty("differs").GetBoolean());
        Assert.False(j.GetProperty("params").GetProperty("epochs").GetProperty("differs").GetBoolean());
        Assert.Equal([0.1, 0.01], j.GetProperty("params").GetProperty("lr").GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.1, 0.01], j.GetProperty("metrics").GetProperty("train/loss").EnumerateArray().Select(m => m.GetProperty("last").GetDouble()));
    }

    [Fact]
    public void DeleteNeedsYesAndRemovesOnlyTheNamedRuns()
    {
        using var t = new TempFolder();
        Seed(t);
        var dry = CliRun.Of(Env(t), "runs", "delete", "1", "2");
        dry.AssertFails(1, "nothing deleted: add --yes to delete 2 runs");
        Assert.Contains("first", dry.Out);
        CliRun.Of(Env(t), "runs", "delete", "2", "9").AssertFails(1, "no run with id 9", Db(t));
        Assert.Equal(3, JsonDocument.Parse(CliRun.Of(Env(t), "runs", "list", "--json").Out).RootElement.GetArrayLength());

        var r = CliRun.Of(Env(t), "runs", "delete", "1", "2", "--yes");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("deleted 2 runs (1, 2)", r.Out);
        var left = JsonDocument.Parse(CliRun.Of(Env(t), "runs", "list", "--json").Out).RootElement;
        Assert.Equal([3L], left.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
    }

    [Fact]
    public void UnknownIdsAndBadWordsFailCleanly()
    {
        using var t = new TempFolder();
        CliRun.Of(Env(t), "runs", "show", "5").AssertFails(1, "no run 5", "does not exist yet");
        Assert.False(File.Exists(Db(t)), "reading must not create the database");
        Seed(t);
        CliRun.Of(Env(t), "runs", "show", "42").AssertFails(1, "no run with id 42 in " + Db(t), "glassbox runs list");
        CliRun.Of(Env(t), "runs", "compare", "1", "42").AssertFails(1, "no run with id 42");
        CliRun.Of(Env(t), "runs", "show", "abc").AssertFails(2, "a run id is a positive integer, got 'abc'");
        CliRun.Of(Env(t), "runs", "compare", "1").AssertFails(2, "compare needs at least two run ids");
        CliRun.Of(Env(t), "runs", "list", "--status", "done").AssertFails(2, "--status must be running, finished, failed or killed");
        CliRun.Of(Env(t), "runs", "list", "--limit", "0").AssertFails(2, "--limit must be an integer >= 1");
        CliRun.Of(Env(t), "runs", "frobnicate").AssertFails(2, "unknown sub-command 'frobnicate'");
    }

    [Fact]
    public void ListWithoutADatabaseIsEmptyAndCreatesNothing()
    {
        using var t = new TempFolder();
        var r = CliRun.Of(Env(t), "runs", "list");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"no runs recorded in {Db(t)}", r.Out);
        Assert.Equal("[]", CliRun.Of(Env(t), "runs", "list", "--json").Out.Trim());
        Assert.False(File.Exists(Db(t)));
    }

    [Fact]
    public void DbOptionPointsAtAnotherFile()
    {
        using var t = new TempFolder();
        Seed(t);
        string other = t["elsewhere/runs.db"];
        Directory.CreateDirectory(t["elsewhere"]);
        File.Copy(Db(t), other);
        var r = CliRun.Of("runs", "list", "--json", "--db", other); // no GLASSBOX_HOME at all
        Assert.Equal(3, JsonDocument.Parse(r.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public void ACorruptDatabaseIsReportedByRunsAndStopsAMilestoneBeforeItRuns()
    {
        using var t = new TempFolder();
        string db = t.Write("home/runs.db", "definitely not a database, just some text that is long enough for a header " + new string('x', 100));
        CliRun.Of(Env(t), "runs", "list").AssertFails(1, db + ": not an SQLite database");
        CliRun.Of(Env(t), "milestone", "micrograd-moons", "--quick", "--out", t["out"]).AssertFails(1, db + ": not an SQLite database");
        Assert.False(Directory.Exists(t["out"]), "the milestone must stop before preparing its output folder");
        Assert.False(File.Exists(t["home/milestones.json"]));
    }

    [Theory]
    [InlineData("usage: glassbox runs list", "runs", "--help")]
    [InlineData("usage: glassbox runs list", "help", "runs")]
    [InlineData("usage: glassbox runs list [--experiment X]", "runs", "list", "--help")]
    [InlineData("usage: glassbox runs show ID", "runs", "show", "-h")]
    [InlineData("usage: glassbox runs compare ID ID...", "runs", "compare", "--help")]
    [InlineData("usage: glassbox runs delete ID... [--yes]", "runs", "delete", "--help")]
    public void RunsHelpPrintsUsage(string expected, params string[] args)
    {
        var r = CliRun.Of(args);
        Assert.Equal((0, ""), (r.ExitCode, r.Err));
        Assert.Contains(expected, r.Out);
    }

    [Fact]
    public void TopLevelUsageListsTheRunsCommands()
    {
        var r = CliRun.Of("help");
        foreach (var sub in new[] { "glassbox runs list", "glassbox runs show ID", "glassbox runs compare ID ID...", "glassbox runs delete ID..." })
            Assert.Contains(sub, r.Out);
    }
}
