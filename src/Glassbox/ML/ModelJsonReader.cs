using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glassbox.ML;

/// <summary>
/// Reads the JSON of a model file into an estimator, checking every field before it is used: the type against
/// <see cref="EstimatorRegistry"/>, each hyperparameter against the constructor it will be passed to (name, JSON kind,
/// range of the declared .NET type), then the hyperparameter ranges (<c>CheckParams</c>), then the learned state.
/// Every failure is a <see cref="ModelFormatException"/> naming the field by its dotted path from the root.
/// </summary>
internal static class ModelJsonReader
{
    /// <summary>How deeply estimators may nest (pipelines of pipelines…); far beyond any real model, it bounds the recursion.</summary>
    public const int MaxEstimatorNesting = 16;

    private static readonly NullabilityInfoContext Nullability = new();

    public static ModelFormatException Fail(string field, string detail, Exception? inner = null) => new(null, field, detail, inner);

    public static string Join(string field, string name) => field.Length == 0 || field == "$" ? name : $"{field}.{name}";

    /// <summary>A short description of a JSON value for error messages: its kind and (truncated) text.</summary>
    public static string Describe(JsonNode? node)
    {
        if (node is null) return "null";
        var kind = node.GetValueKind() switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            _ => "a boolean",
        };
        var text = node.ToJsonString();
        if (text.Length > 40) text = text[..37] + "...";
        return node.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array ? kind : text;
    }

    // ---- estimators --------------------------------------------------------------------------------

    /// <summary>Reads <c>{"type", "params", "state"}</c> at <paramref name="field"/>.</summary>
    public static IEstimator ReadEstimator(JsonNode? node, string field, int depth)
    {
        if (depth > MaxEstimatorNesting) throw Fail(field, $"estimators nested more than {MaxEstimatorNesting} deep");
        if (node is not JsonObject o) throw Fail(field, $"expected an estimator object {{\"type\", \"params\", \"state\"}}, got {Describe(node)}");
        foreach (var (k, _) in o)
            if (k is not ("type" or "params" or "state"))
                throw Fail(Join(field, k), "unknown field; an estimator has only \"type\", \"params\" and \"state\"");

        // 1. the type: a registry lookup on the string, nothing else, comes before any reflection
        var tf = Join(field, "type");
        if (!o.TryGetPropertyValue("type", out var tn)) throw Fail(tf, "missing");
        if (tn is not JsonValue tv || tv.GetValueKind() != JsonValueKind.String) throw Fail(tf, $"expected a string, got {Describe(tn)}");
        var name = tv.GetValue<string>();
        if (!EstimatorRegistry.TryGetType(name, out var type))
            throw Fail(tf, $"unknown estimator type {Quote(name)}; a model file may name only the estimators of Glassbox.ML.EstimatorRegistry");

        // 2. every hyperparameter against the constructor's declared schema
        var pf = Join(field, "params");
        if (!o.TryGetPropertyValue("params", out var pn)) throw Fail(pf, "missing");
        if (pn is not JsonObject ps) throw Fail(pf, $"expected an object, got {Describe(pn)}");
        var ctor = EstimatorReflection.ParamConstructor(type);
        var parameters = ctor.GetParameters();
        var names = parameters.Select(p => EstimatorReflection.Pascal(p.Name!)).ToArray();
        for (int i = 0; i < parameters.Length; i++)
        {
            var t = Nullable.GetUnderlyingType(parameters[i].ParameterType) ?? parameters[i].ParameterType;
            if (!IsReadable(t))
                throw Fail(Join(pf, names[i]), $"a hyperparameter of type {t.Name} cannot be read from a model file, so a {type.Name} cannot be loaded");
        }
        foreach (var (k, _) in ps)
            if (Array.IndexOf(names, k) < 0)
                throw Fail(Join(pf, k), $"{type.Name} has no such hyperparameter; it has {string.Join(", ", names)}");
        var args = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var f = Join(pf, names[i]);
            if (ps.TryGetPropertyValue(names[i], out var v))
            {
                if (v is null)
                {
                    if (!AllowsNull(p)) throw Fail(f, $"expected {Expected(p.ParameterType)}, got null");
                    args[i] = null;
                }
                else args[i] = ReadValue(v, p.ParameterType, f, depth);
            }
            else if (p.HasDefaultValue) args[i] = p.DefaultValue;
            else throw Fail(f, "missing (this hyperparameter has no default)");
        }

        // 3. construct (constructors only store values), then the estimator's own range checks
        IJsonEstimator est;
        try { est = (IJsonEstimator)ctor.Invoke(args); }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException a)
        {
            throw Fail(ParamField(pf, a, names), a.Message, a);
        }
        try { est.CheckLoadedParams(); }
        catch (ArgumentException a) { throw Fail(ParamField(pf, a, names), a.Message, a); }

        // 4. the learned state
        var sf = Join(field, "state");
        if (o.TryGetPropertyValue("state", out var sn) && sn is not null)
        {
            if (sn is not JsonObject so) throw Fail(sf, $"expected an object, got {Describe(sn)}");
            try { est.RestoreState(so, sf, depth); }
            catch (ModelFormatException) { throw; }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // a relation between state fields that no explicit check covers still surfaces as a format error
                throw Fail(sf, $"inconsistent learned state ({e.GetType().Name}: {e.Message})", e);
            }
        }
        return (IEstimator)est;
    }

    private static string ParamField(string pf, ArgumentException a, string[] names) =>
        a.ParamName is { } n && Array.IndexOf(names, EstimatorReflection.Pascal(n)) is int k && k >= 0 ? Join(pf, names[k]) : pf;

    private static bool AllowsNull(ParameterInfo p) =>
        Nullable.GetUnderlyingType(p.ParameterType) is not null
        || (!p.ParameterType.IsValueType && Nullability.Create(p).WriteState != NullabilityState.NotNull);

    private static string Expected(Type t)
    {
        var inner = Nullable.GetUnderlyingType(t) ?? t;
        return inner == typeof(double) ? "a number"
            : inner == typeof(int) || inner == typeof(long) || inner == typeof(ulong) ? "an integer"
            : inner == typeof(bool) ? "true or false"
            : inner == typeof(string) ? "a string"
            : inner.IsEnum ? "one of " + Options.SklearnNames.Allowed(inner)
            : inner.IsArray ? "an array"
            : "a value";
    }

    private static string Quote(string s) => JsonSerializer.Serialize(s.Length > 80 ? s[..77] + "..." : s);

    // ---- hyperparameter values -----------------------------------------------------------------------

    /// <summary>The declared hyperparameter types <see cref="ReadValue"/> can produce (nullable forms included).</summary>
    private static readonly HashSet<Type> Readable =
    [
        typeof(double), typeof(int), typeof(long), typeof(ulong), typeof(bool), typeof(string), typeof(Tensor),
        typeof(double[]), typeof(int[]), typeof(long[]), typeof(bool[]), typeof(string[]), typeof(double[][]),
        typeof((string, IEstimator)[]), typeof(IEstimator),
    ];

    /// <summary>True for the listed types, enums (read by their scikit-learn string) and option types
    /// (<see cref="Options.ISklearnOption{TSelf}"/>, read by their own parser).</summary>
    private static bool IsReadable(Type t) => Readable.Contains(t) || t.IsEnum || Options.SklearnOptions.IsOption(t);

    /// <summary>
    /// A hyperparameter of declared type <paramref name="type"/>. Only the types below can be produced; any other
    /// declared type (a search's parameter grid) makes the estimator unloadable.
    /// </summary>
    public static object? ReadValue(JsonNode node, Type type, string field, int depth)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner.IsEnum)
        {
            string name = ReadString(node, field);
            return Options.SklearnNames.TryParse(inner, name, out var v) ? v
                : throw Fail(field, $"expected one of {Options.SklearnNames.Allowed(inner)}, got {Quote(name)}");
        }
        if (Options.SklearnOptions.IsOption(inner))
        {
            try { return Options.SklearnOptions.FromJson(inner, node); }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException or ModelFormatException)
            {
                throw Fail(field, e.Message, e);
            }
        }
        if (inner == typeof(double)) return ReadDouble(node, field);
        if (inner == typeof(int)) return ReadInt(node, field);
        if (inner == typeof(long)) return ReadLong(node, field);
        if (inner == typeof(ulong)) return ReadULong(node, field);
        if (inner == typeof(bool)) return ReadBool(node, field);
        if (inner == typeof(string)) return ReadString(node, field);
        if (inner == typeof(Tensor)) return ReadTensor(node, field, strict: true);
        if (inner == typeof(double[])) return ReadArray(node, field, ReadDouble);
        if (inner == typeof(int[])) return ReadArray(node, field, ReadInt);
        if (inner == typeof(long[])) return ReadArray(node, field, ReadLong);
        if (inner == typeof(bool[])) return ReadArray(node, field, ReadBool);
        if (inner == typeof(string[])) return ReadArray(node, field, ReadString);
        if (inner == typeof(double[][])) return ReadArray(node, field, (n, f) => ReadArray(n, f, ReadDouble));
        if (inner == typeof((string, IEstimator)[])) return ReadSteps(node, field, depth);
        if (inner == typeof(IEstimator)) return ReadNestedEstimator(node, field, depth);
        throw Fail(field, $"a hyperparameter of type {inner.Name} cannot be read from a model file");
    }

    private static T[] ReadArray<T>(JsonNode node, string field, Func<JsonNode, string, T> read)
    {
        if (node is not JsonArray a) throw Fail(field, $"expected an array, got {Describe(node)}");
        var r = new T[a.Count];
        for (int i = 0; i < r.Length; i++)
        {
            var f = $"{field}[{i}]";
            r[i] = read(a[i] ?? throw Fail(f, "expected a value, got null"), f);
        }
        return r;
    }

    public static double ReadDouble(JsonNode? node, string field)
    {
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.Number:
                    if (v.TryGetValue<double>(out var d) && double.IsFinite(d)) return d;
                    throw Fail(field, $"the number {Describe(node)} is out of the range of a double");
                case JsonValueKind.String:
                    var s = v.GetValue<string>();
                    if (s == "NaN") return double.NaN;
                    if (s == "Infinity") return double.PositiveInfinity;
                    if (s == "-Infinity") return double.NegativeInfinity;
                    break;
            }
        }
        throw Fail(field, $"expected a number (or \"NaN\", \"Infinity\", \"-Infinity\"), got {Describe(node)}");
    }

    public static int ReadInt(JsonNode? node, string field)
    {
        long l = ReadLong(node, field);
        if (l is < int.MinValue or > int.MaxValue) throw Fail(field, $"the integer {l} is out of the range of an int (32-bit)");
        return (int)l;
    }

    public static long ReadLong(JsonNode? node, string field)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<long>(out var l)) return l;
            throw Fail(field, $"expected an integer in the 64-bit range, got {Describe(node)}");
        }
        throw Fail(field, $"expected an integer, got {Describe(node)}");
    }

    private static ulong ReadULong(JsonNode node, string field)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<ulong>(out var u)) return u;
            throw Fail(field, $"expected an integer in [0, 2^64), got {Describe(node)}");
        }
        throw Fail(field, $"expected an integer, got {Describe(node)}");
    }

    public static bool ReadBool(JsonNode? node, string field) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Fail(field, $"expected true or false, got {Describe(node)}"),
    };

    public static string ReadString(JsonNode? node, string field) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Fail(field, $"expected a string, got {Describe(node)}");

    private static IEstimator ReadNestedEstimator(JsonNode node, string field, int depth)
    {
        if (node is not JsonObject o || o.Count != 1 || !o.ContainsKey("$estimator"))
            throw Fail(field, $"expected a nested estimator {{\"$estimator\": {{...}}}}, got {Describe(node)}");
        return ReadEstimator(o["$estimator"], Join(field, "$estimator"), depth + 1);
    }

    private static (string, IEstimator)[] ReadSteps(JsonNode node, string field, int depth) => ReadArray(node, field, (n, f) =>
    {
        if (n is not JsonObject o) throw Fail(f, $"expected a step {{\"name\", \"estimator\"}}, got {Describe(n)}");
        foreach (var (k, _) in o)
            if (k is not ("name" or "estimator")) throw Fail(Join(f, k), "unknown field; a step has only \"name\" and \"estimator\"");
        if (!o.TryGetPropertyValue("name", out var nm)) throw Fail(Join(f, "name"), "missing");
        if (!o.TryGetPropertyValue("estimator", out var e)) throw Fail(Join(f, "estimator"), "missing");
        return (ReadString(nm, Join(f, "name")), ReadEstimator(e, Join(f, "estimator"), depth + 1));
    });

    // ---- tensors -------------------------------------------------------------------------------------

    /// <summary>Largest rank a stored tensor may have.</summary>
    private const int MaxRank = 8;

    /// <summary>
    /// Reads <c>{"shape", "dtype", "data"}</c>: the shape's product must equal the number of data entries, and every
    /// entry must be of the dtype ("float64": numbers or "NaN"/"Infinity"/"-Infinity"; "int64": integers; "bool").
    /// With <paramref name="strict"/> the dtype must be given and no other field may appear; otherwise (sklearn
    /// fixtures) a missing or unknown dtype reads as float64.
    /// </summary>
    public static Tensor ReadTensor(JsonNode? node, string field, bool strict)
    {
        if (node is not JsonObject o) throw Fail(field, $"expected a tensor {{\"shape\", \"dtype\", \"data\"}}, got {Describe(node)}");
        if (strict)
            foreach (var (k, _) in o)
                if (k is not ("shape" or "dtype" or "data")) throw Fail(Join(field, k), "unknown field; a tensor has only \"shape\", \"dtype\" and \"data\"");
        var shape = ReadArray(o["shape"] ?? throw Fail(Join(field, "shape"), "missing"), Join(field, "shape"), ReadInt);
        if (shape.Length > MaxRank) throw Fail(Join(field, "shape"), $"rank {shape.Length} exceeds the largest supported ({MaxRank})");
        long numel = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0) throw Fail($"{field}.shape[{i}]", $"a dimension must be ≥ 0, got {shape[i]}");
            numel = Math.Min(numel * shape[i], long.MaxValue / (int.MaxValue + 1L)); // saturates; compared with a real count below
        }
        var df = Join(field, "dtype");
        string dtype;
        if (o.TryGetPropertyValue("dtype", out var dn)) dtype = ReadString(dn, df);
        else if (strict) throw Fail(df, "missing");
        else dtype = "float64";
        if (strict && dtype is not ("float64" or "int64" or "bool")) throw Fail(df, $"expected \"float64\", \"int64\" or \"bool\", got {Quote(dtype)}");
        var dataField = Join(field, "data");
        if (o["data"] is not JsonArray data) throw Fail(dataField, o.ContainsKey("data") ? $"expected an array, got {Describe(o["data"])}" : "missing");
        if (data.Count != numel)
            throw Fail(dataField, $"holds {data.Count} values but the shape {ShapeUtil.Format(shape)} needs {numel}");
        Tensor t = dtype switch
        {
            "int64" => Tensor.FromArray(ReadArray(data, dataField, ReadLong), [data.Count]),
            "bool" => Tensor.FromArray(ReadArray(data, dataField, ReadBool), [data.Count]),
            _ => Tensor.FromArray(ReadArray(data, dataField, ReadDouble), [data.Count]),
        };
        return t.Reshape(shape);
    }
}
