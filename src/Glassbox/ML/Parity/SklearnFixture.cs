using System.Text.Json.Nodes;

namespace Glassbox.ML.Parity;

/// <summary>Reads the JSON files of tools/reference/sklearn_fixtures.py (tests/fixtures/sklearn/*.json).</summary>
internal static class SklearnFixture
{
    public static JsonObject Load(string folder, string family)
    {
        var path = Path.Combine(folder, family + ".json");
        if (!File.Exists(path)) throw new FileNotFoundException($"sklearn fixture {family}.json not found in {folder}; generate it with tools/reference/sklearn_fixtures.py", path);
        return (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
    }

    public static Tensor Tensor(JsonNode? node) => ModelFile.TensorFromJson((JsonObject)node!);

    public static IEnumerable<JsonObject> Cases(JsonObject root, string key = "cases") => ((JsonArray)root[key]!).Select(c => (JsonObject)c!);

    /// <summary>max |a − b| over all entries; +∞ when the shapes differ; NaNs at the same places count as equal.</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        if (!a.ShapeArray.SequenceEqual(b.ShapeArray) && a.Numel != b.Numel) return double.PositiveInfinity;
        var x = a.ToDoubleArray(); var y = b.ToDoubleArray();
        double m = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]) && double.IsNaN(y[i])) continue;
            if (x[i] == y[i]) continue;
            double d = Math.Abs(x[i] - y[i]);
            m = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(m, d);
        }
        return m;
    }
}
