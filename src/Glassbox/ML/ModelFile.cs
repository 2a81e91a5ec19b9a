using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glassbox.ML;

/// <summary>
/// Reads and writes estimators as JSON: <c>{"type", "params", "state"}</c> — hyperparameters by name and the
/// learned tensors as <c>{"shape", "dtype", "data"}</c>. Doubles are written in shortest round-trip form, so a
/// loaded model predicts bit-for-bit what the saved one did; non-finite values are written as the strings
/// "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
/// </summary>
public static class ModelFile
{
    /// <summary>
    /// Writes <paramref name="estimator"/> to <paramref name="path"/> atomically: into a temporary file in the same
    /// folder, then moved over the target, so a crash never leaves a half-written model.
    /// </summary>
    public static void Save(IEstimator estimator, string path)
    {
        var json = EstimatorToJson(estimator).ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(tmp, json);
        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>Loads any estimator written by <see cref="Save"/>.</summary>
    public static IEstimator Load(string path) => EstimatorFromJson(JsonNode.Parse(File.ReadAllText(path)) as JsonObject
        ?? throw new InvalidDataException($"{path}: not a Glassbox model file"));

    /// <summary>Loads an estimator and checks its type.</summary>
    public static T Load<T>(string path) where T : IEstimator
    {
        var e = Load(path);
        return e is T t ? t : throw new InvalidDataException($"{path} holds a {e.GetType().Name}, not a {typeof(T).Name}");
    }

    internal static JsonObject EstimatorToJson(IEstimator e) => e switch
    {
        IJsonEstimator j => j.ToJson(),
        _ => throw new NotSupportedException($"{e.GetType().Name} cannot be saved"),
    };

    internal static IEstimator EstimatorFromJson(JsonObject o)
    {
        var typeName = o["type"]!.GetValue<string>();
        var type = typeof(ModelFile).Assembly.GetType(typeName) ?? Type.GetType(typeName)
            ?? throw new InvalidDataException($"model file: unknown estimator type {typeName}");
        var ctor = EstimatorReflection.ParamConstructor(type);
        var ps = (JsonObject)o["params"]!;
        var args = ctor.GetParameters().Select(p =>
        {
            var name = EstimatorReflection.Pascal(p.Name!);
            return ps.TryGetPropertyValue(name, out var node) ? ValueFromJson(node, p.ParameterType) : p.DefaultValue;
        }).ToArray();
        var est = (IJsonEstimator)ctor.Invoke(args);
        est.RestoreState(o["state"] as JsonObject);
        return (IEstimator)est;
    }

    internal static JsonNode? ValueToJson(object? v) => v switch
    {
        null => null,
        // whole doubles keep a ".0" so an object-typed hyperparameter (max_features: 1 vs 1.0) reads back as a double
        double d => double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? JsonNode.Parse(d.ToString("F1", CultureInfo.InvariantCulture)) : DoubleToJson(d),
        float f => DoubleToJson(f),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        IEstimator e => new JsonObject { ["$estimator"] = EstimatorToJson(e) },
        Tensor t => TensorToJson(t),
        IReadOnlyDictionary<long, double> d => new JsonObject
        {
            ["$class_weight"] = new JsonObject(d.Select(kv => KeyValuePair.Create(kv.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)DoubleToJson(kv.Value)))),
        },
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ValueToJson).ToArray()),
        _ => throw new NotSupportedException($"model file: cannot store a hyperparameter of type {v.GetType().Name}"),
    };

    internal static object? ValueFromJson(JsonNode? node, Type type)
    {
        if (node is null) return null;
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (node is JsonObject o && o["$estimator"] is JsonObject eo) return EstimatorFromJson(eo);
        if (node is JsonObject cwo && cwo["$class_weight"] is JsonObject cw)
            return cw.ToDictionary(kv => long.Parse(kv.Key, CultureInfo.InvariantCulture), kv => DoubleFromJson(kv.Value));
        if (inner == typeof(double)) return DoubleFromJson(node);
        if (inner == typeof(int)) return node.GetValue<int>();
        if (inner == typeof(long)) return node.GetValue<long>();
        if (inner == typeof(ulong)) return node.GetValue<ulong>();
        if (inner == typeof(bool)) return node.GetValue<bool>();
        if (inner == typeof(string)) return node.GetValue<string>();
        if (inner == typeof(Tensor)) return TensorFromJson((JsonObject)node);
        if (inner == typeof(object)) return ScalarFromJson(node);
        if (inner == typeof(double[])) return ((JsonArray)node).Select(DoubleFromJson).ToArray();
        if (inner == typeof(int[])) return ((JsonArray)node).Select(n => n!.GetValue<int>()).ToArray();
        if (inner == typeof(string[])) return ((JsonArray)node).Select(n => n!.GetValue<string>()).ToArray();
        if (inner == typeof((string, IEstimator)[])) return Pipeline.StepsFromJson(node);
        if (inner == typeof(double[][])) return ((JsonArray)node).Select(a => ((JsonArray)a!).Select(DoubleFromJson).ToArray()).ToArray();
        throw new NotSupportedException($"model file: cannot read a hyperparameter of type {type.Name}");
    }

    /// <summary>An object-typed hyperparameter (string, bool, int or double — a number with '.' or an exponent is a double;
    /// an array of booleans is a bool[], any other array an int[]).</summary>
    private static object? ScalarFromJson(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Array => ((JsonArray)node).Count > 0 && ((JsonArray)node).All(e => e?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            ? ((JsonArray)node).Select(e => e!.GetValue<bool>()).ToArray()
            : ((JsonArray)node).Select(e => e!.GetValue<int>()).ToArray(),
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.True or JsonValueKind.False => node.GetValue<bool>(),
        JsonValueKind.Number => node.ToJsonString().IndexOfAny(['.', 'e', 'E']) >= 0 ? node.GetValue<double>() : node.GetValue<int>(),
        _ => throw new NotSupportedException($"model file: cannot read an object hyperparameter from {node.ToJsonString()}"),
    };

    internal static JsonNode DoubleToJson(double d) =>
        double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");

    internal static double DoubleFromJson(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s)
        ? double.Parse(s, CultureInfo.InvariantCulture) : n!.GetValue<double>();

    internal static JsonObject TensorToJson(Tensor t)
    {
        var data = new JsonArray();
        switch (t.DType)
        {
            case DType.Int64: foreach (var v in t.ToArray<long>()) data.Add(v); break;
            case DType.Bool: foreach (var v in t.ToArray<bool>()) data.Add(v); break;
            default: foreach (var v in t.ToDoubleArray()) data.Add(DoubleToJson(v)); break;
        }
        return new JsonObject
        {
            ["shape"] = new JsonArray(t.ShapeArray.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
            ["dtype"] = t.DType == DType.Int64 ? "int64" : t.DType == DType.Bool ? "bool" : "float64",
            ["data"] = data,
        };
    }

    /// <summary>Reads a <c>{"shape", "dtype", "data"}</c> tensor (the format of model files and of the sklearn fixtures).</summary>
    public static Tensor TensorFromJson(JsonObject o)
    {
        var shape = ((JsonArray)o["shape"]!).Select(n => n!.GetValue<int>()).ToArray();
        var data = (JsonArray)o["data"]!;
        Tensor t = (string?)o["dtype"] switch
        {
            "int64" => Tensor.FromArray(data.Select(n => n!.GetValue<long>()).ToArray(), [data.Count]),
            "bool" => Tensor.FromArray(data.Select(n => n!.GetValue<bool>()).ToArray(), [data.Count]),
            _ => Tensor.FromArray(data.Select(DoubleFromJson).ToArray(), [data.Count]),
        };
        return t.Reshape(shape);
    }
}
