namespace Glassbox.Data.Frame;

/// <summary>
/// The rows of a <see cref="DataFrame"/> split by the values of key columns (pandas' <c>DataFrameGroupBy</c> with
/// the defaults <c>sort=True, dropna=True, as_index=False</c>): groups are ordered by key (numbers numerically,
/// strings ordinally, booleans false first), a row with a missing key belongs to no group, and results are
/// ordinary frames whose first columns are the keys.
/// </summary>
public sealed class GroupedFrame
{
    private readonly DataFrame frame;
    private readonly string[] keys;
    private readonly List<int[]> groups; // row indices of each group in row order, groups in key order

    internal GroupedFrame(DataFrame frame, string[] keys)
    {
        if (keys.Length == 0) throw new ArgumentException("DataFrame.GroupBy: give at least one key column");
        this.frame = frame;
        this.keys = keys;
        var keyCols = keys.Select(k => frame[k]).ToArray();
        var byKey = new Dictionary<RowKey, List<int>>();
        for (int i = 0; i < frame.RowCount; i++)
        {
            var key = RowKey.Of(keyCols, i);
            if (key.HasMissing) continue;
            if (!byKey.TryGetValue(key, out var rows)) byKey[key] = rows = [];
            rows.Add(i);
        }
        groups = byKey.OrderBy(kv => kv.Key).Select(kv => kv.Value.ToArray()).ToList();
    }

    /// <summary>The key column names.</summary>
    public IReadOnlyList<string> Keys => keys;

    /// <summary>Number of groups (<c>ngroups</c>).</summary>
    public int Count => groups.Count;

    /// <summary>Row indices (into the source frame) of each group, groups in key order (<c>indices</c>).</summary>
    public IReadOnlyList<IReadOnlyList<int>> Indices => groups;

    /// <summary>The key columns, one row per group.</summary>
    public DataFrame KeyFrame() => frame.Select(keys).Take(groups.Select(g => g[0]).ToArray());

    /// <summary>The keys and the number of rows in each group, missing values included (<c>size()</c>), as column <c>size</c>.</summary>
    public DataFrame Size() => KeyFrame().With(NumericColumn.Own("size", groups.Select(g => (double)g.Length).ToArray()));

    /// <summary>
    /// The keys followed by one column per <paramref name="specs"/> entry (<c>groupby(keys, as_index=False).agg(...)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An arithmetic aggregation of a string column, or an output name used twice.</exception>
    public DataFrame Aggregate(params AggregationSpec[] specs)
    {
        var result = KeyFrame();
        foreach (var s in specs)
        {
            var name = s.As ?? (specs.Count(o => o.Column == s.Column) == 1 ? s.Column : $"{s.Column}_{s.Function.ToString().ToLowerInvariant()}");
            if (result.Contains(name)) throw new ArgumentException($"GroupBy.Aggregate: output column '{name}' would appear twice; name it with AggregationSpec.As");
            result = result.With(AggregateColumn(frame[s.Column], s.Function, name));
        }
        return result;
    }

    /// <summary>One aggregation of each listed column, outputs named after the columns (<c>groupby(keys)[columns].mean()</c> etc.).</summary>
    public DataFrame Reduce(Aggregation function, params string[] columns) =>
        Aggregate(columns.Select(c => new AggregationSpec(c, function)).ToArray());

    internal Column AggregateColumn(Column c, Aggregation f, string name)
    {
        switch (f)
        {
            case Aggregation.Count:
                return NumericColumn.Own(name, groups.Select(g => (double)g.Count(r => !c.IsMissing(r))).ToArray());
            case Aggregation.NUnique:
                return NumericColumn.Own(name, groups.Select(g =>
                    (double)g.Where(r => !c.IsMissing(r)).Select(r => RowKey.Part(c, r)).Distinct().Count()).ToArray());
            case Aggregation.First:
                return ColumnOps.TakeOrMissing(c, groups.Select(g => g.FirstOrDefault(r => !c.IsMissing(r), -1)).ToArray(), name);
            case Aggregation.Min:
            case Aggregation.Max:
                {
                    int sign = f == Aggregation.Min ? 1 : -1;
                    var pick = groups.Select(g =>
                    {
                        int best = -1;
                        foreach (var r in g)
                            if (!c.IsMissing(r) && (best < 0 || sign * RowKey.ComparePart(RowKey.Part(c, r), RowKey.Part(c, best)) < 0)) best = r;
                        return best;
                    }).ToArray();
                    return ColumnOps.TakeOrMissing(c, pick, name);
                }
        }
        if (c is not (NumericColumn or BooleanColumn))
            throw new ArgumentException($"GroupBy.Aggregate: {f} needs numbers but column '{c.Name}' is {c.Kind}; use Count, NUnique, First, Min or Max");
        return NumericColumn.Own(name, groups.Select(g =>
        {
            var v = g.Select(r => AsNumber(c, r)).Where(x => !double.IsNaN(x)).ToArray();
            return Reduce(v, f);
        }).ToArray());
    }

    private static double AsNumber(Column c, int r) => c switch
    {
        NumericColumn n => n[r],
        BooleanColumn b => b[r] is bool v ? (v ? 1 : 0) : double.NaN,
        _ => double.NaN,
    };

    /// <summary>An arithmetic aggregation of present values (see <see cref="Aggregation"/> for the empty cases).</summary>
    internal static double Reduce(double[] v, Aggregation f)
    {
        switch (f)
        {
            case Aggregation.Sum: return v.Sum();
            case Aggregation.Mean: return v.Length == 0 ? double.NaN : v.Sum() / v.Length;
            case Aggregation.Median: return NumericColumn.MedianOf(v);
            case Aggregation.Std:
                {
                    if (v.Length < 2) return double.NaN;
                    double m = v.Sum() / v.Length, ss = 0;
                    foreach (var x in v) ss += (x - m) * (x - m);
                    return Math.Sqrt(ss / (v.Length - 1));
                }
            default: throw new ArgumentOutOfRangeException(nameof(f), f, "not an arithmetic aggregation");
        }
    }
}
