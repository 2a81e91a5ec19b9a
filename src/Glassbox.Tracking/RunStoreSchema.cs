using Microsoft.Data.Sqlite;

namespace Glassbox.Tracking;

/// <summary>
/// The run database's schema, its version and the steps that bring an older file up to date.
/// </summary>
/// <remarks>
/// <para>Two header fields identify the file: <c>PRAGMA application_id</c> = <see cref="ApplicationId"/> ("GBOX"),
/// which sets a Glassbox run store apart from any other SQLite database, and <c>PRAGMA user_version</c> = the schema
/// version. A file with neither and no tables is new and gets the current schema; one with another application id,
/// or with tables but no id, belongs to some other program and is refused rather than written into.</para>
/// <para><see cref="Migrations"/>[v] takes version v to v + 1; each runs in its own transaction together with the new
/// user_version, so a crash mid-upgrade leaves the file at a whole version. A version above
/// <see cref="CurrentVersion"/> was written by a newer Glassbox whose changes this build cannot know: refused.</para>
/// </remarks>
internal static class RunStoreSchema
{
    /// <summary>"GBOX" as a big-endian 32-bit integer.</summary>
    public const int ApplicationId = 0x47424F58;

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Version 1: runs, params, metrics, tags, artifacts.</summary>
    private const string Version1 = """
        CREATE TABLE runs (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            name          TEXT NOT NULL,
            experiment    TEXT,
            git_commit    TEXT,
            status        TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'killed')),
            message       TEXT,
            start_time    TEXT NOT NULL,
            end_time      TEXT,
            pid           INTEGER NOT NULL,
            process_start TEXT NOT NULL,
            host          TEXT NOT NULL
        );
        CREATE INDEX runs_by_experiment ON runs (experiment);
        CREATE INDEX runs_by_status ON runs (status);
        CREATE TABLE params (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            key    TEXT NOT NULL,
            value  TEXT NOT NULL,
            type   TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE metrics (
            run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            key       TEXT NOT NULL,
            step      INTEGER NOT NULL,
            value     REAL,
            wall_time TEXT NOT NULL
        );
        CREATE INDEX metrics_by_run_key_step ON metrics (run_id, key, step);
        CREATE TABLE tags (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            key    TEXT NOT NULL,
            value  TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE artifacts (
            id      INTEGER PRIMARY KEY,
            run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            kind    TEXT NOT NULL,
            path    TEXT NOT NULL,
            sha256  TEXT NOT NULL,
            size    INTEGER NOT NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX artifacts_by_run ON artifacts (run_id);
        """;

    /// <summary>
    /// Version 2: hyperparameter studies (<see cref="SqliteStudyStorage"/>): studies, their trials, each trial's
    /// parameters (internal value + distribution JSON), intermediate values by step and the pruners' numbers. A NaN
    /// value is stored as NULL (SQLite has no NaN) and read back as NaN.
    /// </summary>
    private const string Version2 = """
        CREATE TABLE studies (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            name      TEXT NOT NULL UNIQUE,
            direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
            created   TEXT NOT NULL
        );
        CREATE TABLE trials (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            study_id      INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
            number        INTEGER NOT NULL,
            state         TEXT NOT NULL CHECK (state IN ('running', 'complete', 'pruned', 'fail')),
            value         REAL,
            start_time    TEXT NOT NULL,
            end_time      TEXT,
            pid           INTEGER NOT NULL,
            process_start TEXT NOT NULL,
            host          TEXT NOT NULL,
            UNIQUE (study_id, number)
        );
        CREATE INDEX trials_by_state ON trials (state);
        CREATE TABLE trial_params (
            trial_id     INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
            name         TEXT NOT NULL,
            value        REAL NOT NULL,
            distribution TEXT NOT NULL,
            PRIMARY KEY (trial_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE trial_intermediate_values (
            trial_id INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
            step     INTEGER NOT NULL,
            value    REAL,
            PRIMARY KEY (trial_id, step)
        ) WITHOUT ROWID;
        CREATE TABLE trial_system_attrs (
            trial_id INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
            key      TEXT NOT NULL,
            value    REAL,
            PRIMARY KEY (trial_id, key)
        ) WITHOUT ROWID;
        """;

    /// <summary>The upgrade steps: element v takes a file from version v to v + 1.</summary>
    private static readonly string[] Migrations = [Version1, Version2];

    /// <summary>The columns each table must have at <see cref="CurrentVersion"/>.</summary>
    private static readonly Dictionary<string, string[]> Columns = new()
    {
        ["runs"] = ["id", "name", "experiment", "git_commit", "status", "message", "start_time", "end_time", "pid", "process_start", "host"],
        ["params"] = ["run_id", "key", "value", "type"],
        ["metrics"] = ["run_id", "key", "step", "value", "wall_time"],
        ["tags"] = ["run_id", "key", "value"],
        ["artifacts"] = ["id", "run_id", "kind", "path", "sha256", "size", "created"],
        ["studies"] = ["id", "name", "direction", "created"],
        ["trials"] = ["id", "study_id", "number", "state", "value", "start_time", "end_time", "pid", "process_start", "host"],
        ["trial_params"] = ["trial_id", "name", "value", "distribution"],
        ["trial_intermediate_values"] = ["trial_id", "step", "value"],
        ["trial_system_attrs"] = ["trial_id", "key", "value"],
    };

    /// <summary>
    /// Reads which schema version the open database at <paramref name="path"/> has (0 for a new, empty file) without
    /// writing anything, and refuses another program's database or a version from the future.
    /// </summary>
    public static int Identify(SqliteConnection db, string path)
    {
        // Tables first, then the header: a process creating the file commits its tables, application id and version
        // in one transaction, so tables seen here mean the header read after them is already stamped. Read the other
        // way round, a store opening the same new file at that moment could see an empty header, then the tables just
        // committed, and call a Glassbox database foreign.
        var tables = TableNames(db);
        int appId = Scalar<int>(db, "PRAGMA application_id");
        int version = Scalar<int>(db, "PRAGMA user_version");
        if (appId == 0 && version == 0)
        {
            if (tables.Count > 0)
                throw new RunStoreException(path, $"not a Glassbox run database: it has tables ({string.Join(", ", tables.Take(5))}) but no Glassbox identifier; is this another program's database?");
        }
        else if (appId != ApplicationId)
            throw new RunStoreException(path, $"not a Glassbox run database: its application id is 0x{appId:X8}, not 0x{ApplicationId:X8}; is this another program's database?");
        if (version > CurrentVersion)
            throw new RunStoreException(path, $"schema version {version} is newer than this Glassbox understands (version {CurrentVersion}); use a newer Glassbox, or another database file");
        if (version < 0)
            throw new RunStoreException(path, $"corrupt: schema version {version} is negative");
        return version;
    }

    /// <summary>Brings the database from <paramref name="version"/> (from <see cref="Identify"/>) to <see cref="CurrentVersion"/> and checks the result.</summary>
    public static void Upgrade(SqliteConnection db, string path, int version)
    {
        for (int v = version; v < CurrentVersion; v++)
        {
            // BEGIN IMMEDIATE takes the write lock first; reading the version again under it lets two processes that
            // open a new file at the same moment agree: the second finds the step done and skips it.
            using var tx = db.BeginTransaction();
            using (var check = db.CreateCommand())
            {
                check.Transaction = tx;
                check.CommandText = "PRAGMA user_version";
                if (Convert.ToInt32(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > v) continue;
            }
            Execute(db, tx, Migrations[v]);
            Execute(db, tx, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {v + 1};");
            tx.Commit();
        }
        Verify(db, path);
    }

    /// <summary>Checks that every table and column of the current schema is there (a hand-edited or damaged file may lack some).</summary>
    private static void Verify(SqliteConnection db, string path)
    {
        foreach (var (table, columns) in Columns)
        {
            var have = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = $"PRAGMA table_info({table})";
                using var r = cmd.ExecuteReader();
                while (r.Read()) have.Add(r.GetString(1));
            }
            if (have.Count == 0)
                throw new RunStoreException(path, $"wrong schema: table '{table}' is missing although the file says schema version {CurrentVersion}");
            var missing = columns.Where(c => !have.Contains(c)).ToList();
            if (missing.Count > 0)
                throw new RunStoreException(path, $"wrong schema: table '{table}' lacks column(s) {string.Join(", ", missing)} although the file says schema version {CurrentVersion}");
        }
    }

    private static List<string> TableNames(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    }

    private static T Scalar<T>(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection db, SqliteTransaction tx, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
