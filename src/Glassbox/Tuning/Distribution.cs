using System.Globalization;
using System.Text.Json.Nodes;

namespace Glassbox.Tuning;

/// <summary>
/// The range a parameter is drawn from (Optuna's <c>BaseDistribution</c>). Samplers and storages work with the
/// <i>internal</i> representation of a value, a double: the number itself for <see cref="FloatDistribution"/> and
/// <see cref="IntDistribution"/>, the index of the choice for <see cref="CategoricalDistribution"/> — the same
/// convention as Optuna's <c>to_internal_repr</c>, so one storage column holds every kind of parameter.
/// </summary>
public abstract record Distribution
{
    /// <summary>True when <paramref name="internalValue"/> is a value this distribution can produce.</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>The value handed to the objective for an internal value (double, int or the choice's text).</summary>
    public abstract object ToExternal(double internalValue);

    /// <summary>A one-line JSON description, read back by <see cref="FromJson"/> (the storage's distribution column).</summary>
    public abstract string ToJson();

    /// <summary>
    /// Reads a distribution written by <see cref="ToJson"/>.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a description; the message says what is wrong.</exception>
    public static Distribution FromJson(string json)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException e) { throw new FormatException($"distribution: not JSON ({e.Message}): '{json}'", e); }
        if (node is not JsonObject o || o["type"]?.GetValue<string>() is not string type)
            throw new FormatException($"distribution: expected an object with a \"type\": '{json}'");
        try
        {
            return type switch
            {
                "float" => new FloatDistribution(o["low"]!.GetValue<double>(), o["high"]!.GetValue<double>(), o["log"]!.GetValue<bool>(),
                    o["step"] is JsonNode s ? s.GetValue<double>() : null),
                "int" => new IntDistribution(o["low"]!.GetValue<int>(), o["high"]!.GetValue<int>(), o["log"]!.GetValue<bool>(), o["step"]!.GetValue<int>()),
                "categorical" => new CategoricalDistribution(o["choices"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray()),
                _ => throw new FormatException($"distribution: unknown type '{type}' (expected float, int or categorical)"),
            };
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"distribution: missing or invalid field in '{json}' ({e.Message})", e);
        }
    }

    /// <summary>Formats a double so that it reads back bit-exactly.</summary>
    private protected static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
