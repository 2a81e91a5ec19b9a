namespace Glassbox.Data.Frame;

/// <summary>
/// The values of one row in a list of key columns, compared as pandas compares group and join keys: numbers
/// numerically, strings ordinally (Python's code-point order), false before true, and a missing value (NaN / null)
/// equal to another missing value and ordered after every present one (<c>na_position="last"</c>).
/// </summary>
internal readonly struct RowKey : IEquatable<RowKey>, IComparable<RowKey>
{
    private readonly object?[] parts;

    private RowKey(object?[] parts) => this.parts = parts;

    /// <summary>The key of <paramref name="row"/> in <paramref name="keys"/>.</summary>
    public static RowKey Of(IReadOnlyList<Column> keys, int row)
    {
        var p = new object?[keys.Count];
        for (int j = 0; j < p.Length; j++) p[j] = Part(keys[j], row);
        return new RowKey(p);
    }

    /// <summary>One key value: double (NaN when missing), string or bool, null when missing.</summary>
    public static object? Part(Column c, int row) => c switch
    {
        NumericColumn n => n[row],
        StringColumn s => s[row],
        BooleanColumn b => b[row],
        _ => c.GetValue(row),
    };

    /// <summary>True when any part is missing (pandas drops such rows from a group-by with <c>dropna=True</c>).</summary>
    public bool HasMissing
    {
        get
        {
            foreach (var p in parts) if (IsMissingPart(p)) return true;
            return false;
        }
    }

    private static bool IsMissingPart(object? p) => p is null || p is double d && double.IsNaN(d);

    /// <inheritdoc/>
    public bool Equals(RowKey other)
    {
        for (int j = 0; j < parts.Length; j++)
        {
            object? a = parts[j], b = other.parts[j];
            if (IsMissingPart(a) && IsMissingPart(b)) continue;
            if (a is null || !a.Equals(b)) return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RowKey k && Equals(k);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var p in parts) h.Add(IsMissingPart(p) ? 0 : p!.GetHashCode());
        return h.ToHashCode();
    }

    /// <inheritdoc/>
    public int CompareTo(RowKey other)
    {
        for (int j = 0; j < parts.Length; j++)
        {
            int c = ComparePart(parts[j], other.parts[j]);
            if (c != 0) return c;
        }
        return 0;
    }

    /// <summary>Orders two key values of one column: missing last, then numeric / ordinal / false-before-true.</summary>
    public static int ComparePart(object? a, object? b)
    {
        bool ma = IsMissingPart(a), mb = IsMissingPart(b);
        if (ma || mb) return ma == mb ? 0 : ma ? 1 : -1;
        return (a, b) switch
        {
            (double x, double y) => x.CompareTo(y),
            (string x, string y) => string.CompareOrdinal(x, y),
            (bool x, bool y) => x.CompareTo(y),
            _ => throw new InvalidOperationException($"cannot order a {a!.GetType().Name} key against a {b!.GetType().Name} key"),
        };
    }
}
