using System.Globalization;
using System.Text.Json;
using Glassbox.Milestones;
using Glassbox.Data;

namespace Glassbox.Cli.Commands;

/// <summary>
/// The record of each milestone's last result: <c>milestones.json</c> in the per-user Glassbox folder, a JSON object
/// mapping milestone id → <c>{"passed": bool, "quick": bool, "seconds": number, "date": "yyyy-MM-dd HH:mm UTC",
/// "metrics": {…}}</c>.
/// </summary>
/// <remarks>
/// A file that is not valid JSON, or whose entries lack <c>passed</c> / <c>date</c> of the right type, is reported as a
/// <see cref="DataFormatException"/> naming the file and the defect — never treated as empty, because the next save
/// would then silently overwrite every other milestone's record. <c>glassbox milestone</c> reads the file before it
/// starts, so a corrupt record fails in a second rather than after a long training run.
/// </remarks>
public sealed class MilestoneResults
{
    private readonly Dictionary<string, JsonElement> entries;

    private MilestoneResults(string path, Dictionary<string, JsonElement> entries)
    {
        Path = path;
        this.entries = entries;
    }

    /// <summary>The file the results are read from and written to.</summary>
    public string Path { get; }

    /// <summary>The file name inside the per-user folder.</summary>
    public const string FileName = "milestones.json";

    /// <summary>Reads <see cref="FileName"/> in <paramref name="folder"/>; a missing file means no results yet.</summary>
    /// <exception cref="DataFormatException">The file exists but is not a valid results record.</exception>
    public static MilestoneResults Load(string folder)
    {
        string path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path)) return new MilestoneResults(path, []);
        Dictionary<string, JsonElement>? parsed;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(path, $"expected a JSON object of milestone results, found a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}; delete the file to start a fresh record");
            parsed = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"not valid JSON ({e.Message}); delete the file to start a fresh record", e);
        }
        foreach (var (id, entry) in parsed)
        {
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("passed", out var passed) || passed.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                || !entry.TryGetProperty("date", out var date) || date.ValueKind != JsonValueKind.String
                || (entry.TryGetProperty("quick", out var quick) && quick.ValueKind is not (JsonValueKind.True or JsonValueKind.False)))
                throw new DataFormatException(path, $"the entry for '{id}' needs \"passed\" (true/false), \"date\" (text) and optionally \"quick\" (true/false); delete the file to start a fresh record");
        }
        return new MilestoneResults(path, parsed);
    }

    /// <summary>"PASS 2026-12-07 04:00 UTC", "FAIL (quick) …", or "never run".</summary>
    public string Describe(string id)
    {
        if (!entries.TryGetValue(id, out var r)) return "never run";
        bool quick = r.TryGetProperty("quick", out var q) && q.GetBoolean();
        return $"{(r.GetProperty("passed").GetBoolean() ? "PASS" : "FAIL")}{(quick ? " (quick)" : "")} {r.GetProperty("date").GetString()}";
    }

    /// <summary>Records <paramref name="result"/> and rewrites the file atomically (temporary file, then rename).</summary>
    public void Save(MilestoneResult result, bool quick)
    {
        var entry = new Dictionary<string, object>
        {
            ["passed"] = result.Passed, ["quick"] = quick, ["seconds"] = Math.Round(result.Seconds, 2),
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), ["metrics"] = result.Metrics,
        };
        entries[result.Id] = JsonSerializer.SerializeToElement(entry);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var tmp = Path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(entries, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, Path, overwrite: true);
    }
}
