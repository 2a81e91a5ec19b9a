using Glassbox.Training;

namespace Glassbox.Tracking;

/// <summary>
/// Records a <see cref="RunTracker"/>'s configuration (as parameters) and metric rows into a <see cref="TrackedRun"/>.
/// Pass it as an extra sink: <c>new RunTracker(dir, config, [new SqliteRunSink(run)])</c>.
/// </summary>
/// <remarks>
/// The sink does not end the run: the run's owner finishes or fails it after the tracker is done (the milestone
/// command adds the final result first). Disposing the sink does nothing for the same reason. Each row is committed
/// in <see cref="Log"/>, so <see cref="Flush"/> has nothing left to do.
/// </remarks>
public sealed class SqliteRunSink(TrackedRun run) : IRunSink
{
    /// <summary>The run written to.</summary>
    public TrackedRun Run { get; } = run ?? throw new ArgumentNullException(nameof(run));

    /// <inheritdoc/>
    public void Start(IReadOnlyDictionary<string, object> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Run.LogParams(config.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));
    }

    /// <inheritdoc/>
    public void Log(long step, IReadOnlyDictionary<string, double> metrics) => Run.LogMetrics(step, metrics);

    /// <inheritdoc/>
    public void Flush() { }

    /// <inheritdoc/>
    public void Dispose() { }
}
