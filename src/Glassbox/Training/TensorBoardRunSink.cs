namespace Glassbox.Training;

/// <summary>Writes every logged metric as a TensorBoard scalar (tag = metric key) to an event file in a folder.</summary>
public sealed class TensorBoardRunSink : IRunSink
{
    private readonly TensorBoardWriter writer;

    /// <summary>Creates a new event file in <paramref name="logDir"/>.</summary>
    public TensorBoardRunSink(string logDir) => writer = new TensorBoardWriter(logDir);

    /// <summary>The event file.</summary>
    public string FilePath => writer.FilePath;

    /// <inheritdoc/>
    public void Start(IReadOnlyDictionary<string, object> config) { }

    /// <inheritdoc/>
    public void Log(long step, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var (k, v) in metrics) writer.AddScalar(k, v, step);
    }

    /// <inheritdoc/>
    public void Flush() => writer.Flush();

    /// <inheritdoc/>
    public void Dispose() => writer.Dispose();
}
