using System.Text.Json.Nodes;

namespace Glassbox.ML.Parity;

public static partial class ParityTable
{
    /// <summary>TSNE rows (filled in with the TSNE estimator).</summary>
    internal static List<ParityRow> ManifoldRows(JsonObject root) => [];
}
