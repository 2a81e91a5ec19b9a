using System.Text.Json;
using Glassbox.Testing;

namespace Glassbox.Tests.Parity;

/// <summary>One case of tests/fixtures/parity/ops.json, produced by tools/reference/torch_parity.py.</summary>
public sealed record ParityCase(string Name, Tensor[] Inputs, Tensor[] Outputs, Tensor?[] Upstream, Tensor?[] Grads)
{
    /// <summary>Loads every case of the fixture.</summary>
    public static IReadOnlyList<ParityCase> Load()
    {
        using var doc = Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("parity"), "ops.json"));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new ParityCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("inputs").EnumerateArray().Select(Fixtures.Tensor).ToArray(),
            c.GetProperty("outputs").EnumerateArray().Select(Fixtures.Tensor).ToArray(),
            c.GetProperty("upstream").EnumerateArray().Select(Fixtures.TensorOrNull).ToArray(),
            c.GetProperty("grads").EnumerateArray().Select(Fixtures.TensorOrNull).ToArray())).ToList();
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
