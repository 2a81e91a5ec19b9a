using System.Text.Json.Nodes;

namespace Glassbox.ML;

/// <summary>
/// The learned attributes of a fitted estimator, by name: tensors and scalars, as stored in a model file.
/// </summary>
/// <remarks>
/// A state read from a file is untrusted. Every getter checks what it returns — present, of the JSON kind and dtype
/// asked for, of the rank and length asked for, in range — and otherwise throws a <see cref="ModelFormatException"/>
/// naming the field (<c>state.coef</c>, or the full path for a nested estimator). An estimator's
/// <c>LoadState</c> states the shapes it relies on through these arguments (usually in terms of
/// <see cref="NFeaturesIn"/>), and reports any further inconsistency with <see cref="Invalid"/>, so a damaged file is
/// rejected at load rather than failing, or predicting wrongly, later.
/// </remarks>
public sealed class ModelState
{
    private readonly Dictionary<string, JsonNode?> items = [];
    private string field = "state";
    private int depth;

    /// <summary>Stores a tensor (float64, int64 or bool; any shape).</summary>
    public void Set(string name, Tensor? t) => items[name] = t is null ? null : ModelFile.TensorToJson(t);

    /// <summary>Stores a number.</summary>
    public void Set(string name, double v) => items[name] = ModelFile.DoubleToJson(v);

    /// <summary>Stores a string.</summary>
    public void Set(string name, string v) => items[name] = JsonValue.Create(v);

    /// <summary>Stores a nested fitted estimator (meta-estimators).</summary>
    public void Set(string name, IEstimator e) => items[name] = ModelFile.EstimatorToJson(e);

    /// <summary>
    /// The number of input features of the estimator being loaded (<c>n_features_in</c>, ≥ 1), read and checked
    /// before <c>LoadState</c> runs so that it can check shapes against it; 0 on a state being written.
    /// </summary>
    public int NFeaturesIn { get; internal set; }

    /// <summary>Number of stored items: an upper bound for any count of items stored under their own names.</summary>
    public int Count => items.Count;

    /// <summary>The error for a stored item that is present but wrong: names the file (when known) and the field.</summary>
    public ModelFormatException Invalid(string name, string detail) => ModelJsonReader.Fail(FieldOf(name), detail);

    /// <summary>The error for a hyperparameter of the estimator being loaded (meta-estimators whose parts are hyperparameters).</summary>
    internal ModelFormatException InvalidParam(string name, string detail)
    {
        var owner = field == "state" ? "" : field.EndsWith(".state", StringComparison.Ordinal) ? field[..^".state".Length] : field;
        return ModelJsonReader.Fail(ModelJsonReader.Join(ModelJsonReader.Join(owner, "params"), name), detail);
    }

    private string FieldOf(string name) => ModelJsonReader.Join(field, name);

    private JsonNode? Node(string name) => items.TryGetValue(name, out var n) ? n : throw Invalid(name, "missing");

    /// <summary>Reads a tensor stored with <see cref="Set(string, Tensor)"/>; null if it was stored as null.</summary>
    public Tensor? GetTensorOrNull(string name) => Node(name) is { } n ? ModelJsonReader.ReadTensor(n, FieldOf(name), strict: true) : null;

    /// <summary>Reads a tensor that must be present.</summary>
    public Tensor GetTensor(string name) => GetTensorOrNull(name) ?? throw Invalid(name, "expected a tensor, got null");

    /// <summary>
    /// Reads a tensor that must have <paramref name="dtype"/> and, where <paramref name="shape"/> is given, that shape
    /// (−1 in it matches any length of that axis; the rank must match).
    /// </summary>
    public Tensor GetTensor(string name, DType dtype, params int[] shape)
    {
        var t = GetTensor(name);
        CheckTensor(name, t, dtype, shape);
        return t;
    }

    /// <summary><see cref="GetTensor(string, DType, int[])"/> for a tensor that may have been stored as null.</summary>
    public Tensor? GetTensorOrNull(string name, DType dtype, params int[] shape)
    {
        var t = GetTensorOrNull(name);
        if (t is not null) CheckTensor(name, t, dtype, shape);
        return t;
    }

    private void CheckTensor(string name, Tensor t, DType dtype, int[] shape)
    {
        if (t.DType != dtype) throw Invalid(name, $"expected dtype {DTypeName(dtype)}, got {DTypeName(t.DType)}");
        if (shape.Length == 0) return;
        bool ok = t.NDim == shape.Length;
        for (int i = 0; ok && i < shape.Length; i++) ok = shape[i] < 0 || shape[i] == t.Shape[i];
        if (!ok)
            throw Invalid(name, $"expected shape {ShapeUtil.Format(shape.Select(s => s < 0 ? -1 : s).ToArray())} (−1: any), got {ShapeUtil.Format(t.ShapeArray)}");
    }

    private static string DTypeName(DType d) => d == DType.Int64 ? "int64" : d == DType.Bool ? "bool" : d == DType.Float64 ? "float64" : d.ToString();

    /// <summary>
    /// Reads a float64 vector (rank 1) of <paramref name="length"/> values (any length when −1); with
    /// <paramref name="finite"/>, NaN and ±infinity are rejected.
    /// </summary>
    public double[] GetVector(string name, int length = -1, bool finite = false) =>
        Finite(name, GetTensor(name, DType.Float64, length).ToArray<double>(), finite);

    /// <summary>Like <see cref="GetVector"/> for an optional vector (stored as null, or absent): null then.</summary>
    public double[]? GetVectorOrNull(string name, int length = -1, bool finite = false) =>
        !items.TryGetValue(name, out var n) || n is null ? null : GetVector(name, length, finite);

    /// <summary>
    /// Reads a float64 matrix [rows, cols] as its row-major values (−1 for a length that is not known in advance);
    /// with <paramref name="finite"/>, NaN and ±infinity are rejected.
    /// </summary>
    public double[] GetMatrix(string name, int rows, int cols, bool finite = false) =>
        Finite(name, GetTensor(name, DType.Float64, rows, cols).ToArray<double>(), finite);

    /// <summary>Reads an int64 vector of <paramref name="length"/> values (any when −1), each in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long[] GetLongs(string name, int length = -1, long min = long.MinValue, long max = long.MaxValue)
    {
        var a = GetTensor(name, DType.Int64, length).ToArray<long>();
        for (int i = 0; i < a.Length; i++)
            if (a[i] < min || a[i] > max) throw Invalid(name, $"entry [{i}] = {a[i]} is outside [{min}, {max}]");
        return a;
    }

    /// <summary><see cref="GetLongs"/> narrowed to int (the range must lie within int's).</summary>
    public int[] GetInts(string name, int length = -1, int min = int.MinValue, int max = int.MaxValue) =>
        GetLongs(name, length, min, max).Select(v => (int)v).ToArray();

    /// <summary>Reads a bool vector of <paramref name="length"/> values (any when −1).</summary>
    public bool[] GetBools(string name, int length = -1) => GetTensor(name, DType.Bool, length).ToArray<bool>();

    private double[] Finite(string name, double[] a, bool finite)
    {
        if (finite)
            for (int i = 0; i < a.Length; i++)
                if (!double.IsFinite(a[i])) throw Invalid(name, $"entry [{i}] is {a[i]}; only finite values are valid here");
        return a;
    }

    /// <summary>Reads a number (NaN and ±infinity included, unless <paramref name="finite"/>).</summary>
    public double GetDouble(string name, bool finite = false)
    {
        var d = ModelJsonReader.ReadDouble(Node(name), FieldOf(name));
        if (finite && !double.IsFinite(d)) throw Invalid(name, $"expected a finite number, got {d}");
        return d;
    }

    /// <summary>Reads a whole number in [<paramref name="min"/>, <paramref name="max"/>] (stored as a number by <see cref="Set(string, double)"/>).</summary>
    public int GetInt(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var d = ModelJsonReader.ReadDouble(Node(name), FieldOf(name));
        if (d != Math.Floor(d) || d < min || d > max)
            throw Invalid(name, $"expected an integer in [{min}, {max}], got {d}");
        return (int)d;
    }

    /// <summary>
    /// Reads a count of things stored under names of their own (trees, columns): ≥ 0 and at most <see cref="Count"/>,
    /// so a damaged count cannot make the reader allocate for items the file does not hold.
    /// </summary>
    public int GetCount(string name) => GetInt(name, 0, items.Count);

    /// <summary>Reads a string.</summary>
    public string GetString(string name) => ModelJsonReader.ReadString(Node(name), FieldOf(name));

    /// <summary>Reads a nested estimator.</summary>
    public IEstimator GetEstimator(string name) => ModelJsonReader.ReadEstimator(Node(name), FieldOf(name), depth + 1);

    /// <summary>True when an item of that name was stored.</summary>
    public bool Contains(string name) => items.ContainsKey(name);

    internal JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var (k, v) in items) o[k] = v?.DeepClone();
        return o;
    }

    /// <summary>A state read from a file; <paramref name="field"/> is its path from the root, for error messages.</summary>
    internal static ModelState FromJson(JsonObject o, string field = "state", int depth = 0)
    {
        var s = new ModelState { field = field, depth = depth };
        foreach (var (k, v) in o) s.items[k] = v?.DeepClone();
        return s;
    }
}
