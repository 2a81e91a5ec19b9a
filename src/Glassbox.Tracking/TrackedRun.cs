using System.Security.Cryptography;

namespace Glassbox.Tracking;

/// <summary>
/// A run being recorded by this process (from <see cref="RunStore.StartRun"/>): log parameters, metrics, tags and
/// artifacts, then end it with <see cref="Finish"/> or <see cref="Fail"/>. Each call is one transaction.
/// </summary>
/// <remarks>
/// <para>Disposing a run that was neither finished nor failed marks it <see cref="RunStatus.Failed"/> with the message
/// "ended without Finish or Fail". Reaching <c>Dispose</c> that way almost always means an exception left the
/// <c>using</c> block before <c>Finish</c>: calling the run finished would claim a result it never reached, and
/// <c>killed</c> is kept for a process that died without any chance to say so.</para>
/// <para>The run writes through its store's connection: dispose the run before the store.</para>
/// </remarks>
public sealed class TrackedRun : IDisposable
{
    private readonly RunStore store;
    private bool ended;

    internal TrackedRun(RunStore store, long id)
    {
        this.store = store;
        Id = id;
    }

    /// <summary>The run's id in its store.</summary>
    public long Id { get; }

    /// <summary>The store it is recorded in.</summary>
    public RunStore Store => store;

    /// <summary>Records (or replaces) parameters, each stored as text with its type (<see cref="ParamValue"/>).</summary>
    public void LogParams(IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Write(tx => store.InsertParams(tx, Id, parameters));
    }

    /// <summary>
    /// Records one row of metrics at <paramref name="step"/>, all with the same wall time, in one transaction: a kill
    /// leaves the whole row or none of it. NaN is stored as SQL NULL (SQLite has no NaN) and read back as NaN.
    /// </summary>
    public void LogMetrics(long step, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0) return;
        Write(tx =>
        {
            using var cmd = store.Command(tx, "INSERT INTO metrics (run_id, key, step, value, wall_time) VALUES ($run, $key, $step, $value, $time)",
                ("$run", Id), ("$key", ""), ("$step", step), ("$value", 0.0), ("$time", TimeText.Now()));
            foreach (var (key, value) in metrics)
            {
                cmd.Parameters["$key"].Value = key;
                cmd.Parameters["$value"].Value = double.IsNaN(value) ? DBNull.Value : value;
                cmd.ExecuteNonQuery();
            }
        });
    }

    /// <summary>Sets (or replaces) a tag: free text attached to the run, e.g. <c>passed = true</c>.</summary>
    public void SetTag(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        Write(tx =>
        {
            using var cmd = store.Command(tx, "INSERT OR REPLACE INTO tags (run_id, key, value) VALUES ($run, $key, $value)", ("$run", Id), ("$key", key), ("$value", value));
            cmd.ExecuteNonQuery();
        });
    }

    /// <summary>
    /// Records the file at <paramref name="path"/> as an artifact of kind <paramref name="kind"/>: its full path, size
    /// and SHA-256, read now. The file stays where it is; the hash tells later whether it is still the same file.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public ArtifactRecord LogArtifact(string kind, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var full = Path.GetFullPath(path);
        string sha;
        long size;
        using (var f = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            size = f.Length;
            sha = Convert.ToHexStringLower(SHA256.HashData(f));
        }
        var record = new ArtifactRecord(kind, full, sha, size);
        Write(tx =>
        {
            using var cmd = store.Command(tx, "INSERT INTO artifacts (run_id, kind, path, sha256, size, created) VALUES ($run, $kind, $path, $sha, $size, $time)",
                ("$run", Id), ("$kind", kind), ("$path", full), ("$sha", sha), ("$size", size), ("$time", TimeText.Now()));
            cmd.ExecuteNonQuery();
        });
        return record;
    }

    /// <summary>Ends the run as <see cref="RunStatus.Finished"/>, end time now.</summary>
    public void Finish() => End(RunStatus.Finished, null);

    /// <summary>Ends the run as <see cref="RunStatus.Failed"/> with <paramref name="message"/> (e.g. the exception's message).</summary>
    public void Fail(string message) => End(RunStatus.Failed, message);

    /// <summary>Marks the run failed ("ended without Finish or Fail") unless it was ended; see the remarks.</summary>
    public void Dispose()
    {
        if (!ended) End(RunStatus.Failed, "ended without Finish or Fail");
    }

    private void End(RunStatus status, string? message)
    {
        if (ended) throw new InvalidOperationException($"run {Id} has already ended");
        ended = true;
        store.Guard(() =>
        {
            using var tx = store.Begin();
            using var cmd = store.Command(tx, "UPDATE runs SET status = $status, message = $message, end_time = $time WHERE id = $id",
                ("$status", status.ToText()), ("$message", message), ("$time", TimeText.Now()), ("$id", Id));
            cmd.ExecuteNonQuery();
            tx.Commit();
            return 0;
        });
    }

    private void Write(Action<Microsoft.Data.Sqlite.SqliteTransaction> work)
    {
        if (ended) throw new InvalidOperationException($"run {Id} has ended; nothing more can be recorded in it");
        store.Guard(() =>
        {
            using var tx = store.Begin();
            work(tx);
            tx.Commit();
            return 0;
        });
    }
}
