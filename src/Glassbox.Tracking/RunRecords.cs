namespace Glassbox.Tracking;

/// <summary>One row of the runs table.</summary>
/// <param name="Id">The run's id, unique in its database, never reused (the table is AUTOINCREMENT).</param>
/// <param name="Name">A human label (the milestone command uses e.g. "mnist-mlp --quick --seed 0").</param>
/// <param name="Experiment">The group the run belongs to (the milestone id), or null.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Message">Why it failed or was marked killed; null for a running or finished run.</param>
/// <param name="GitCommit">HEAD of the working folder's repository when the run started, or null.</param>
/// <param name="StartTime">When it started (UTC).</param>
/// <param name="EndTime">When it ended (UTC); for a killed run the time of its last metric (or its start).</param>
/// <param name="Pid">The process id that owned it.</param>
/// <param name="ProcessStart">That process's start token (see the docs on killed runs).</param>
/// <param name="Host">The machine name the process ran on.</param>
public sealed record RunSummary(
    long Id, string Name, string? Experiment, RunStatus Status, string? Message, string? GitCommit,
    DateTime StartTime, DateTime? EndTime, int Pid, string ProcessStart, string Host)
{
    /// <summary>Wall time from start to end, or null while running.</summary>
    public TimeSpan? Duration => EndTime - StartTime;
}

/// <summary>
/// A metric key's values over a run: how many, the last (highest step; for repeated steps the one logged last), the
/// smallest and largest, and the best of those two by the key's direction (<see cref="LowerIsBetter"/>).
/// </summary>
/// <remarks>NaN values (SQLite stores NaN as NULL) count in <see cref="Count"/> and may be <see cref="Last"/>, but
/// never <see cref="Min"/> or <see cref="Max"/>; both are NaN when every value is.</remarks>
public sealed record MetricSummary(string Key, int Count, long LastStep, double Last, double Min, double Max)
{
    /// <summary>
    /// True when smaller is better for this key, judged from its name: it contains <c>loss</c>, <c>error</c>, <c>mse</c>,
    /// <c>mae</c>, <c>perplexity</c>, <c>mistake</c>, <c>seconds</c> or <c>time</c>. Everything else (accuracy, IoU, F1, reward) is
    /// taken as larger-is-better. A name is the only hint a store has; pick metric names accordingly.
    /// </summary>
    public bool LowerIsBetter => IsLowerBetter(Key);

    /// <summary><see cref="Min"/> or <see cref="Max"/>, by <see cref="LowerIsBetter"/>.</summary>
    public double Best => LowerIsBetter ? Min : Max;

    /// <summary>The rule of <see cref="LowerIsBetter"/> for any key.</summary>
    public static bool IsLowerBetter(string key)
    {
        var k = key.ToLowerInvariant();
        return new[] { "loss", "error", "mse", "mae", "perplexity", "mistake", "seconds", "time" }.Any(k.Contains);
    }
}

/// <summary>One logged value of a metric.</summary>
/// <param name="Step">The step it was logged at.</param>
/// <param name="Value">The value (NaN when NaN was logged).</param>
/// <param name="WallTime">When it was logged (UTC).</param>
public sealed record MetricPoint(long Step, double Value, DateTime WallTime);

/// <summary>A file a run produced, as it was when recorded.</summary>
/// <param name="Kind">What it is: "image" for pictures, "file" otherwise, or any word the caller chose.</param>
/// <param name="Path">Its full path when recorded (the file itself is not copied into the database).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its bytes, to tell later whether the file on disk is still that one.</param>
/// <param name="Size">Its length in bytes.</param>
public sealed record ArtifactRecord(string Kind, string Path, string Sha256, long Size);

/// <summary>Everything recorded about one run.</summary>
/// <param name="Run">The run's row.</param>
/// <param name="Params">Its parameters by key (ordinal order).</param>
/// <param name="Metrics">A summary of each metric key (ordinal order).</param>
/// <param name="Tags">Its tags by key (ordinal order).</param>
/// <param name="Artifacts">Its files, in the order recorded.</param>
public sealed record RunDetails(
    RunSummary Run, IReadOnlyList<KeyValuePair<string, ParamValue>> Params, IReadOnlyList<MetricSummary> Metrics,
    IReadOnlyList<KeyValuePair<string, string>> Tags, IReadOnlyList<ArtifactRecord> Artifacts);

/// <summary>A filter for <see cref="RunStore.ListRuns"/>; null fields do not filter.</summary>
/// <param name="Experiment">Only runs of this experiment (exact match).</param>
/// <param name="Status">Only runs with this status.</param>
/// <param name="Limit">At most this many, newest first.</param>
public sealed record RunQuery(string? Experiment = null, RunStatus? Status = null, int? Limit = null);
