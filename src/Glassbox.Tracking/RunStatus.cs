namespace Glassbox.Tracking;

/// <summary>
/// Where a run stands. Stored as lower-case text (<c>running</c>, <c>finished</c>, <c>failed</c>, <c>killed</c>) so the
/// database reads plainly in any SQLite tool.
/// </summary>
public enum RunStatus
{
    /// <summary>Started and not yet ended; its process is alive (or on another host, where it cannot be checked).</summary>
    Running,

    /// <summary>Ended normally (<see cref="TrackedRun.Finish"/>): whatever the result, the run completed.</summary>
    Finished,

    /// <summary>Ended by an error (<see cref="TrackedRun.Fail"/>, or disposed without finishing); the message says why.</summary>
    Failed,

    /// <summary>Its process died without ending it (killed, crashed, power lost); found when a store is opened.</summary>
    Killed,
}

/// <summary>Text form of <see cref="RunStatus"/> as stored in the database and accepted on the command line.</summary>
public static class RunStatusText
{
    /// <summary>The stored text: "running", "finished", "failed" or "killed".</summary>
    public static string ToText(this RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Finished => "finished",
        RunStatus.Failed => "failed",
        RunStatus.Killed => "killed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a run status"),
    };

    /// <summary>Parses the stored text (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out RunStatus status)
    {
        foreach (var s in Enum.GetValues<RunStatus>())
            if (string.Equals(text, s.ToText(), StringComparison.OrdinalIgnoreCase)) { status = s; return true; }
        status = default;
        return false;
    }
}
