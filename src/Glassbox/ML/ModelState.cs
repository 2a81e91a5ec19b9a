using System.Text.Json.Nodes;

namespace Glassbox.ML;

/// <summary>
/// The learned attributes of a fitted estimator, by name: tensors and scalars, as stored in a model file.
/// </summary>
public sealed class ModelState
{
    private readonly Dictionary<string, JsonNode?> items = [];

    /// <summary>Stores a tensor (float64, int64 or bool; any shape).</summary>
    public void Set(string name, Tensor? t) => items[name] = t is null ? null : ModelFile.TensorToJson(t);

    /// <summary>Stores a number.</summary>
    public void Set(string name, double v) => items[name] = ModelFile.DoubleToJson(v);

    /// <summary>Stores a string.</summary>
    public void Set(string name, string v) => items[name] = JsonValue.Create(v);

    /// <summary>Stores a nested fitted estimator (meta-estimators).</summary>
    public void Set(string name, IEstimator e) => items[name] = ModelFile.EstimatorToJson(e);

    /// <summary>Reads a tensor stored with <see cref="Set(string, Tensor)"/>; null if it was stored as null.</summary>
    public Tensor? GetTensorOrNull(string name) => items[name] is JsonObject o ? ModelFile.TensorFromJson(o) : null;

    /// <summary>Reads a tensor that must be present.</summary>
    public Tensor GetTensor(string name) => GetTensorOrNull(name) ?? throw new InvalidOperationException($"model file: missing tensor '{name}'");

    /// <summary>Reads a number.</summary>
    public double GetDouble(string name) => ModelFile.DoubleFromJson(items[name]);

    /// <summary>Reads an integer.</summary>
    public int GetInt(string name) => (int)GetDouble(name);

    /// <summary>Reads a string.</summary>
    public string GetString(string name) => items[name]!.GetValue<string>();

    /// <summary>Reads a nested estimator.</summary>
    public IEstimator GetEstimator(string name) => ModelFile.EstimatorFromJson((JsonObject)items[name]!);

    /// <summary>True when an item of that name was stored.</summary>
    public bool Contains(string name) => items.ContainsKey(name);

    internal JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var (k, v) in items) o[k] = v?.DeepClone();
        return o;
    }

    internal static ModelState FromJson(JsonObject o)
    {
        var s = new ModelState();
        foreach (var (k, v) in o) s.items[k] = v?.DeepClone();
        return s;
    }
}
