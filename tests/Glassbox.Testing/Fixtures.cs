using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glassbox.Testing;

/// <summary>
/// The one reader of the reference fixtures under <c>tests/fixtures/</c> (written by the scripts in
/// <c>tools/reference/</c> from PyTorch, NumPy and scikit-learn). Every fixture tensor has the same JSON form:
/// <c>{"shape": [d0, d1, …], "dtype": "float64" | "float32" | "int64" | "bool", "data": [flat, row-major]}</c>.
/// </summary>
/// <remarks>
/// <para>Rules: <c>dtype</c> may be left out and then means float64 (the linear-algebra fixtures omit it);
/// <c>"float32"</c> gives a float32 tensor, because the PyTorch fixtures record float32 results that must be compared
/// at float32 precision; an empty <c>shape</c> is a 0-d tensor holding one value.</para>
/// <para>JSON has no NaN or infinity, so Python's writers emit the strings <c>"NaN"</c>, <c>"Infinity"</c> and
/// <c>"-Infinity"</c> in their place; they are read back as the IEEE values. Any other string is an error.</para>
/// <para>The tensor returned is a detached leaf, so a test may call <c>RequiresGrad_()</c> on it.</para>
/// </remarks>
public static class Fixtures
{
    /// <summary>The fixtures folder copied next to the test assembly (<c>AppContext.BaseDirectory/fixtures</c>), or a
    /// sub-folder of it, e.g. <c>Folder("sklearn")</c>.</summary>
    public static string Folder(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "fixtures", .. parts]);

    /// <summary>Parses the JSON file at <paramref name="path"/> as a mutable tree.</summary>
    /// <exception cref="FileNotFoundException">The file is absent (the message says which script writes it).</exception>
    /// <exception cref="InvalidDataException">The file is not valid JSON; the message names the file.</exception>
    public static JsonNode LoadNode(string path)
    {
        var text = ReadText(path);
        try { return JsonNode.Parse(text) ?? throw new InvalidDataException($"fixture {path}: the file holds JSON null"); }
        catch (JsonException e) { throw new InvalidDataException($"fixture {path}: not valid JSON ({e.Message})", e); }
    }

    /// <summary>Parses the JSON file at <paramref name="path"/> as a read-only document.</summary>
    /// <exception cref="FileNotFoundException">The file is absent (the message says which script writes it).</exception>
    /// <exception cref="InvalidDataException">The file is not valid JSON; the message names the file.</exception>
    public static JsonDocument LoadDocument(string path)
    {
        var text = ReadText(path);
        try { return JsonDocument.Parse(text); }
        catch (JsonException e) { throw new InvalidDataException($"fixture {path}: not valid JSON ({e.Message})", e); }
    }

    private static string ReadText(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture {path} not found; the scripts in tools/reference/ write the fixtures", path);
        return File.ReadAllText(path);
    }

    /// <summary>A fixture tensor held in a <see cref="JsonNode"/> tree.</summary>
    /// <exception cref="InvalidDataException">The node is not a <c>{"shape","dtype","data"}</c> object, a value does
    /// not fit the dtype, or the data length is not the product of the shape.</exception>
    public static Tensor Tensor(JsonNode? node)
    {
        if (node is not JsonObject o) throw new InvalidDataException($"fixture tensor: expected an object with shape/dtype/data, got {Describe(node)}");
        if (o["shape"] is not JsonArray shapeNode) throw new InvalidDataException("fixture tensor: \"shape\" is missing or not an array");
        if (o["data"] is not JsonArray data) throw new InvalidDataException("fixture tensor: \"data\" is missing or not an array");
        var shape = shapeNode.Select(n => n is JsonValue v && v.TryGetValue<int>(out int d) && d >= 0
            ? d : throw new InvalidDataException($"fixture tensor: shape entry {Describe(n)} is not a non-negative integer")).ToArray();
        string dtype = o["dtype"] is JsonValue dv && dv.TryGetValue<string>(out var s) ? s : o["dtype"] is null ? "float64"
            : throw new InvalidDataException($"fixture tensor: dtype {Describe(o["dtype"])} is not a string");
        return Build(shape, dtype, data.Count, i => Number(data[i]), i => Integer(data[i]), i => Boolean(data[i]));
    }

    /// <summary>A fixture tensor held in a <see cref="JsonElement"/>.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Tensor(JsonNode?)"/>.</exception>
    public static Tensor Tensor(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"fixture tensor: expected an object with shape/dtype/data, got {e.ValueKind}");
        if (!e.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("fixture tensor: \"shape\" is missing or not an array");
        if (!e.TryGetProperty("data", out var dataElement) || dataElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("fixture tensor: \"data\" is missing or not an array");
        var shape = shapeElement.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int d) && d >= 0
            ? d : throw new InvalidDataException($"fixture tensor: shape entry {v.GetRawText()} is not a non-negative integer")).ToArray();
        string dtype = !e.TryGetProperty("dtype", out var dt) || dt.ValueKind == JsonValueKind.Null ? "float64"
            : dt.ValueKind == JsonValueKind.String ? dt.GetString()! : throw new InvalidDataException($"fixture tensor: dtype {dt.GetRawText()} is not a string");
        var data = dataElement.EnumerateArray().ToArray();
        return Build(shape, dtype, data.Length, i => Number(data[i]), i => Integer(data[i]), i => Boolean(data[i]));
    }

    /// <summary>A fixture tensor, or null where the fixture holds JSON null (e.g. a gradient PyTorch does not define).</summary>
    public static Tensor? TensorOrNull(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Tensor(e);

    // The dtype dispatch, shared by both JSON front ends so the two cannot drift apart.
    private static Tensor Build(int[] shape, string dtype, int count, Func<int, double> number, Func<int, long> integer, Func<int, bool> boolean)
    {
        long expected = shape.Aggregate(1L, (a, d) => a * d);
        if (expected != count)
            throw new InvalidDataException($"fixture tensor: shape [{string.Join(", ", shape)}] holds {expected} values but data has {count}");
        Tensor flat = dtype switch
        {
            "float64" => Glassbox.Tensor.FromArray(Fill(count, number), [count]),
            "float32" => Glassbox.Tensor.FromArray(Fill(count, i => (float)number(i)), [count]),
            "int64" => Glassbox.Tensor.FromArray(Fill(count, integer), [count]),
            "bool" => Glassbox.Tensor.FromArray(Fill(count, boolean), [count]),
            _ => throw new InvalidDataException($"fixture tensor: unknown dtype \"{dtype}\" (expected float64, float32, int64 or bool)"),
        };
        return flat.Reshape(shape).Detach();
    }

    private static T[] Fill<T>(int count, Func<int, T> at)
    {
        var a = new T[count];
        for (int i = 0; i < count; i++) a[i] = at(i);
        return a;
    }

    private static double Number(JsonNode? n) => n switch
    {
        JsonValue v when v.TryGetValue<double>(out double d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => NonFinite(s),
        _ => throw new InvalidDataException($"fixture tensor: {Describe(n)} is not a number"),
    };

    private static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => NonFinite(e.GetString()!),
        _ => throw new InvalidDataException($"fixture tensor: {e.GetRawText()} is not a number"),
    };

    private static double NonFinite(string s) => s switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => throw new InvalidDataException($"fixture tensor: string \"{s}\" is not a number (only \"NaN\", \"Infinity\" and \"-Infinity\" are)"),
    };

    private static long Integer(JsonNode? n) => n is JsonValue v && v.TryGetValue<long>(out long l)
        ? l : throw new InvalidDataException($"fixture tensor: {Describe(n)} is not an int64");

    private static long Integer(JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long l)
        ? l : throw new InvalidDataException($"fixture tensor: {e.GetRawText()} is not an int64");

    private static bool Boolean(JsonNode? n) => n is JsonValue v && v.TryGetValue<bool>(out bool b)
        ? b : throw new InvalidDataException($"fixture tensor: {Describe(n)} is not a bool");

    private static bool Boolean(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False
        ? e.GetBoolean() : throw new InvalidDataException($"fixture tensor: {e.GetRawText()} is not a bool");

    private static string Describe(JsonNode? n) => n is null ? "null" : n.ToJsonString();

    /// <summary>max |a − b| over all entries; +∞ when the element counts differ; NaNs at the same places count as
    /// equal, and equal infinities as a difference of 0.</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        if (!a.ShapeToArray().SequenceEqual(b.ShapeToArray()) && a.Numel != b.Numel) return double.PositiveInfinity;
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
