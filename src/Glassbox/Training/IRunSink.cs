namespace Glassbox.Training;

/// <summary>
/// One destination of a training run's record: <see cref="RunTracker"/> hands every sink the run's configuration
/// once, then each row of metrics as it is logged. The file formats (CSV, JSONL, TensorBoard) are sinks, and so is
/// any store a caller adds (the SQLite run store in Glassbox.Tracking).
/// </summary>
/// <remarks>
/// <para>Calls arrive in order on the thread that logs: <see cref="Start"/> once, then <see cref="Log"/> per step,
/// then <see cref="Flush"/> after each row. A sink should make a row durable (or at least handed to the operating
/// system) by the time <see cref="Flush"/> returns, because a training process may be killed at any moment and the
/// record up to the last completed row is what a reader gets back.</para>
/// <para>Ownership: <see cref="RunTracker"/> disposes the file sinks it creates; sinks passed to it belong to the
/// caller, who disposes them (a store's run may outlive one tracker, e.g. to record a milestone's final result).</para>
/// </remarks>
public interface IRunSink : IDisposable
{
    /// <summary>Records the run's configuration (hyperparameters), once, before any metrics.</summary>
    void Start(IReadOnlyDictionary<string, object> config);

    /// <summary>Records one row of metrics logged at <paramref name="step"/>; the row is one unit (all keys or none).</summary>
    void Log(long step, IReadOnlyDictionary<string, double> metrics);

    /// <summary>Pushes what was logged so far to durable storage.</summary>
    void Flush();
}
