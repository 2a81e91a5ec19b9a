using System.Text.Json;

namespace Glassbox.Training;

/// <summary>
/// Writes <c>metrics.jsonl</c>: one JSON object per logged step, <c>{"step": n, "key": value, …}</c>. Unlike the CSV
/// file, rows may carry different keys; this is the format to parse programmatically. JSON has no literal for NaN or
/// ±∞, so a non-finite value is written as the string <c>"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c> (the
/// convention of the model files): a run whose loss diverges keeps logging instead of failing at the logger.
/// </summary>
public sealed class JsonlRunSink : IRunSink
{
    private readonly StreamWriter writer;

    /// <summary>Creates (truncates) <paramref name="path"/>.</summary>
    public JsonlRunSink(string path)
    {
        Path = path;
        writer = new StreamWriter(path);
    }

    /// <summary>The JSONL file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public void Start(IReadOnlyDictionary<string, object> config) { }

    /// <inheritdoc/>
    public void Log(long step, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var row = new Dictionary<string, object> { ["step"] = step };
        foreach (var (k, v) in metrics)
            row[k] = double.IsFinite(v) ? v : double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
        writer.WriteLine(JsonSerializer.Serialize(row));
    }

    /// <inheritdoc/>
    public void Flush() => writer.Flush();

    /// <inheritdoc/>
    public void Dispose() => writer.Dispose();
}
