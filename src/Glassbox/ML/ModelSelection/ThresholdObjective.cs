using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Glassbox.ML.Options;

namespace Glassbox.ML.ModelSelection;

/// <summary>
/// What <see cref="TunedThresholdClassifierCV"/> maximises over the decision threshold (scikit-learn 1.5's
/// <c>scoring</c> of <c>TunedThresholdClassifierCV</c>): a function of the binary confusion counts (TP, FP, TN, FN)
/// that the labels at one threshold produce on a validation fold.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="BalancedAccuracy"/> (sklearn's default <c>"balanced_accuracy"</c>): (TP/(TP+FN) + TN/(TN+FP)) / 2, the mean
/// recall of the two classes — unlike accuracy it does not reward predicting the majority class everywhere.
/// <see cref="F1"/> (<c>"f1"</c>): 2TP / (2TP + FP + FN), 0 when there is no positive at all (sklearn's
/// <c>zero_division</c> result).
/// </para>
/// <para>
/// <see cref="Cost"/>: minus the mean cost per row, −(c_TN·TN + c_FP·FP + c_FN·FN + c_TP·TP) / n — the cost-matrix
/// objective sklearn's cost-sensitive example builds with <c>make_scorer</c> on <c>confusion_matrix</c> (it sums a gain
/// matrix; the mean per row has the same maximiser on equal-sized folds and reads as "cost per decision").
/// </para>
/// <para>
/// <see cref="PrecisionAtRecall"/>: precision TP/(TP+FP) where recall TP/(TP+FN) ≥ r, else recall − 1. sklearn has no
/// built-in scorer for the constraint (its example writes a custom one); the value below the constraint is chosen to be
/// negative — so any feasible threshold beats every infeasible one — and to grow with recall, so that the search still
/// moves toward feasibility when no tested threshold reaches r.
/// </para>
/// </remarks>
public sealed record ThresholdObjective : ISklearnOption<ThresholdObjective>
{
    private enum Kind { BalancedAccuracy, F1, Cost, PrecisionAtRecall }

    private readonly Kind kind;
    private readonly double[] values;

    private ThresholdObjective(Kind kind, double[] values) => (this.kind, this.values) = (kind, values);

    /// <summary>Mean recall of the two classes (<c>"balanced_accuracy"</c>, the default).</summary>
    public static ThresholdObjective BalancedAccuracy { get; } = new(Kind.BalancedAccuracy, []);

    /// <summary>F1 of the positive class (<c>"f1"</c>).</summary>
    public static ThresholdObjective F1 { get; } = new(Kind.F1, []);

    /// <summary>Minus the mean cost per row of a 2×2 cost matrix indexed [true, predicted] (negative, positive).</summary>
    /// <param name="trueNegative">Cost of a true negative.</param>
    /// <param name="falsePositive">Cost of a false positive (a negative flagged).</param>
    /// <param name="falseNegative">Cost of a false negative (a positive missed).</param>
    /// <param name="truePositive">Cost of a true positive (negative for a gain).</param>
    public static ThresholdObjective Cost(double trueNegative, double falsePositive, double falseNegative, double truePositive) =>
        new(Kind.Cost, [trueNegative, falsePositive, falseNegative, truePositive]);

    /// <summary>Precision subject to recall ≥ <paramref name="minRecall"/> (in [0, 1]).</summary>
    public static ThresholdObjective PrecisionAtRecall(double minRecall) => new(Kind.PrecisionAtRecall, [minRecall]);

    /// <summary>True when the parameters are usable: finite costs, a minimum recall in [0, 1].</summary>
    public bool IsValid => kind switch
    {
        Kind.Cost => values.Length == 4 && values.All(double.IsFinite),
        Kind.PrecisionAtRecall => values.Length == 1 && values[0] >= 0 && values[0] <= 1,
        _ => true,
    };

    /// <summary>The allowed values, for error messages.</summary>
    public const string Allowed = "BalancedAccuracy, F1, Cost(four finite costs) or PrecisionAtRecall(r in [0, 1])";

    /// <summary>The objective of the confusion counts (larger is better).</summary>
    public double Score(double tp, double fp, double tn, double fn)
    {
        double pos = tp + fn, neg = tn + fp;
        switch (kind)
        {
            case Kind.BalancedAccuracy:
            {
                // sklearn averages the recalls of the classes present in y_true
                double sum = 0; int present = 0;
                if (pos > 0) { sum += tp / pos; present++; }
                if (neg > 0) { sum += tn / neg; present++; }
                return present == 0 ? 0 : sum / present;
            }
            case Kind.F1:
                return 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 0;
            case Kind.Cost:
            {
                double n = pos + neg;
                return n > 0 ? -(values[0] * tn + values[1] * fp + values[2] * fn + values[3] * tp) / n : 0;
            }
            default:
            {
                double recall = pos > 0 ? tp / pos : 0;
                if (recall < values[0]) return recall - 1;
                return tp + fp > 0 ? tp / (tp + fp) : 0;
            }
        }
    }

    /// <inheritdoc/>
    public JsonNode ToJson() => kind switch
    {
        Kind.BalancedAccuracy => JsonValue.Create("balanced_accuracy"),
        Kind.F1 => JsonValue.Create("f1"),
        Kind.Cost => new JsonObject { ["cost"] = new JsonArray(values.Select(v => (JsonNode?)ModelFile.DoubleToJson(v)).ToArray()) },
        _ => new JsonObject { ["precision_at_recall"] = ModelFile.DoubleToJson(values[0]) },
    };

    /// <inheritdoc/>
    public static ThresholdObjective FromJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.GetValueKind() == JsonValueKind.String)
            return node.GetValue<string>() switch
            {
                "balanced_accuracy" => BalancedAccuracy,
                "f1" => F1,
                var s => throw new ArgumentException($"scoring: '{s}' is not \"balanced_accuracy\" or \"f1\""),
            };
        if (node is JsonObject o && o.Count == 1 && o["cost"] is JsonArray a && a.Count == 4)
            return new(Kind.Cost, a.Select((v, i) => ModelJsonReader.ReadDouble(v, $"cost[{i}]")).ToArray());
        if (node is JsonObject p && p.Count == 1 && p.ContainsKey("precision_at_recall"))
            return new(Kind.PrecisionAtRecall, [ModelJsonReader.ReadDouble(p["precision_at_recall"], "precision_at_recall")]);
        throw new ArgumentException("scoring: expected \"balanced_accuracy\", \"f1\", {\"cost\": [tn, fp, fn, tp]} or {\"precision_at_recall\": r}");
    }

    /// <inheritdoc/>
    public bool Equals(ThresholdObjective? other) => other is not null && kind == other.kind && values.SequenceEqual(other.values);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(kind, values.Length == 0 ? 0 : values[0]);

    /// <summary>scikit-learn's spelling: <c>balanced_accuracy</c>, <c>f1</c>, <c>cost[tn, fp, fn, tp]</c>, <c>precision_at_recall(r)</c>.</summary>
    public override string ToString() => kind switch
    {
        Kind.BalancedAccuracy => "balanced_accuracy",
        Kind.F1 => "f1",
        Kind.Cost => "cost[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]",
        _ => $"precision_at_recall({values[0].ToString("R", CultureInfo.InvariantCulture)})",
    };
}
