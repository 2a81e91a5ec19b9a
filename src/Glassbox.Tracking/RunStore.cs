using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Glassbox.Tracking;

/// <summary>
/// The record of training runs in one local SQLite file: each run's name, experiment, git commit, status, times and
/// owning process, with its parameters, metrics over steps, tags and artifacts. Opening a store creates or upgrades
/// the schema and marks every run whose process has died as <see cref="RunStatus.Killed"/>.
/// </summary>
/// <remarks>
/// <para>Every write is one transaction, in WAL mode with <c>synchronous=NORMAL</c>: a committed row survives the
/// writing process being killed (only a power loss may take the last transactions), and readers — <c>glassbox runs
/// list</c> in another terminal — never block the writer. A row of metrics logged at one step is one transaction.</para>
/// <para>Killed runs: a run still <c>running</c> whose host is this machine is checked on every open; when its process
/// id is not alive, or is alive with another start time (the id was reused), the run becomes <c>killed</c> with end
/// time = its last metric's wall time (its start time if it logged none), and everything it wrote stays. Runs owned
/// by another host cannot be checked from here and stay <c>running</c> until a store on that host is opened.</para>
/// <para>A store is meant for one thread at a time; its methods take a lock, so sharing one between threads is safe
/// but serial. Several processes may use the same file at once.</para>
/// </remarks>
public sealed class RunStore : IDisposable
{
    /// <summary>The database file name inside the per-user Glassbox folder.</summary>
    public const string FileName = "runs.db";

    /// <summary>The variable that selects the per-user Glassbox folder (the CLI reads the same one).</summary>
    public const string HomeVariable = "GLASSBOX_HOME";

    private readonly SqliteConnection db;
    private readonly object gate = new();
    private bool disposed;

    private RunStore(string path, SqliteConnection db)
    {
        Path = path;
        this.db = db;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The ids of the runs that opening this store marked <see cref="RunStatus.Killed"/>.</summary>
    public IReadOnlyList<long> KilledOnOpen { get; private set; } = [];

    /// <summary>
    /// <c>$GLASSBOX_HOME/runs.db</c>, else <c>runs.db</c> in the platform's local application data folder +
    /// "glassbox" (the folder that also holds the CLI's <c>milestones.json</c>).
    /// </summary>
    /// <param name="environment">Reads an environment variable (null reads the process environment).</param>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        var home = (environment ?? Environment.GetEnvironmentVariable)(HomeVariable);
        var folder = home is { Length: > 0 } ? home
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "glassbox");
        return System.IO.Path.Combine(folder, FileName);
    }

    /// <summary>
    /// Opens (creating when missing, with its folder) the store at <paramref name="path"/>, or at
    /// <see cref="DefaultPath"/> when null; upgrades its schema and marks dead runs killed.
    /// </summary>
    /// <exception cref="RunStoreException">The file is not a usable Glassbox run database (the message says why).</exception>
    public static RunStore Open(string? path = null)
    {
        path = System.IO.Path.GetFullPath(path ?? DefaultPath());
        if (Directory.Exists(path))
            throw new RunStoreException(path, "is a folder, not a database file");
        DatabaseFileCheck.Check(path);
        try { Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunStoreException(path, $"cannot create its folder ({e.Message})", e);
        }
        // No pooling: a pooled connection would keep the file open after Dispose (tests delete it; users move it).
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 };
        var db = new SqliteConnection(cs.ToString());
        var store = new RunStore(path, db);
        try
        {
            store.Guard(() =>
            {
                db.Open();
                // Identify before anything writes: switching to WAL rewrites the header of a file that may not be ours.
                int version = RunStoreSchema.Identify(db, path);
                using (var cmd = db.CreateCommand())
                {
                    cmd.CommandText = "PRAGMA journal_mode = WAL";
                    var mode = Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
                    if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                        throw new RunStoreException(path, $"cannot switch to WAL journal mode (got '{mode}'); is the folder on a network file system?");
                    cmd.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
                    cmd.ExecuteNonQuery();
                }
                RunStoreSchema.Upgrade(db, path, version);
                store.KilledOnOpen = store.MarkKilledRuns();
                return 0;
            });
            return store;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts a run owned by this process: status running, start time now, this process's id and start token, this
    /// host, and the git commit of the current folder (null without git).
    /// </summary>
    /// <param name="name">A label for people.</param>
    /// <param name="experiment">The group it belongs to (e.g. a milestone id), or null.</param>
    /// <param name="parameters">Parameters to record at once (more may follow with <see cref="TrackedRun.LogParams"/>).</param>
    public TrackedRun StartRun(string name, string? experiment = null, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string? commit = GitInfo.HeadCommit(Environment.CurrentDirectory);
        long id = Guard(() =>
        {
            using var tx = db.BeginTransaction();
            using var cmd = Command(tx, """
                INSERT INTO runs (name, experiment, git_commit, status, start_time, pid, process_start, host)
                VALUES ($name, $experiment, $commit, 'running', $start, $pid, $token, $host);
                SELECT last_insert_rowid();
                """,
                ("$name", name), ("$experiment", experiment), ("$commit", commit), ("$start", TimeText.Now()),
                ("$pid", ProcessIdentity.CurrentId), ("$token", ProcessIdentity.CurrentToken), ("$host", Environment.MachineName));
            long newId = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (parameters is not null) InsertParams(tx, newId, parameters);
            tx.Commit();
            return newId;
        });
        return new TrackedRun(this, id);
    }

    /// <summary>Runs matching <paramref name="query"/>, newest (highest id) first.</summary>
    public IReadOnlyList<RunSummary> ListRuns(RunQuery? query = null)
    {
        query ??= new RunQuery();
        return Guard(() =>
        {
            using var cmd = Command(null, $"""
                SELECT {RunColumns} FROM runs
                WHERE ($experiment IS NULL OR experiment = $experiment) AND ($status IS NULL OR status = $status)
                ORDER BY id DESC LIMIT $limit
                """,
                ("$experiment", query.Experiment), ("$status", query.Status?.ToText()), ("$limit", query.Limit ?? -1));
            return ReadRuns(cmd);
        });
    }

    /// <summary>The run's row, or null when no run has that id.</summary>
    public RunSummary? FindRun(long id) => Guard(() =>
    {
        using var cmd = Command(null, $"SELECT {RunColumns} FROM runs WHERE id = $id", ("$id", id));
        return ReadRuns(cmd).SingleOrDefault();
    });

    /// <summary>Everything recorded about run <paramref name="id"/>, or null when no run has that id.</summary>
    public RunDetails? GetRun(long id) => Guard(() =>
    {
        using var tx = db.BeginTransaction(deferred: true); // one consistent snapshot while a writer goes on
        using var runCmd = Command(tx, $"SELECT {RunColumns} FROM runs WHERE id = $id", ("$id", id));
        var run = ReadRuns(runCmd).SingleOrDefault();
        if (run is null) return null;

        var prms = new List<KeyValuePair<string, ParamValue>>();
        using (var cmd = Command(tx, "SELECT key, value, type FROM params WHERE run_id = $id ORDER BY key", ("$id", id)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) prms.Add(new(r.GetString(0), new ParamValue(r.GetString(1), r.GetString(2))));

        var metrics = new List<MetricSummary>();
        using (var cmd = Command(tx, """
            SELECT key, COUNT(*), MIN(value), MAX(value),
                   (SELECT m2.step FROM metrics m2 WHERE m2.run_id = m.run_id AND m2.key = m.key ORDER BY m2.step DESC, m2.rowid DESC LIMIT 1),
                   (SELECT m2.value FROM metrics m2 WHERE m2.run_id = m.run_id AND m2.key = m.key ORDER BY m2.step DESC, m2.rowid DESC LIMIT 1)
            FROM metrics m WHERE run_id = $id GROUP BY key ORDER BY key
            """, ("$id", id)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                metrics.Add(new MetricSummary(r.GetString(0), r.GetInt32(1), r.GetInt64(4), Real(r, 5), Real(r, 2), Real(r, 3)));

        var tags = new List<KeyValuePair<string, string>>();
        using (var cmd = Command(tx, "SELECT key, value FROM tags WHERE run_id = $id ORDER BY key", ("$id", id)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) tags.Add(new(r.GetString(0), r.GetString(1)));

        var artifacts = new List<ArtifactRecord>();
        using (var cmd = Command(tx, "SELECT kind, path, sha256, size FROM artifacts WHERE run_id = $id ORDER BY id", ("$id", id)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) artifacts.Add(new ArtifactRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3)));
        tx.Commit();
        return new RunDetails(run, prms, metrics, tags, artifacts);
    });

    /// <summary>Every value of metric <paramref name="key"/> in run <paramref name="id"/>, by step then logging order.</summary>
    public IReadOnlyList<MetricPoint> MetricHistory(long id, string key) => Guard(() =>
    {
        using var cmd = Command(null, "SELECT step, value, wall_time FROM metrics WHERE run_id = $id AND key = $key ORDER BY step, rowid", ("$id", id), ("$key", key));
        using var r = cmd.ExecuteReader();
        var points = new List<MetricPoint>();
        while (r.Read()) points.Add(new MetricPoint(r.GetInt64(0), Real(r, 1), TimeText.Parse(r.GetString(2), Path)));
        return points;
    });

    /// <summary>Deletes the runs with these ids and everything recorded about them (not their files); returns how many existed.</summary>
    public int DeleteRuns(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids.Distinct().ToList();
        return Guard(() =>
        {
            using var tx = db.BeginTransaction();
            int n = 0;
            foreach (var id in list)
            {
                using var cmd = Command(tx, "DELETE FROM runs WHERE id = $id", ("$id", id));
                n += cmd.ExecuteNonQuery();
            }
            tx.Commit();
            return n;
        });
    }

    /// <summary>
    /// Marks every <c>running</c> run of this host whose process is gone (or is another process reusing its id) as
    /// <c>killed</c>, end time = its last metric's time (else its start time). Runs of other hosts are left alone.
    /// Returns the ids marked. <see cref="Open"/> calls this; call it again to sweep a long-lived store.
    /// </summary>
    public IReadOnlyList<long> MarkKilledRuns() => Guard(() =>
    {
        using var tx = db.BeginTransaction();
        var dead = new List<(long id, int pid)>();
        using (var cmd = Command(tx, "SELECT id, pid, process_start FROM runs WHERE status = 'running' AND host = $host", ("$host", Environment.MachineName)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                if (!ProcessIdentity.IsAlive(r.GetInt32(1), r.GetString(2))) dead.Add((r.GetInt64(0), r.GetInt32(1)));
        foreach (var (id, pid) in dead)
        {
            using var cmd = Command(tx, """
                UPDATE runs SET status = 'killed',
                    end_time = COALESCE((SELECT MAX(wall_time) FROM metrics WHERE run_id = $id), start_time),
                    message = $message
                WHERE id = $id AND status = 'running'
                """, ("$id", id), ("$message", $"process {pid} on {Environment.MachineName} ended without closing the run (killed or crashed); end time = last metric logged"));
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return (IReadOnlyList<long>)dead.Select(d => d.id).ToList();
    });

    /// <summary>Closes the database.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            db.Dispose();
        }
    }

    // ---- shared with TrackedRun ----

    private const string RunColumns = "id, name, experiment, status, message, git_commit, start_time, end_time, pid, process_start, host";

    /// <summary>Runs <paramref name="work"/> under the lock; SQLite errors become <see cref="RunStoreException"/> naming the file.</summary>
    internal T Guard<T>(Func<T> work)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            try { return work(); }
            catch (SqliteException e)
            {
                throw new RunStoreException(Path, e.SqliteErrorCode switch
                {
                    11 => $"corrupt (SQLite: {e.Message}); restore it from a backup or move it aside to start a new record",
                    26 => $"not an SQLite database (SQLite: {e.Message}); is this the right file?",
                    5 or 6 => $"busy: another process holds a lock for too long (SQLite: {e.Message})",
                    8 => $"read-only: cannot record runs (SQLite: {e.Message})",
                    14 => $"cannot be opened (SQLite: {e.Message}); check the folder exists and is writable",
                    13 => $"disk full (SQLite: {e.Message})",
                    _ => $"SQLite error {e.SqliteErrorCode}: {e.Message}",
                }, e);
            }
        }
    }

    internal SqliteTransaction Begin() => db.BeginTransaction();

    internal SqliteCommand Command(SqliteTransaction? tx, string sql, params (string name, object? value)[] parameters)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    internal void InsertParams(SqliteTransaction tx, long runId, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        using var cmd = Command(tx, "INSERT OR REPLACE INTO params (run_id, key, value, type) VALUES ($run, $key, $value, $type)",
            ("$run", runId), ("$key", ""), ("$value", ""), ("$type", ""));
        foreach (var (key, value) in parameters)
        {
            var p = ParamValue.From(value);
            cmd.Parameters["$key"].Value = key;
            cmd.Parameters["$value"].Value = p.Text;
            cmd.Parameters["$type"].Value = p.Type;
            cmd.ExecuteNonQuery();
        }
    }

    private List<RunSummary> ReadRuns(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var runs = new List<RunSummary>();
        while (r.Read())
        {
            string statusText = r.GetString(3);
            if (!RunStatusText.TryParse(statusText, out var status))
                throw new RunStoreException(Path, $"corrupt: run {r.GetInt64(0)} has unknown status '{statusText}'");
            runs.Add(new RunSummary(
                r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), status, r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), TimeText.Parse(r.GetString(6), Path), r.IsDBNull(7) ? null : TimeText.Parse(r.GetString(7), Path),
                r.GetInt32(8), r.GetString(9), r.GetString(10)));
        }
        return runs;
    }

    private static double Real(SqliteDataReader r, int i) => r.IsDBNull(i) ? double.NaN : r.GetDouble(i);
}
