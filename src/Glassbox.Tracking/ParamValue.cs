using System.Globalization;
using System.Text.Json;

namespace Glassbox.Tracking;

/// <summary>
/// A parameter as stored: its value as text plus its type, one of <c>string</c>, <c>int</c>, <c>float</c>,
/// <c>bool</c>, <c>null</c> or <c>json</c> (anything else, serialised). Text keeps every value exact and readable in
/// any SQLite tool; the type lets a reader give back a number as a number.
/// </summary>
/// <param name="Text">Invariant-culture text: integers in decimal, floats in round-trip form, bools as true/false.</param>
/// <param name="Type">The type name.</param>
public sealed record ParamValue(string Text, string Type)
{
    /// <summary>The stored form of <paramref name="value"/>.</summary>
    public static ParamValue From(object? value) => value switch
    {
        null => new("", "null"),
        string s => new(s, "string"),
        bool b => new(b ? "true" : "false", "bool"),
        sbyte or byte or short or ushort or int or uint or long or ulong => new(Convert.ToString(value, CultureInfo.InvariantCulture)!, "int"),
        float f => new(f.ToString("R", CultureInfo.InvariantCulture), "float"),
        double d => new(d.ToString("R", CultureInfo.InvariantCulture), "float"),
        decimal m => new(m.ToString(CultureInfo.InvariantCulture), "float"),
        Enum e => new(e.ToString(), "string"),
        _ => new(JsonSerializer.Serialize(value), "json"),
    };

    /// <summary>
    /// The value as a .NET object for JSON output: <see cref="long"/> (or <see cref="ulong"/> past its range) for
    /// <c>int</c>, <see cref="double"/> for <c>float</c>, <see cref="bool"/>, null, a parsed JSON element for
    /// <c>json</c>, and the text itself for <c>string</c> or a type this build does not know.
    /// </summary>
    public object? ToObject() => Type switch
    {
        "null" => null,
        "bool" => Text == "true",
        "int" when long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) => l,
        "int" when ulong.TryParse(Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u) => u,
        "float" when double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        "json" => TryJson(Text),
        _ => Text,
    };

    /// <summary>The text, or "null" for a null value.</summary>
    public override string ToString() => Type == "null" ? "null" : Text;

    private static object TryJson(string text)
    {
        try { using var doc = JsonDocument.Parse(text); return doc.RootElement.Clone(); }
        catch (JsonException) { return text; }
    }
}
