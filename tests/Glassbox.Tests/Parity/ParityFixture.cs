using System.Text.Json;

namespace Glassbox.Tests.Parity;

/// <summary>One case of tests/fixtures/parity/ops.json, produced by tools/reference/torch_parity.py.</summary>
public sealed record ParityCase(string Name, Tensor[] Inputs, Tensor[] Outputs, Tensor?[] Upstream, Tensor?[] Grads)
{
    /// <summary>Loads every case of the fixture.</summary>
    public static IReadOnlyList<ParityCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "parity", "ops.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new ParityCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("inputs").EnumerateArray().Select(ReadTensor).ToArray(),
            c.GetProperty("outputs").EnumerateArray().Select(ReadTensor).ToArray(),
            c.GetProperty("upstream").EnumerateArray().Select(ReadOptional).ToArray(),
            c.GetProperty("grads").EnumerateArray().Select(ReadOptional).ToArray())).ToList();
    }

    private static Tensor? ReadOptional(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : ReadTensor(e);

    private static Tensor ReadTensor(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var data = e.GetProperty("data");
        var t = e.GetProperty("dtype").GetString() switch
        {
            "bool" => Tensor.FromArray(data.EnumerateArray().Select(x => x.GetBoolean()).ToArray(), shape),
            "int64" => Tensor.FromArray(data.EnumerateArray().Select(x => x.GetInt64()).ToArray(), shape),
            _ => Tensor.FromArray(data.EnumerateArray().Select(x => x.GetDouble()).ToArray(), shape),
        };
        return shape.Length == 0 ? t.Reshape() : t; // FromArray without a shape means 1-D
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
