using System.Text.Json;

namespace Glassbox.Training;

/// <summary>
/// Records one training run: its configuration and each row of metrics, handed to every <see cref="IRunSink"/>. In its
/// folder it always writes <c>config.json</c> (the hyperparameters), <c>metrics.csv</c> and <c>metrics.jsonl</c> (one
/// row per logged step) and a TensorBoard event file with the same scalars; further sinks (a run store) may be added.
/// </summary>
/// <remarks>
/// <para>The CSV header is fixed by the first row logged (its keys in order); later rows must use the same keys so the
/// file stays rectangular. JSONL has no such constraint and is the format to parse programmatically. The CSV sink
/// is called first, so a row it rejects reaches no sink and no history.</para>
/// <para>Each row is flushed to every sink before <see cref="Log"/> returns: a killed process leaves every completed
/// row behind. The tracker disposes the file sinks it creates; extra sinks stay the caller's to dispose.</para>
/// </remarks>
public sealed class RunTracker : IDisposable
{
    private readonly IRunSink[] owned;
    private readonly IRunSink[] sinks;
    private readonly Dictionary<string, List<(long step, double value)>> history = [];

    /// <summary>Creates (or reuses) <paramref name="runDir"/>, writes the config and opens the file sinks.</summary>
    public RunTracker(string runDir, IReadOnlyDictionary<string, object> config)
        : this(runDir, config, []) { }

    /// <summary>
    /// Like <see cref="RunTracker(string, IReadOnlyDictionary{string, object})"/>, and also records the run in each of
    /// <paramref name="extraSinks"/> (after the files), which receive the config now and every row after.
    /// </summary>
    public RunTracker(string runDir, IReadOnlyDictionary<string, object> config, IEnumerable<IRunSink> extraSinks)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(extraSinks);
        Directory.CreateDirectory(runDir);
        RunDir = runDir;
        var cfgPath = Path.Combine(runDir, "config.json");
        File.WriteAllText(cfgPath + ".tmp", JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(cfgPath + ".tmp", cfgPath, overwrite: true);
        owned = [new CsvRunSink(Path.Combine(runDir, "metrics.csv")), new JsonlRunSink(Path.Combine(runDir, "metrics.jsonl")), new TensorBoardRunSink(runDir)];
        sinks = [.. owned, .. extraSinks];
        foreach (var s in sinks) s.Start(config);
    }

    /// <summary>The run's folder.</summary>
    public string RunDir { get; }

    /// <summary>Every sink the run is recorded in: CSV, JSONL, TensorBoard, then the extra sinks in the order given.</summary>
    public IReadOnlyList<IRunSink> Sinks => sinks;

    /// <summary>Every value logged so far, per metric name, for plotting.</summary>
    public IReadOnlyDictionary<string, List<(long step, double value)>> History => history;

    /// <summary>Logs a row of metrics at <paramref name="step"/> to every sink and flushes them.</summary>
    /// <exception cref="ArgumentException">The keys differ from the first row's (the CSV columns).</exception>
    public void Log(long step, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var s in sinks) s.Log(step, metrics);
        foreach (var (k, v) in metrics)
        {
            if (!history.TryGetValue(k, out var list)) history[k] = list = [];
            list.Add((step, v));
        }
        foreach (var s in sinks) s.Flush();
    }

    /// <summary>Closes the files (the extra sinks are left to their owner).</summary>
    public void Dispose()
    {
        foreach (var s in owned) s.Dispose();
    }
}
