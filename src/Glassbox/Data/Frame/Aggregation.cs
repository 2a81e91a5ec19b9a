namespace Glassbox.Data.Frame;

/// <summary>
/// A per-group reduction of <see cref="GroupedFrame.Aggregate(AggregationSpec[])"/> and
/// <see cref="DataFrame.PivotTable"/>, named as pandas' <c>agg</c> strings. Every one skips missing values
/// (pandas' <c>skipna=True</c>); booleans count as 0/1 in the arithmetic ones.
/// </summary>
public enum Aggregation
{
    /// <summary><c>"count"</c>: the number of present (non-missing) values.</summary>
    Count,
    /// <summary><c>"sum"</c>: the sum of present values; 0 for a group with none (pandas' <c>min_count=0</c>).</summary>
    Sum,
    /// <summary><c>"mean"</c>: the mean of present values; NaN when there are none.</summary>
    Mean,
    /// <summary><c>"min"</c>: the smallest present value (strings in ordinal order); missing when there are none. Keeps the column's kind.</summary>
    Min,
    /// <summary><c>"max"</c>: the largest present value; missing when there are none. Keeps the column's kind.</summary>
    Max,
    /// <summary><c>"std"</c>: the sample standard deviation (ddof = 1, as pandas); NaN with fewer than two present values.</summary>
    Std,
    /// <summary><c>"median"</c>: the middle present value (mean of the two middle ones for an even count); NaN when none.</summary>
    Median,
    /// <summary><c>"nunique"</c>: the number of distinct present values.</summary>
    NUnique,
    /// <summary><c>"first"</c>: the first present value in row order (pandas' <c>GroupBy.first</c> skips missing values too); keeps the kind.</summary>
    First,
}

/// <summary>
/// One output column of a group-by: <paramref name="Function"/> applied to <paramref name="Column"/>, named
/// <paramref name="As"/> (pandas' named aggregation <c>agg(As=(Column, "function"))</c>). Without a name the output is
/// called after the column when the column is aggregated once, else <c>column_function</c> (e.g. <c>Age_mean</c>).
/// </summary>
public readonly record struct AggregationSpec(string Column, Aggregation Function, string? As = null);
