namespace Glassbox.Data.Frame;

/// <summary>Row gathering with holes, and the kind rules for stacking columns, shared by merge, concat and pivot.</summary>
internal static class ColumnOps
{
    /// <summary>
    /// The rows of <paramref name="c"/> at <paramref name="rows"/>, where a negative index yields a missing value
    /// (what a join's unmatched side or a concat's absent column becomes: NaN for numbers, null otherwise).
    /// </summary>
    public static Column TakeOrMissing(Column c, IReadOnlyList<int> rows, string? name = null)
    {
        name ??= c.Name;
        switch (c)
        {
            case NumericColumn n:
                {
                    var v = new double[rows.Count];
                    for (int i = 0; i < v.Length; i++) v[i] = rows[i] < 0 ? double.NaN : n[rows[i]];
                    return NumericColumn.Own(name, v);
                }
            case BooleanColumn b:
                return new BooleanColumn(name, rows.Select(r => r < 0 ? null : b[r]));
            case CategoricalColumn s:
                return new CategoricalColumn(name, rows.Select(r => r < 0 ? null : s[r]));
            case TextColumn t:
                return new TextColumn(name, rows.Select(r => r < 0 ? null : t[r]));
            default:
                throw new NotSupportedException($"column '{c.Name}' of type {c.GetType().Name}");
        }
    }

    /// <summary>
    /// The kind a column gets when columns of <paramref name="kinds"/> are stacked: all equal → that kind;
    /// categorical with text → text (the wider string kind); anything else (a number beside a string) is an error,
    /// where pandas would silently fall back to an untyped <c>object</c> column.
    /// </summary>
    public static ColumnKind Unify(string op, string name, IEnumerable<ColumnKind> kinds)
    {
        var set = kinds.Distinct().ToList();
        if (set.Count == 1) return set[0];
        if (set.All(k => k is ColumnKind.Categorical or ColumnKind.Text)) return ColumnKind.Text;
        throw new ArgumentException($"{op}: column '{name}' is {string.Join(" in one frame and ", set)} in another; convert one side first");
    }

    /// <summary>Builds a column of <paramref name="kind"/> from boxed values (double / string / bool?; null or NaN = missing).</summary>
    public static Column FromValues(string name, ColumnKind kind, IReadOnlyList<object?> values) => kind switch
    {
        ColumnKind.Numeric => NumericColumn.Own(name, values.Select(v => v is double d ? d : double.NaN).ToArray()),
        ColumnKind.Boolean => new BooleanColumn(name, values.Select(v => v as bool?)),
        ColumnKind.Categorical => new CategoricalColumn(name, values.Select(v => v as string)),
        _ => new TextColumn(name, values.Select(v => v as string)),
    };
}
