namespace Glassbox.Data.Frame;

public sealed partial class DataFrame
{
    /// <summary>
    /// Counts of each distinct present value of a column, most frequent first, ties by value in ordinal order
    /// (<c>Series.value_counts()</c>; missing values are not counted, as with <c>dropna=True</c>).
    /// </summary>
    public IReadOnlyList<(string Value, int Count)> ValueCounts(string column)
    {
        var c = this[column];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < c.Length; i++)
        {
            if (c.IsMissing(i)) continue;
            var k = c.Format(i);
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }
        return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList();
    }

    /// <summary>
    /// Summary statistics of the numeric columns (<c>describe()</c>): one row per statistic — count, mean, std
    /// (ddof = 1), min, 25%, 50%, 75%, max — plus a "missing" row; quantiles interpolate linearly like pandas.
    /// </summary>
    public DataFrame Describe()
    {
        string[] stats = ["count", "missing", "mean", "std", "min", "25%", "50%", "75%", "max"];
        var cols = new List<Column> { new CategoricalColumn("statistic", stats) };
        foreach (var c in columns.OfType<NumericColumn>())
        {
            var v = c.Present().Order().ToArray();
            double mean = v.Length == 0 ? double.NaN : v.Average();
            double std = v.Length < 2 ? double.NaN : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
            cols.Add(NumericColumn.Own(c.Name, [v.Length, c.Length - v.Length, mean, std,
                Quantile(v, 0), Quantile(v, 0.25), Quantile(v, 0.5), Quantile(v, 0.75), Quantile(v, 1)]));
        }
        return new DataFrame(cols);
    }

    /// <summary>Linear-interpolation quantile of sorted values (numpy's default method); NaN when empty.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
