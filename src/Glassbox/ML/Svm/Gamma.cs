using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Glassbox.ML.Options;

namespace Glassbox.ML.Svm;

/// <summary>
/// The kernel coefficient γ of <see cref="SVC"/> and <see cref="SVR"/> (scikit-learn's <c>gamma</c>): <see cref="Scale"/>,
/// <see cref="Auto"/> or a number. Used by the poly, rbf and sigmoid kernels.
/// </summary>
/// <remarks>
/// <see cref="Scale"/> is 1/(d·Var X), the variance taken over every entry of the training matrix (1 when it is 0), so
/// that γ‖x − z‖² is of order 1 whatever the units of the features; <see cref="Auto"/> is 1/d, which ignores the
/// units. A number converts implicitly (<c>gamma: 0.1</c>). Model files write the keyword or the number; files from
/// before this type stored a number as text ("0.1") and still read.
/// </remarks>
public sealed record Gamma : ISklearnOption<Gamma>
{
    private readonly string? keyword;
    private readonly double value;

    private Gamma(string? keyword, double value) => (this.keyword, this.value) = (keyword, value);

    /// <summary>γ = 1/(d·Var X), or 1 when every entry of X is equal (<c>"scale"</c>, the default).</summary>
    public static Gamma Scale { get; } = new("scale", 0);

    /// <summary>γ = 1/d (<c>"auto"</c>).</summary>
    public static Gamma Auto { get; } = new("auto", 0);

    /// <summary>γ = <paramref name="gamma"/>; ≥ 0 and finite is checked in Fit.</summary>
    public static Gamma Of(double gamma) => new(null, gamma);

    /// <summary>A number is that γ, as in scikit-learn.</summary>
    public static implicit operator Gamma(double gamma) => Of(gamma);

    /// <summary>True for a keyword, or a number that is finite and ≥ 0.</summary>
    public bool IsValid => keyword is not null || (value >= 0 && double.IsFinite(value));

    /// <summary>The allowed values, for error messages.</summary>
    public const string Allowed = "Gamma.Scale (\"scale\"), Gamma.Auto (\"auto\") or a number ≥ 0";

    /// <summary>The γ for the training matrix <paramref name="x"/> (row-major, <paramref name="d"/> features):
    /// scikit-learn's <c>_gamma</c>.</summary>
    public double Resolve(double[] x, int d)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (keyword == "auto") return 1.0 / d;
        if (keyword is null) return value;
        double mean = 0;
        foreach (var v in x) mean += v;
        mean /= x.Length;
        double var = 0;
        foreach (var v in x) var += (v - mean) * (v - mean);
        var /= x.Length;
        return var != 0 ? 1.0 / (d * var) : 1.0;
    }

    /// <inheritdoc/>
    public JsonNode ToJson() => keyword is not null ? JsonValue.Create(keyword) : ModelFile.DoubleToJson(value)!;

    /// <inheritdoc/>
    public static Gamma FromJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node.GetValueKind())
        {
            case JsonValueKind.String:
                var s = node.GetValue<string>();
                if (s == "scale") return Scale;
                if (s == "auto") return Auto;
                // the form written before Gamma was typed: the number as text
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var g)) return Of(g);
                throw new ArgumentException($"gamma: '{s}' is not \"scale\", \"auto\" or a number");
            case JsonValueKind.Number:
                return Of(node.GetValue<double>());
            default:
                throw new ArgumentException($"gamma: expected \"scale\", \"auto\" or a number, got {node.GetValueKind()}");
        }
    }

    /// <summary>scikit-learn's spelling: <c>scale</c>, <c>auto</c> or the number (<c>0.1</c>).</summary>
    public override string ToString() => keyword ?? value.ToString("R", CultureInfo.InvariantCulture);
}
