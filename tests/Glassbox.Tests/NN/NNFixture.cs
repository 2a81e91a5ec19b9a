using System.Text.Json;
using Glassbox.Testing;

namespace Glassbox.Tests.NN;

/// <summary>Reads tests/fixtures/nn/*.json written by tools/reference/nn_fixtures.py (PyTorch 1.13).</summary>
internal static class NNFixture
{
    private static readonly Dictionary<string, JsonDocument> Cache = [];

    public static JsonElement Load(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var doc))
                Cache[name] = doc = Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("nn"), name + ".json"));
            return doc.RootElement;
        }
    }

    public static JsonElement Case(string file, string name)
        => Load(file).GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Names(string file)
    {
        var d = new TheoryData<string>();
        foreach (var c in Load(file).GetProperty("cases").EnumerateArray()) d.Add(c.GetProperty("name").GetString()!);
        return d;
    }

    /// <summary>A fixture tensor in its own dtype (float64 / float32 / int64).</summary>
    public static Tensor T(JsonElement e) => Fixtures.Tensor(e);

    public static double[] Values(JsonElement e) => e.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>Asserts |actual − expected| ≤ rtol·|expected| + atol elementwise, and equal shapes.</summary>
    public static void Close(JsonElement expected, Tensor actual, double rtol, double atol, string what)
    {
        var shape = expected.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.True(shape.SequenceEqual(actual.ShapeToArray()), $"{what}: shape {string.Join(",", actual.ShapeToArray())} vs expected {string.Join(",", shape)}");
        Close(Values(expected), actual.ToDoubleArray(), rtol, atol, what);
    }

    public static void Close(double[] expected, double[] actual, double rtol, double atol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            Assert.True(err <= rtol * Math.Abs(expected[i]) + atol || (double.IsNaN(expected[i]) && double.IsNaN(actual[i])),
                $"{what}[{i}]: got {actual[i]:R}, expected {expected[i]:R} (abs err {err:G3})");
        }
    }

    public static double Num(JsonElement args, string key, double dflt) => args.TryGetProperty(key, out var v) ? v.GetDouble() : dflt;
    public static string Str(JsonElement args, string key, string dflt) => args.TryGetProperty(key, out var v) ? v.GetString()! : dflt;
    public static bool Flag(JsonElement args, string key, bool dflt = false) => args.TryGetProperty(key, out var v) ? v.GetBoolean() : dflt;
}
