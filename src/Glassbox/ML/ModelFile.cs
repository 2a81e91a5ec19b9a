using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glassbox.ML;

/// <summary>
/// Reads and writes estimators as JSON: <c>{"type", "params", "state"}</c> — the estimator's registry name,
/// hyperparameters by name and the learned tensors as <c>{"shape", "dtype", "data"}</c>. Doubles are written in
/// shortest round-trip form, so a loaded model predicts bit-for-bit what the saved one did; non-finite values are
/// written as the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
/// </summary>
/// <remarks>
/// <para>
/// <b>What loading a model file may make the library do.</b> A model file is data, and <see cref="Load"/> treats it
/// as untrusted input. It may only:
/// </para>
/// <list type="bullet">
/// <item>name an estimator listed in <see cref="EstimatorRegistry"/> (by its short name, or its full type name as
/// files written before the registry did). The name is looked up in that fixed table; no other type is resolved,
/// loaded or reflected on, so a file cannot reach <c>System.Net.Sockets.TcpClient</c>, <c>System.Diagnostics.Process</c>,
/// non-estimator Glassbox types or abstract bases;</item>
/// <item>give values for that estimator's hyperparameters — only the parameter names of its widest public constructor,
/// each of the JSON kind its declared type needs (numbers in range for int/long/ulong/double, booleans, strings,
/// arrays of those, tensors, class weights, pipeline steps and nested estimators that obey these same rules). The
/// constructor, which only stores values, runs after every field has been checked, and the estimator's range checks
/// (the ones Fit runs) run before its state is touched;</item>
/// <item>give learned state, which each estimator checks for presence, dtype, shape and the relations between its
/// arrays (coefficients per feature, tree children inside the tree and after their parent, …) before the model can
/// be used.</item>
/// </list>
/// <para>
/// It cannot make the library construct any other object or run anything beyond those constructors, the checks and
/// the estimators' own state readers (which rebuild search structures such as a k-d tree from the checked arrays);
/// it cannot make it open files or connections, or allocate much beyond what the data it holds needs (counts stored
/// in a file are bounded by the number of items it holds). Nesting is bounded: JSON to 64 levels, estimators to
/// <see cref="ModelJsonReader.MaxEstimatorNesting"/>. Every way a file can be wrong — invalid JSON, wrong root,
/// unknown type, unknown or ill-typed hyperparameter, out-of-range hyperparameter, inconsistent state — is reported
/// as a <see cref="ModelFormatException"/> naming the file and the field. A file that passes still holds numbers
/// chosen by whoever wrote it: a model file from an untrusted source can make predictions wrong, but cannot make
/// the library do anything else.
/// </para>
/// </remarks>
public static class ModelFile
{
    /// <summary>
    /// Writes <paramref name="estimator"/> to <paramref name="path"/> atomically: into a temporary file in the same
    /// folder, flushed to disk, then moved over the target, so a crash never leaves a half-written or empty model.
    /// </summary>
    public static void Save(IEstimator estimator, string path)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        var json = System.Text.Encoding.UTF8.GetBytes(EstimatorToJson(estimator).ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                fs.Write(json);
                // without this the rename can reach the disk before the data, and a power cut leaves an empty file
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Loads any estimator written by <see cref="Save"/>. See the remarks of <see cref="ModelFile"/> for what a file
    /// can and cannot make this do.
    /// </summary>
    /// <exception cref="ModelFormatException">The file's content is not a valid model (the message names the file and field).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IEstimator Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        return FromJsonBytes(bytes, path);
    }

    /// <summary>Loads an estimator and checks its type.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid model, or holds another estimator type.</exception>
    public static T Load<T>(string path) where T : IEstimator
    {
        var e = Load(path);
        return e is T t ? t : throw new ModelFormatException(path, "type", $"holds a {e.GetType().Name}, not a {typeof(T).Name}");
    }

    /// <summary>Parses and checks model JSON; <paramref name="path"/> names the source in errors.</summary>
    internal static IEstimator FromJsonBytes(byte[] bytes, string? path)
    {
        try
        {
            JsonNode? root;
            try { root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }); }
            catch (JsonException e) { throw ModelJsonReader.Fail("$", $"not valid JSON ({e.Message})", e); }
            if (root is not JsonObject) throw ModelJsonReader.Fail("$", $"not a Glassbox model file: expected a JSON object, got {ModelJsonReader.Describe(root)}");
            return ModelJsonReader.ReadEstimator(root, "$", 0);
        }
        catch (ModelFormatException e) when (path is not null) { throw e.WithPath(path); }
        catch (Exception e) when (e is not ModelFormatException and not OutOfMemoryException and not IOException)
        {
            // the readers above check every field; this keeps the contract (only ModelFormatException) should one slip through
            throw new ModelFormatException(path, "$", $"cannot be read ({e.GetType().Name}: {e.Message})", e);
        }
    }

    internal static JsonObject EstimatorToJson(IEstimator e) => e switch
    {
        IJsonEstimator j => j.ToJson(),
        _ => throw new NotSupportedException($"{e.GetType().Name} cannot be saved"),
    };

    internal static JsonNode? ValueToJson(object? v) => v switch
    {
        null => null,
        // whole doubles keep a ".0", so a file shows a float parameter as sklearn would print it (1.0, not 1)
        double d => double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? JsonNode.Parse(d.ToString("F1", CultureInfo.InvariantCulture)) : DoubleToJson(d),
        float f => DoubleToJson(f),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        Enum en => JsonValue.Create(Options.SklearnNames.Of(en)),
        Options.ISklearnOption o => o.ToJson(),
        IEstimator e => new JsonObject { ["$estimator"] = EstimatorToJson(e) },
        Tensor t => TensorToJson(t),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ValueToJson).ToArray()),
        _ => throw new NotSupportedException($"model file: cannot store a hyperparameter of type {v.GetType().Name}"),
    };

    internal static JsonNode DoubleToJson(double d) =>
        double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");

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

    /// <summary>
    /// Reads a <c>{"shape", "dtype", "data"}</c> tensor (the format of model files and of the sklearn fixtures; a
    /// missing or unknown dtype reads as float64).
    /// </summary>
    /// <exception cref="ModelFormatException">The object is not a well-formed tensor (shape and data disagree, a value of the wrong kind, …).</exception>
    public static Tensor TensorFromJson(JsonObject o) => ModelJsonReader.ReadTensor(o, "tensor", strict: false);
}
