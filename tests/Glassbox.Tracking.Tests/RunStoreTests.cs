using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Glassbox.Tracking.Tests;

/// <summary>Recording and reading runs: parameters, metrics, tags, artifacts, statuses, queries and deletion.</summary>
public class RunStoreTests
{
    [Fact]
    public void ARunRoundTripsItsParamsMetricsTagsAndArtifacts()
    {
        using var tmp = new TempDb();
        var picture = System.IO.Path.Combine(tmp.Folder, "curve.png");
        File.WriteAllBytes(picture, Encoding.ASCII.GetBytes("abc"));
        long id;
        using (var store = RunStore.Open(tmp.Path))
        {
            using var run = store.StartRun("first", "exp-a", new Dictionary<string, object?> { ["lr"] = 1e-3, ["epochs"] = 8, ["optimizer"] = "Adam" });
            id = run.Id;
            run.LogParams(new Dictionary<string, object?> { ["quick"] = true, ["seed"] = 18446744073709551615UL, ["note"] = null, ["sizes"] = new[] { 1, 2 } });
            run.LogMetrics(0, new Dictionary<string, double> { ["train/loss"] = 2.0, ["test/accuracy"] = 0.5 });
            run.LogMetrics(1, new Dictionary<string, double> { ["train/loss"] = 0.5, ["test/accuracy"] = 0.9 });
            run.LogMetrics(2, new Dictionary<string, double> { ["train/loss"] = 0.75, ["test/accuracy"] = 0.8 });
            run.SetTag("passed", "true");
            var art = run.LogArtifact("image", picture);
            // SHA-256("abc"), the FIPS 180-2 example value.
            Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", art.Sha256);
            run.Finish();
        }
        using (var store = RunStore.Open(tmp.Path))
        {
            var d = store.GetRun(id)!;
            Assert.Equal(("first", "exp-a", RunStatus.Finished), (d.Run.Name, d.Run.Experiment, d.Run.Status));
            Assert.Null(d.Run.Message);
            Assert.True(d.Run.EndTime >= d.Run.StartTime);
            Assert.Equal(Environment.ProcessId, d.Run.Pid);
            Assert.Equal(Environment.MachineName, d.Run.Host);
            var p = d.Params.ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.Equal(["epochs", "lr", "note", "optimizer", "quick", "seed", "sizes"], p.Keys);
            Assert.Equal(new ParamValue("0.001", "float"), p["lr"]);
            Assert.Equal(new ParamValue("8", "int"), p["epochs"]);
            Assert.Equal(new ParamValue("Adam", "string"), p["optimizer"]);
            Assert.Equal(new ParamValue("true", "bool"), p["quick"]);
            Assert.Equal(new ParamValue("18446744073709551615", "int"), p["seed"]);
            Assert.Equal(new ParamValue("", "null"), p["note"]);
            Assert.Equal(new ParamValue("[1,2]", "json"), p["sizes"]);
            Assert.Equal(0.001, p["lr"].ToObject());
            Assert.Equal(18446744073709551615UL, p["seed"].ToObject());
            Assert.Null(p["note"].ToObject());

            // Values are stored as IEEE doubles and read back bit for bit, so exact comparisons hold.
            var loss = d.Metrics.Single(m => m.Key == "train/loss");
            Assert.Equal((3, 2L, 0.75, 0.5, 2.0, 0.5), (loss.Count, loss.LastStep, loss.Last, loss.Min, loss.Max, loss.Best));
            Assert.True(loss.LowerIsBetter);
            var acc = d.Metrics.Single(m => m.Key == "test/accuracy");
            Assert.Equal((0.8, 0.9), (acc.Last, acc.Best));
            Assert.False(acc.LowerIsBetter);
            Assert.Equal([("passed", "true")], d.Tags.Select(t => (t.Key, t.Value)));
            var a = Assert.Single(d.Artifacts);
            Assert.Equal(("image", picture, 3L), (a.Kind, a.Path, a.Size));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(picture))), a.Sha256);

            var history = store.MetricHistory(id, "train/loss");
            Assert.Equal([(0L, 2.0), (1L, 0.5), (2L, 0.75)], history.Select(h => (h.Step, h.Value)));
            Assert.All(history, h => Assert.InRange(h.WallTime, d.Run.StartTime, d.Run.EndTime!.Value));
        }
    }

    [Fact]
    public void NaNIsStoredAndReadBackAsNaNAndIgnoredByMinAndMax()
    {
        using var tmp = new TempDb();
        using var store = RunStore.Open(tmp.Path);
        using var run = store.StartRun("nan");
        run.LogMetrics(0, new Dictionary<string, double> { ["loss"] = 1.5 });
        run.LogMetrics(1, new Dictionary<string, double> { ["loss"] = double.NaN });
        run.LogMetrics(2, new Dictionary<string, double> { ["loss"] = double.PositiveInfinity });
        run.Finish();
        var m = Assert.Single(store.GetRun(run.Id)!.Metrics);
        Assert.Equal((3, 1.5, double.PositiveInfinity, double.PositiveInfinity), (m.Count, m.Min, m.Max, m.Last));
        Assert.True(double.IsNaN(store.MetricHistory(run.Id, "loss")[1].Value));
    }

    [Fact]
    public void FailRecordsTheMessageAndDisposeWithoutFinishingMarksTheRunFailed()
    {
        using var tmp = new TempDb();
        using var store = RunStore.Open(tmp.Path);
        long failed, abandoned;
        using (var run = store.StartRun("boom"))
        {
            failed = run.Id;
            run.Fail("data file corrupt");
            Assert.Throws<InvalidOperationException>(() => run.LogMetrics(1, new Dictionary<string, double> { ["x"] = 1 }));
        }
        using (var run = store.StartRun("left"))
            abandoned = run.Id;
        Assert.Equal((RunStatus.Failed, "data file corrupt"), (store.FindRun(failed)!.Status, store.FindRun(failed)!.Message));
        var left = store.FindRun(abandoned)!;
        Assert.Equal((RunStatus.Failed, "ended without Finish or Fail"), (left.Status, left.Message));
        Assert.NotNull(left.EndTime);
    }

    [Fact]
    public void ListFiltersByExperimentAndStatusNewestFirstAndLimits()
    {
        using var tmp = new TempDb();
        using var store = RunStore.Open(tmp.Path);
        var ids = new List<long>();
        foreach (var (name, exp, ok) in new[] { ("a", "x", true), ("b", "y", true), ("c", "x", false), ("d", "x", true) })
        {
            using var run = store.StartRun(name, exp);
            ids.Add(run.Id);
            if (ok) run.Finish(); else run.Fail("no");
        }
        Assert.Equal(["d", "c", "b", "a"], store.ListRuns().Select(r => r.Name));
        Assert.Equal(["d", "c", "a"], store.ListRuns(new RunQuery(Experiment: "x")).Select(r => r.Name));
        Assert.Equal(["d", "a"], store.ListRuns(new RunQuery(Experiment: "x", Status: RunStatus.Finished)).Select(r => r.Name));
        Assert.Equal(["d", "c"], store.ListRuns(new RunQuery(Limit: 2)).Select(r => r.Name));
        Assert.Empty(store.ListRuns(new RunQuery(Status: RunStatus.Killed)));
        Assert.Equal(ids.OrderDescending(), store.ListRuns().Select(r => r.Id));
    }

    [Fact]
    public void DeleteRemovesTheRunAndEverythingRecordedAboutIt()
    {
        using var tmp = new TempDb();
        long keep = 0, drop = 0;
        using (var store = RunStore.Open(tmp.Path))
        {
            foreach (var name in new[] { "keep", "drop" })
            {
                using var run = store.StartRun(name, parameters: new Dictionary<string, object?> { ["k"] = 1 });
                run.LogMetrics(0, new Dictionary<string, double> { ["m"] = 1 });
                run.SetTag("t", "v");
                run.LogArtifact("file", tmp.Path); // any existing file will do
                run.Finish();
                if (name == "keep") keep = run.Id; else drop = run.Id;
            }
            Assert.Equal(1, store.DeleteRuns([drop, drop, 999]));
            Assert.Null(store.GetRun(drop));
            Assert.NotNull(store.GetRun(keep));
        }
        using var db = Raw(tmp.Path);
        foreach (var table in new[] { "params", "metrics", "tags", "artifacts" })
            Assert.Equal(0L, Scalar(db, $"SELECT COUNT(*) FROM {table} WHERE run_id = {drop}"));
        Assert.Equal(1L, Scalar(db, $"SELECT COUNT(*) FROM metrics WHERE run_id = {keep}"));
    }

    [Fact]
    public void ANewDatabaseIsVersionedIdentifiedAndInWalMode()
    {
        using var tmp = new TempDb();
        using (RunStore.Open(tmp.Path)) { }
        using var db = Raw(tmp.Path);
        Assert.Equal(2L, Scalar(db, "PRAGMA user_version")); // version 2 added the study tables
        Assert.Equal(0x47424F58L, Scalar(db, "PRAGMA application_id"));
        Assert.Equal("wal", Scalar(db, "PRAGMA journal_mode"));
    }

    [Fact]
    public void StoresOpeningANewFileAtOnceAgreeOnTheSchemaAndEachRecordTheirRun()
    {
        using var tmp = new TempDb();
        using var start = new Barrier(4);
        var ids = new long[4];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        // Dedicated threads, not the pool: all four must reach the barrier, whatever the pool's size.
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                using var store = RunStore.Open(tmp.Path);
                using var run = store.StartRun($"parallel {i}");
                run.LogMetrics(0, new Dictionary<string, double> { ["i"] = i });
                run.Finish();
                ids[i] = run.Id;
            }
            catch (Exception e) { errors.Enqueue(e); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
        using var reopened = RunStore.Open(tmp.Path);
        Assert.Equal(ids.Order(), reopened.ListRuns().Select(r => r.Id).Order());
        Assert.All(reopened.ListRuns(), r => Assert.Equal(RunStatus.Finished, r.Status));
    }

    [Fact]
    public void DefaultPathIsRunsDbInGlassboxHome()
    {
        Assert.Equal(System.IO.Path.Combine("/some/home", "runs.db"), RunStore.DefaultPath(v => v == "GLASSBOX_HOME" ? "/some/home" : null));
        Assert.EndsWith(System.IO.Path.Combine("glassbox", "runs.db"), RunStore.DefaultPath(_ => null));
    }

    [Fact]
    public void TheGitCommitIsHeadWhereThereIsARepositoryAndNullWhereThereIsNone()
    {
        using var tmp = new TempDb();
        Assert.Null(GitInfo.HeadCommit(tmp.Folder)); // a fresh temp folder is not inside a repository
        using var store = RunStore.Open(tmp.Path);
        using var run = store.StartRun("git");
        run.Finish();
        var commit = store.FindRun(run.Id)!.GitCommit;
        // The tests run from the repository's build output, but a source tarball or a machine without git has none.
        if (commit is not null) Assert.Matches("^([0-9a-f]{40}|[0-9a-f]{64})$", commit);
        Assert.Equal(GitInfo.HeadCommit(Environment.CurrentDirectory), commit);
    }

    internal static SqliteConnection Raw(string path)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        return db;
    }

    internal static object? Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
