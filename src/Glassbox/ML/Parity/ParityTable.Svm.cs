using System.Text.Json.Nodes;

namespace Glassbox.ML.Parity;

public static partial class ParityTable
{
    private static List<ParityRow> SvmRows(JsonObject root) => [];
}
