using System.Globalization;
using System.Text.Json;

namespace Glassbox.Tracking;

/// <summary>
/// A confusion matrix recorded with a run, as a small JSON file logged as an artifact of kind
/// <see cref="Kind"/> (<c>confusion-matrix</c>), which the dashboard draws as a table:
/// <code>{"format": "glassbox.confusion-matrix", "version": 1, "labels": ["cat", "dog"], "matrix": [[5, 1], [2, 7]]}</code>
/// <c>matrix[i][j]</c> counts the samples whose true class is <c>labels[i]</c> and whose predicted class is
/// <c>labels[j]</c> — rows are truth, columns are predictions, as in scikit-learn's <c>confusion_matrix</c> and
/// Glassbox's <c>Classification.ConfusionMatrix</c>. Counts may be fractional (weighted samples) but are finite and
/// never negative.
/// </summary>
/// <remarks>
/// A file rather than a metric: a metric is one number per step, and a matrix flattened into keys such as
/// <c>cm/3/5</c> would lose its labels and flood every metric table. As an artifact it also carries a SHA-256, so a
/// reader can tell when the file was changed after the run recorded it.
/// </remarks>
/// <param name="Labels">The class names, one per row and column.</param>
/// <param name="Matrix">The counts, <c>Labels.Count</c> rows of <c>Labels.Count</c> values.</param>
public sealed record ConfusionMatrixArtifact(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<double>> Matrix)
{
    /// <summary>The artifact kind the dashboard recognises.</summary>
    public const string Kind = "confusion-matrix";

    /// <summary>
    /// The file-name ending that marks a confusion-matrix file among a run's outputs (<c>test.confusion-matrix.json</c>):
    /// a program that only writes files — a milestone, which does not hold the run — names them so, and the recorder
    /// that logs the run's new files (the milestone command) logs these as <see cref="Kind"/> rather than as plain files.
    /// </summary>
    public const string FileSuffix = ".confusion-matrix.json";

    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "glassbox.confusion-matrix";

    /// <summary>The largest file <see cref="Read"/> accepts (a 1,000-class matrix of 6-digit counts fits).</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>Checks the shape and values; throws <see cref="ArgumentException"/> naming the first problem.</summary>
    public void Validate()
    {
        if (Labels.Count == 0) throw new ArgumentException("a confusion matrix needs at least one class label");
        if (Matrix.Count != Labels.Count) throw new ArgumentException($"a confusion matrix with {Labels.Count} labels needs {Labels.Count} rows, got {Matrix.Count}");
        for (int i = 0; i < Matrix.Count; i++)
        {
            if (Matrix[i].Count != Labels.Count) throw new ArgumentException($"row {i} of the confusion matrix has {Matrix[i].Count} values; every row needs {Labels.Count} (one per label)");
            for (int j = 0; j < Matrix[i].Count; j++)
                if (!double.IsFinite(Matrix[i][j]) || Matrix[i][j] < 0)
                    throw new ArgumentException($"confusion matrix entry [{i}][{j}] is {Matrix[i][j].ToString(CultureInfo.InvariantCulture)}; counts are finite and non-negative");
        }
        if (Labels.Distinct().Count() != Labels.Count) throw new ArgumentException("the confusion matrix's class labels must differ from each other");
    }

    /// <summary>Writes the matrix to <paramref name="path"/> (atomically: a reader never sees half a file).</summary>
    public void Write(string path)
    {
        Validate();
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["format"] = Format,
            ["version"] = 1,
            ["labels"] = Labels,
            ["matrix"] = Matrix,
        });
        var full = Path.GetFullPath(path);
        var tmp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(tmp, json);
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Writes the matrix to <paramref name="path"/> and records it in <paramref name="run"/> as a <see cref="Kind"/> artifact.</summary>
    public ArtifactRecord Log(TrackedRun run, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        Write(path);
        return run.LogArtifact(Kind, path);
    }

    /// <summary>Parses a file written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The file is too large, not JSON, or not a valid confusion matrix; the message names the file and the problem.</exception>
    public static ConfusionMatrixArtifact Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: confusion matrix file not found", path);
        if (info.Length > MaxFileBytes) throw new InvalidDataException($"{path}: {info.Length} bytes is larger than a confusion matrix file may be ({MaxFileBytes})");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses the bytes of a confusion-matrix file; <paramref name="source"/> names it in error messages.</summary>
    public static ConfusionMatrixArtifact Parse(ReadOnlySpan<byte> utf8, string source)
    {
        try
        {
            if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..]; // a byte-order mark, as some editors write
            var reader = new Utf8JsonReader(utf8);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(source, "the top level is not a JSON object");
            if (!root.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String || f.GetString() != Format)
                throw Bad(source, $"its \"format\" is not \"{Format}\"");
            if (!root.TryGetProperty("version", out var v) || !v.TryGetInt32(out int version) || version != 1)
                throw Bad(source, "its \"version\" is not 1 (the only version this build reads)");
            if (!root.TryGetProperty("labels", out var l) || l.ValueKind != JsonValueKind.Array || l.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw Bad(source, "\"labels\" must be an array of strings");
            if (!root.TryGetProperty("matrix", out var m) || m.ValueKind != JsonValueKind.Array
                || m.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.Array || r.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number)))
                throw Bad(source, "\"matrix\" must be an array of rows, each an array of numbers");
            var cm = new ConfusionMatrixArtifact(
                l.EnumerateArray().Select(e => e.GetString()!).ToList(),
                m.EnumerateArray().Select(r => (IReadOnlyList<double>)r.EnumerateArray().Select(x => x.GetDouble()).ToList()).ToList());
            cm.Validate();
            return cm;
        }
        catch (JsonException e) { throw Bad(source, $"not valid JSON ({e.Message})"); }
        catch (ArgumentException e) { throw Bad(source, e.Message); }
    }

    private static InvalidDataException Bad(string source, string problem) => new($"{source}: not a confusion matrix file: {problem}");
}
