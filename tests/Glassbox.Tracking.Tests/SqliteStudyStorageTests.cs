using Glassbox.Tuning;

namespace Glassbox.Tracking.Tests;

/// <summary>Studies in the run database: resuming by name, failing orphaned trials, parallel writers, schema upgrade.</summary>
public class SqliteStudyStorageTests
{
    private static double Bowl(Trial t)
    {
        double x = t.SuggestFloat("x", -3, 3);
        int k = t.SuggestInt("k", 1, 64, log: true);
        string c = t.SuggestCategorical("c", ["u", "v"]);
        t.Report(0, x * x + 1);
        return x * x + Math.Log(k) + (c == "u" ? 0 : 0.5);
    }

    [Fact]
    public void AStudyReopenedByNameContinuesWhereItStopped()
    {
        using var tmp = new TempDb();
        IReadOnlyList<FrozenTrial> first;
        using (var storage = SqliteStudyStorage.Open(tmp.Path))
        {
            var study = Study.Create("bowl", StudyDirection.Minimize, new TpeSampler(nStartupTrials: 3, seed: 1), new NopPruner(), storage);
            study.Optimize(Bowl, nTrials: 6);
            first = study.Trials;
        }
        using (var storage = SqliteStudyStorage.Open(tmp.Path))
        {
            var study = Study.Create("bowl", StudyDirection.Minimize, new TpeSampler(nStartupTrials: 3, seed: 2), new NopPruner(), storage);
            var reread = study.Trials;
            Assert.Equal(6, reread.Count);
            for (int i = 0; i < 6; i++)
            {
                // Everything read back as written: values, parameters bit for bit, distributions, intermediate values.
                Assert.Equal(first[i].Value, reread[i].Value);
                Assert.Equal(first[i].InternalParams, reread[i].InternalParams);
                Assert.Equal(first[i].Distributions, reread[i].Distributions);
                Assert.Equal(first[i].IntermediateValues, reread[i].IntermediateValues);
                Assert.Equal(TrialState.Complete, reread[i].State);
            }
            study.Optimize(Bowl, nTrials: 4);
            Assert.Equal(Enumerable.Range(0, 10), study.Trials.Select(t => t.Number));
            Assert.Equal([("bowl", StudyDirection.Minimize, 10)], storage.ListStudies());
            Assert.Throws<InvalidOperationException>(() => Study.Create("bowl", StudyDirection.Maximize, storage: storage));
        }
    }

    [Fact]
    public void ATrialLeftRunningWhenItsStorageClosesIsFailedAndKeepsItsRecord()
    {
        using var tmp = new TempDb();
        long trialId;
        using (var storage = SqliteStudyStorage.Open(tmp.Path))
        {
            var study = Study.Create("s", storage: storage, sampler: new RandomSampler(0));
            var t = study.Ask();
            t.SuggestFloat("lr", 1e-4, 1, log: true);
            t.Report(0, 0.5);
            trialId = t.Id;
            Assert.Equal(TrialState.Running, storage.GetTrial(trialId).State);
            // disposed without Tell: the objective "crashed" with its storage
        }
        using (var storage = SqliteStudyStorage.Open(tmp.Path))
        {
            var t = storage.GetTrial(trialId);
            Assert.Equal(TrialState.Fail, t.State);
            Assert.Null(t.Value);
            Assert.InRange((double)t.Params["lr"], 1e-4, 1);
            Assert.Equal([new KeyValuePair<int, double>(0, 0.5)], t.IntermediateValues);
            var study = Study.Create("s", storage: storage, sampler: new RandomSampler(0));
            Assert.Equal(1, study.Ask().Number);
        }
    }

    [Fact]
    public void ARunningTrialOfADeadProcessIsFailedOnOpen()
    {
        using var tmp = new TempDb();
        using (var storage = SqliteStudyStorage.Open(tmp.Path))
            Study.Create("s", storage: storage);
        // A trial written by a process that no longer exists (pid 2³¹ − 1 with a start token no process has).
        using (var db = RunStoreTests.Raw(tmp.Path))
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = $"""
                INSERT INTO trials (study_id, number, state, start_time, pid, process_start, host)
                VALUES (1, 0, 'running', '2026-01-01T00:00:00.000Z', 2147483647, 'gone', '{Environment.MachineName}')
                """;
            cmd.ExecuteNonQuery();
        }
        using (var storage = SqliteStudyStorage.Open(tmp.Path))
        {
            Assert.Single(storage.FailedOnOpen);
            Assert.Equal(TrialState.Fail, storage.GetTrial(storage.FailedOnOpen[0]).State);
        }
    }

    [Fact]
    public void ParallelTrialsOnTheDatabaseAreAllRecorded()
    {
        using var tmp = new TempDb();
        using var storage = SqliteStudyStorage.Open(tmp.Path);
        var study = Study.Create("par", StudyDirection.Minimize, new TpeSampler(nStartupTrials: 5, seed: 0), new SuccessiveHalvingPruner(), storage);
        study.Optimize(t =>
        {
            double x = t.SuggestFloat("x", -3, 3);
            for (int s = 0; s < 5; s++)
            {
                t.Report(s, x * x + 4 - s);
                if (t.ShouldPrune()) throw new TrialPrunedException();
            }
            return x * x;
        }, nTrials: 24, nJobs: 4);
        var trials = study.Trials;
        Assert.Equal(Enumerable.Range(0, 24), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.True(t.State is TrialState.Complete or TrialState.Pruned));
        Assert.Contains(trials, t => t.SystemAttrs.ContainsKey("completed_rung_0"));
    }

    [Fact]
    public void AVersion1DatabaseIsUpgradedAndKeepsItsRuns()
    {
        using var tmp = new TempDb();
        long runId;
        using (var store = RunStore.Open(tmp.Path))
        {
            var run = store.StartRun("old");
            runId = run.Id;
            run.Finish();
        }
        // Turn it back into a version-1 file: drop the study tables and the version.
        using (var db = RunStoreTests.Raw(tmp.Path))
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "DROP TABLE trial_system_attrs; DROP TABLE trial_intermediate_values; DROP TABLE trial_params; DROP TABLE trials; DROP TABLE studies; PRAGMA user_version = 1;";
            cmd.ExecuteNonQuery();
        }
        using (var storage = SqliteStudyStorage.Open(tmp.Path))
        {
            var study = Study.Create("after-upgrade", storage: storage, sampler: new RandomSampler(0));
            study.Optimize(t => t.SuggestFloat("x", 0, 1), nTrials: 2);
            Assert.Equal(2, study.Trials.Count);
        }
        using (var store = RunStore.Open(tmp.Path))
            Assert.Equal("old", store.FindRun(runId)!.Name);
    }
}
