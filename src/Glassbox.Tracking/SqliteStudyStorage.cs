using System.Globalization;
using Glassbox.Tuning;
using Microsoft.Data.Sqlite;

namespace Glassbox.Tracking;

/// <summary>
/// An <see cref="IStudyStorage"/> in the run database (Optuna's <c>RDBStorage</c> with an SQLite URL): the same file as
/// <see cref="RunStore"/> (<c>runs.db</c>), in the tables that schema version 2 adds. Studies survive the process:
/// <see cref="Study.Create"/> with an existing name continues it, numbering new trials after the old ones.
/// </summary>
/// <remarks>
/// <para>Every write is one transaction; a new trial's number is taken inside the write lock
/// (<c>BEGIN IMMEDIATE</c>), so concurrent threads and processes never share a number.</para>
/// <para>Trials that can never finish become <see cref="TrialState.Fail"/>: on open, every Running trial of this host
/// whose process is gone (or is another process reusing its id) — a process killed mid-trial; and on
/// <see cref="Dispose"/>, the Running trials this storage started — nothing can finish them once their storage is
/// closed. Their parameters and intermediate values are kept.</para>
/// </remarks>
public sealed class SqliteStudyStorage : IStudyStorage, IDisposable
{
    private readonly RunStore store;
    private readonly HashSet<long> started = [];

    private SqliteStudyStorage(RunStore store) => this.store = store;

    /// <summary>The database file.</summary>
    public string Path => store.Path;

    /// <summary>The ids of the trials that opening this storage marked failed (their process had died).</summary>
    public IReadOnlyList<long> FailedOnOpen { get; private set; } = [];

    /// <summary>
    /// Opens (creating when missing) the run database at <paramref name="path"/>, or at <see cref="RunStore.DefaultPath"/>
    /// when null, and fails the Running trials of dead processes.
    /// </summary>
    /// <exception cref="RunStoreException">The file is not a usable Glassbox run database (the message says why).</exception>
    public static SqliteStudyStorage Open(string? path = null)
    {
        var s = new SqliteStudyStorage(RunStore.Open(path));
        try { s.FailedOnOpen = s.FailDeadTrials(); }
        catch { s.store.Dispose(); throw; }
        return s;
    }

    /// <summary>The names of the studies in the file, with their directions and trial counts, by name.</summary>
    public IReadOnlyList<(string Name, StudyDirection Direction, int Trials)> ListStudies() => store.Guard(() =>
    {
        using var cmd = store.Command(null, "SELECT s.name, s.direction, (SELECT COUNT(*) FROM trials t WHERE t.study_id = s.id) FROM studies s ORDER BY s.name");
        using var r = cmd.ExecuteReader();
        var list = new List<(string, StudyDirection, int)>();
        while (r.Read()) list.Add((r.GetString(0), ParseDirection(r.GetString(1)), r.GetInt32(2)));
        return (IReadOnlyList<(string, StudyDirection, int)>)list;
    });

    /// <inheritdoc/>
    public long CreateOrLoadStudy(string name, StudyDirection direction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return store.Guard(() =>
        {
            using var tx = store.Begin();
            using (var find = store.Command(tx, "SELECT id, direction FROM studies WHERE name = $name", ("$name", name)))
            using (var r = find.ExecuteReader())
                if (r.Read())
                {
                    var have = ParseDirection(r.GetString(1));
                    if (have != direction)
                        throw new InvalidOperationException($"{Path}: study '{name}' exists with direction {have}, not {direction}");
                    return r.GetInt64(0);
                }
            using var insert = store.Command(tx, "INSERT INTO studies (name, direction, created) VALUES ($name, $dir, $now); SELECT last_insert_rowid();",
                ("$name", name), ("$dir", DirectionText(direction)), ("$now", TimeText.Now()));
            long id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
            tx.Commit();
            return id;
        });
    }

    /// <inheritdoc/>
    public (long Id, int Number) CreateTrial(long studyId) => store.Guard(() =>
    {
        using var tx = store.Begin();
        using (var check = store.Command(tx, "SELECT COUNT(*) FROM studies WHERE id = $id", ("$id", studyId)))
            if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) throw new KeyNotFoundException($"{Path}: no study with id {studyId}");
        using var cmd = store.Command(tx, """
            INSERT INTO trials (study_id, number, state, start_time, pid, process_start, host)
            VALUES ($study, (SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = $study), 'running', $now, $pid, $token, $host);
            SELECT id, number FROM trials WHERE id = last_insert_rowid();
            """, ("$study", studyId), ("$now", TimeText.Now()), ("$pid", ProcessIdentity.CurrentId), ("$token", ProcessIdentity.CurrentToken), ("$host", Environment.MachineName));
        using var r = cmd.ExecuteReader();
        r.Read();
        var result = (r.GetInt64(0), r.GetInt32(1));
        r.Close();
        tx.Commit();
        lock (started) started.Add(result.Item1);
        return result;
    });

    /// <inheritdoc/>
    public void SetTrialParam(long trialId, string name, double internalValue, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        if (!distribution.Contains(internalValue))
            throw new ArgumentOutOfRangeException(nameof(internalValue), internalValue, $"trial {trialId}: '{name}' = {internalValue} is outside {distribution.ToJson()}");
        WriteRunning(trialId, tx =>
        {
            using (var old = store.Command(tx, "SELECT value, distribution FROM trial_params WHERE trial_id = $t AND name = $n", ("$t", trialId), ("$n", name)))
            using (var r = old.ExecuteReader())
                if (r.Read())
                {
                    if (r.GetDouble(0) != internalValue || r.GetString(1) != distribution.ToJson())
                        throw new InvalidOperationException($"{Path}: trial {trialId}: parameter '{name}' is already set");
                    return;
                }
            using var cmd = store.Command(tx, "INSERT INTO trial_params (trial_id, name, value, distribution) VALUES ($t, $n, $v, $d)",
                ("$t", trialId), ("$n", name), ("$v", internalValue), ("$d", distribution.ToJson()));
            cmd.ExecuteNonQuery();
        });
    }

    /// <inheritdoc/>
    public void SetTrialIntermediateValue(long trialId, int step, double value) => WriteRunning(trialId, tx =>
    {
        using var cmd = store.Command(tx, "INSERT OR REPLACE INTO trial_intermediate_values (trial_id, step, value) VALUES ($t, $s, $v)",
            ("$t", trialId), ("$s", step), ("$v", double.IsNaN(value) ? null : value));
        cmd.ExecuteNonQuery();
    });

    /// <inheritdoc/>
    public void SetTrialSystemAttr(long trialId, string key, double value) => WriteRunning(trialId, tx =>
    {
        using var cmd = store.Command(tx, "INSERT OR REPLACE INTO trial_system_attrs (trial_id, key, value) VALUES ($t, $k, $v)",
            ("$t", trialId), ("$k", key), ("$v", double.IsNaN(value) ? null : value));
        cmd.ExecuteNonQuery();
    });

    /// <inheritdoc/>
    public void FinishTrial(long trialId, TrialState state, double? value)
    {
        if (state == TrialState.Running) throw new ArgumentException("FinishTrial: the new state must be a finished one", nameof(state));
        WriteRunning(trialId, tx =>
        {
            using var cmd = store.Command(tx, "UPDATE trials SET state = $s, value = $v, end_time = $now WHERE id = $t",
                ("$s", StateText(state)), ("$v", value is double v && !double.IsNaN(v) ? v : null), ("$now", TimeText.Now()), ("$t", trialId));
            cmd.ExecuteNonQuery();
        });
        lock (started) started.Remove(trialId);
    }

    /// <inheritdoc/>
    public FrozenTrial GetTrial(long trialId) => store.Guard(() =>
    {
        using var tx = store.Begin();
        var list = ReadTrials(tx, "t.id = $key", trialId, null);
        tx.Commit();
        return list.Count == 1 ? list[0] : throw new KeyNotFoundException($"{Path}: no trial with id {trialId}");
    });

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> GetAllTrials(long studyId, IReadOnlyCollection<TrialState>? states = null) => store.Guard(() =>
    {
        using var tx = store.Begin();
        var list = ReadTrials(tx, "t.study_id = $key", studyId, states);
        tx.Commit();
        return (IReadOnlyList<FrozenTrial>)list;
    });

    /// <summary>Fails the Running trials this storage started, then closes the database.</summary>
    public void Dispose()
    {
        long[] open;
        lock (started) open = [.. started];
        try
        {
            if (open.Length > 0)
                store.Guard(() =>
                {
                    using var tx = store.Begin();
                    foreach (var id in open)
                    {
                        using var cmd = store.Command(tx, "UPDATE trials SET state = 'fail', end_time = $now WHERE id = $id AND state = 'running'", ("$id", id), ("$now", TimeText.Now()));
                        cmd.ExecuteNonQuery();
                    }
                    tx.Commit();
                    return 0;
                });
        }
        catch (ObjectDisposedException) { }
        finally { store.Dispose(); }
    }

    private IReadOnlyList<long> FailDeadTrials() => store.Guard(() =>
    {
        using var tx = store.Begin();
        var dead = new List<long>();
        using (var cmd = store.Command(tx, "SELECT id, pid, process_start FROM trials WHERE state = 'running' AND host = $host", ("$host", Environment.MachineName)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                if (!ProcessIdentity.IsAlive(r.GetInt32(1), r.GetString(2))) dead.Add(r.GetInt64(0));
        foreach (var id in dead)
        {
            using var cmd = store.Command(tx, """
                UPDATE trials SET state = 'fail', end_time = COALESCE(end_time, start_time) WHERE id = $id AND state = 'running'
                """, ("$id", id));
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return (IReadOnlyList<long>)dead;
    });

    private void WriteRunning(long trialId, Action<SqliteTransaction> write) => store.Guard(() =>
    {
        using var tx = store.Begin();
        using (var check = store.Command(tx, "SELECT number, state FROM trials WHERE id = $t", ("$t", trialId)))
        using (var r = check.ExecuteReader())
        {
            if (!r.Read()) throw new KeyNotFoundException($"{Path}: no trial with id {trialId}");
            if (r.GetString(1) != "running")
                throw new InvalidOperationException($"{Path}: trial {r.GetInt32(0)} is already finished ({r.GetString(1)}) and cannot change");
        }
        write(tx);
        tx.Commit();
        return 0;
    });

    private List<FrozenTrial> ReadTrials(SqliteTransaction tx, string where, long key, IReadOnlyCollection<TrialState>? states)
    {
        var rows = new List<(long Id, int Number, TrialState State, double? Value, DateTime Start, DateTime? End)>();
        using (var cmd = store.Command(tx, $"SELECT t.id, t.number, t.state, t.value, t.start_time, t.end_time FROM trials t WHERE {where} ORDER BY t.number", ("$key", key)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var state = ParseState(r.GetString(2), r.GetInt64(0));
                if (states is not null && !states.Contains(state)) continue;
                rows.Add((r.GetInt64(0), r.GetInt32(1), state, r.IsDBNull(3) ? null : r.GetDouble(3), TimeText.Parse(r.GetString(4), Path),
                    r.IsDBNull(5) ? null : TimeText.Parse(r.GetString(5), Path)));
            }
        if (rows.Count == 0) return [];
        var ids = rows.Select(x => x.Id).ToHashSet();
        var prms = ids.ToDictionary(i => i, _ => new Dictionary<string, double>());
        var dists = ids.ToDictionary(i => i, _ => new Dictionary<string, Distribution>());
        var inter = ids.ToDictionary(i => i, _ => new List<KeyValuePair<int, double>>());
        var attrs = ids.ToDictionary(i => i, _ => new Dictionary<string, double>());
        string join = $"JOIN trials t ON t.id = x.trial_id WHERE {where}";
        using (var cmd = store.Command(tx, $"SELECT x.trial_id, x.name, x.value, x.distribution FROM trial_params x {join}", ("$key", key)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                if (!ids.Contains(r.GetInt64(0))) continue;
                Distribution d;
                try { d = Distribution.FromJson(r.GetString(3)); }
                catch (FormatException e) { throw new RunStoreException(Path, $"corrupt: trial {r.GetInt64(0)} parameter '{r.GetString(1)}': {e.Message}", e); }
                prms[r.GetInt64(0)][r.GetString(1)] = r.GetDouble(2);
                dists[r.GetInt64(0)][r.GetString(1)] = d;
            }
        using (var cmd = store.Command(tx, $"SELECT x.trial_id, x.step, x.value FROM trial_intermediate_values x {join} ORDER BY x.trial_id, x.step", ("$key", key)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                if (ids.Contains(r.GetInt64(0))) inter[r.GetInt64(0)].Add(new(r.GetInt32(1), r.IsDBNull(2) ? double.NaN : r.GetDouble(2)));
        using (var cmd = store.Command(tx, $"SELECT x.trial_id, x.key, x.value FROM trial_system_attrs x {join}", ("$key", key)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                if (ids.Contains(r.GetInt64(0))) attrs[r.GetInt64(0)][r.GetString(1)] = r.IsDBNull(2) ? double.NaN : r.GetDouble(2);
        return rows.Select(x => new FrozenTrial(x.Id, x.Number, x.State, x.Value, prms[x.Id], dists[x.Id], inter[x.Id], attrs[x.Id], x.Start, x.End)).ToList();
    }

    private static string DirectionText(StudyDirection d) => d == StudyDirection.Minimize ? "minimize" : "maximize";

    private StudyDirection ParseDirection(string text) => text switch
    {
        "minimize" => StudyDirection.Minimize,
        "maximize" => StudyDirection.Maximize,
        _ => throw new RunStoreException(Path, $"corrupt: unknown study direction '{text}'"),
    };

    private static string StateText(TrialState s) => s switch
    {
        TrialState.Running => "running",
        TrialState.Complete => "complete",
        TrialState.Pruned => "pruned",
        _ => "fail",
    };

    private TrialState ParseState(string text, long id) => text switch
    {
        "running" => TrialState.Running,
        "complete" => TrialState.Complete,
        "pruned" => TrialState.Pruned,
        "fail" => TrialState.Fail,
        _ => throw new RunStoreException(Path, $"corrupt: trial {id} has unknown state '{text}'"),
    };
}
