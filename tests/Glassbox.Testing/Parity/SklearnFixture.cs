using System.Text.Json.Nodes;

namespace Glassbox.Testing.Parity;

/// <summary>
/// Opens the scikit-learn fixture families (<c>tests/fixtures/sklearn/FAMILY.json</c>, written by
/// <c>tools/reference/sklearn_fixtures.py</c>); their tensors are read with <see cref="Fixtures.Tensor(JsonNode?)"/>.
/// </summary>
public static class SklearnFixture
{
    /// <summary>The parsed file <c>FAMILY.json</c> in <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">The family's file is absent from the folder.</exception>
    /// <exception cref="InvalidDataException">The file is not a JSON object; the message names the file.</exception>
    public static JsonObject Load(string folder, string family)
    {
        var path = Path.Combine(folder, family + ".json");
        if (!File.Exists(path)) throw new FileNotFoundException($"sklearn fixture {family}.json not found in {folder}; generate it with tools/reference/sklearn_fixtures.py", path);
        return Fixtures.LoadNode(path) as JsonObject ?? throw new InvalidDataException($"fixture {path}: the top level is not a JSON object");
    }

    /// <summary>The case objects of the array <paramref name="key"/> (by default "cases") of a family.</summary>
    /// <exception cref="InvalidDataException">The key is missing or not an array of objects.</exception>
    public static IEnumerable<JsonObject> Cases(JsonObject root, string key = "cases") =>
        root[key] is JsonArray a
            ? a.Select(c => c as JsonObject ?? throw new InvalidDataException($"sklearn fixture: an entry of \"{key}\" is not an object"))
            : throw new InvalidDataException($"sklearn fixture: \"{key}\" is missing or not an array");
}
