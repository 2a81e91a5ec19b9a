using System.Globalization;
using Glassbox.Tracking;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// Writes a classification milestone's confusion matrix as a <see cref="ConfusionMatrixArtifact"/> file named
/// <c>NAME.confusion-matrix.json</c> in its output folder. A milestone does not hold the run-store record; the
/// milestone command logs every new file of the folder when the run ends, and logs files with this ending as
/// confusion-matrix artifacts, which the dashboard draws as tables.
/// </summary>
public static class ConfusionMatrixLog
{
    /// <summary>
    /// Counts truth × prediction over the classes that occur in either (sorted), names them by
    /// <paramref name="names"/> (label → name; the label itself where absent) and writes the file atomically;
    /// returns its path.
    /// </summary>
    public static string Write(string outDir, string name, long[] truth, long[] predicted, IReadOnlyDictionary<long, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"ConfusionMatrixLog.Write: {truth.Length} true labels but {predicted.Length} predictions");
        var classes = truth.Concat(predicted).Distinct().Order().ToArray();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        var counts = new double[classes.Length][];
        for (int i = 0; i < classes.Length; i++) counts[i] = new double[classes.Length];
        for (int i = 0; i < truth.Length; i++) counts[index[truth[i]]][index[predicted[i]]]++;
        var labels = classes.Select(c => names is not null && names.TryGetValue(c, out var s) ? s : c.ToString(CultureInfo.InvariantCulture)).ToArray();
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, name + ConfusionMatrixArtifact.FileSuffix);
        new ConfusionMatrixArtifact(labels, counts).Write(path);
        return path;
    }
}
