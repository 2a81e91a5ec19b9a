using System.Globalization;

namespace Glassbox.Training;

/// <summary>
/// Writes <c>metrics.csv</c>: a header <c>step,key1,key2,…</c> fixed by the first row, then one line per logged step
/// (values in round-trip form).
/// </summary>
/// <remarks>
/// A CSV file must stay rectangular, so a later row with other keys (or the same keys in another order) is rejected
/// with an <see cref="ArgumentException"/> before anything is written. <see cref="RunTracker"/> calls this sink first,
/// so such a row reaches no other sink either.
/// </remarks>
public sealed class CsvRunSink : IRunSink
{
    private readonly StreamWriter writer;
    private string[]? columns;

    /// <summary>Creates (truncates) <paramref name="path"/>.</summary>
    public CsvRunSink(string path)
    {
        Path = path;
        writer = new StreamWriter(path);
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public void Start(IReadOnlyDictionary<string, object> config) { }

    /// <inheritdoc/>
    public void Log(long step, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (columns is null)
        {
            columns = metrics.Keys.ToArray();
            writer.WriteLine("step," + string.Join(",", columns));
        }
        else if (!columns.SequenceEqual(metrics.Keys))
            throw new ArgumentException($"RunTracker.Log: metrics keys [{string.Join(", ", metrics.Keys)}] differ from the CSV columns [{string.Join(", ", columns)}]");
        writer.WriteLine(step.ToString(CultureInfo.InvariantCulture) + "," + string.Join(",", columns.Select(c => metrics[c].ToString("R", CultureInfo.InvariantCulture))));
    }

    /// <inheritdoc/>
    public void Flush() => writer.Flush();

    /// <inheritdoc/>
    public void Dispose() => writer.Dispose();
}
