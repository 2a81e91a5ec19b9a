using System.Globalization;
using System.Text.Json;

namespace Glassbox.Training;

/// <summary>
/// Records one training run in its own folder: <c>config.json</c> (the hyperparameters), <c>metrics.csv</c> and
/// <c>metrics.jsonl</c> (one row per logged step), and a TensorBoard event file with the same scalars.
/// </summary>
/// <remarks>
/// The CSV header is fixed by the first row logged (its keys in order); later rows must use the same keys so the
/// file stays rectangular. JSONL has no such constraint and is the format to parse programmatically.
/// </remarks>
public sealed class RunTracker : IDisposable
{
    private readonly StreamWriter csv, jsonl;
    private readonly TensorBoardWriter tensorBoard;
    private string[]? columns;
    private readonly Dictionary<string, List<(long step, double value)>> history = [];

    /// <summary>Creates (or reuses) <paramref name="runDir"/> and writes the config.</summary>
    public RunTracker(string runDir, IReadOnlyDictionary<string, object> config)
    {
        Directory.CreateDirectory(runDir);
        RunDir = runDir;
        var cfgPath = Path.Combine(runDir, "config.json");
        File.WriteAllText(cfgPath + ".tmp", JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(cfgPath + ".tmp", cfgPath, overwrite: true);
        csv = new StreamWriter(Path.Combine(runDir, "metrics.csv"));
        jsonl = new StreamWriter(Path.Combine(runDir, "metrics.jsonl"));
        tensorBoard = new TensorBoardWriter(runDir);
    }

    /// <summary>The run's folder.</summary>
    public string RunDir { get; }

    /// <summary>Every value logged so far, per metric name, for plotting.</summary>
    public IReadOnlyDictionary<string, List<(long step, double value)>> History => history;

    /// <summary>Logs a row of metrics at <paramref name="step"/> to CSV, JSONL and TensorBoard.</summary>
    public void Log(long step, IReadOnlyDictionary<string, double> metrics)
    {
        if (columns is null)
        {
            columns = metrics.Keys.ToArray();
            csv.WriteLine("step," + string.Join(",", columns));
        }
        else if (!columns.SequenceEqual(metrics.Keys))
            throw new ArgumentException($"RunTracker.Log: metrics keys [{string.Join(", ", metrics.Keys)}] differ from the CSV columns [{string.Join(", ", columns)}]");
        csv.WriteLine(step.ToString(CultureInfo.InvariantCulture) + "," + string.Join(",", columns.Select(c => metrics[c].ToString("R", CultureInfo.InvariantCulture))));
        var row = new Dictionary<string, object> { ["step"] = step };
        foreach (var (k, v) in metrics)
        {
            row[k] = v;
            tensorBoard.AddScalar(k, v, step);
            if (!history.TryGetValue(k, out var list)) history[k] = list = [];
            list.Add((step, v));
        }
        jsonl.WriteLine(JsonSerializer.Serialize(row));
        csv.Flush(); jsonl.Flush(); tensorBoard.Flush();
    }

    /// <summary>Closes the files.</summary>
    public void Dispose()
    {
        csv.Dispose();
        jsonl.Dispose();
        tensorBoard.Dispose();
    }
}
