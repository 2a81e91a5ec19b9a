namespace Glassbox.Data.Frame;

public sealed partial class DataFrame
{
    /// <summary>
    /// Counts of each distinct present value of a column, most frequent first, ties in order of first appearance
    /// (<c>Series.value_counts()</c>, whose ties come out in that order too; missing values are not counted, as with
    /// <c>dropna=True</c>).
    /// </summary>
    public IReadOnlyList<(string Value, int Count)> ValueCounts(string column)
    {
        var c = this[column];
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        for (int i = 0; i < c.Length; i++)
        {
            if (c.IsMissing(i)) continue;
            var k = c.Format(i);
            counts[k] = counts.TryGetValue(k, out var e) ? (e.Count + 1, e.First) : (1, i);
        }
        return counts.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.First).Select(kv => (kv.Key, kv.Value.Count)).ToList();
    }

    /// <summary>
    /// The distinct values of a column with their counts as a frame (<c>Series.value_counts(normalize, dropna)</c>):
    /// the column (same name and kind) and <c>count</c> — or <c>proportion</c>, the share of the counted rows, when
    /// <paramref name="normalize"/> is set — most frequent first, ties in order of first appearance. With
    /// <paramref name="dropMissing"/> false the missing values form one more entry (a missing value in the first
    /// column), placed by its count and first appearance like any other.
    /// </summary>
    public DataFrame ValueCounts(string column, bool normalize, bool dropMissing = true)
    {
        var c = this[column];
        var first = new Dictionary<RowKey, int>();
        var counts = new Dictionary<RowKey, int>();
        var one = new[] { c };
        int counted = 0;
        for (int i = 0; i < c.Length; i++)
        {
            if (dropMissing && c.IsMissing(i)) continue;
            var k = RowKey.Of(one, i);
            first.TryAdd(k, i);
            counts[k] = counts.GetValueOrDefault(k) + 1;
            counted++;
        }
        var order = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => first[kv.Key]).ToList();
        return new DataFrame([
            c.Take(order.Select(kv => first[kv.Key]).ToArray()),
            NumericColumn.Own(normalize ? "proportion" : "count", order.Select(kv => normalize ? (double)kv.Value / counted : kv.Value).ToArray()),
        ]);
    }

    /// <summary>
    /// Summary of the string and boolean columns, one row per column (pandas'
    /// <c>describe(include=["object", "category", "bool"]).T</c>, transposed so each statistic keeps its type):
    /// <c>column</c>, <c>count</c> (present values), <c>unique</c> (distinct present values), <c>top</c> (the most
    /// frequent value, the first to appear on a tie, as pandas picks it; missing when the column is empty),
    /// <c>freq</c> (its count).
    /// </summary>
    public DataFrame DescribeCategorical()
    {
        var names = new List<string?>();
        var count = new List<double>();
        var unique = new List<double>();
        var top = new List<string?>();
        var freq = new List<double>();
        foreach (var c in columns.Where(c => c is not NumericColumn))
        {
            var vc = ValueCounts(c.Name);
            names.Add(c.Name);
            count.Add(c.Length - c.MissingCount);
            unique.Add(vc.Count);
            top.Add(vc.Count > 0 ? vc[0].Value : null);
            freq.Add(vc.Count > 0 ? vc[0].Count : double.NaN);
        }
        return new DataFrame([
            new TextColumn("column", names), NumericColumn.Own("count", [.. count]), NumericColumn.Own("unique", [.. unique]),
            new TextColumn("top", top), NumericColumn.Own("freq", [.. freq]),
        ]);
    }

    /// <summary>
    /// Summary statistics of the numeric columns (<c>describe()</c>): one row per statistic — count, mean, std
    /// (ddof = 1), min, 25%, 50%, 75%, max — plus a "missing" row pandas lacks (<c>isna().sum()</c>); quantiles
    /// interpolate linearly like pandas (position q·(n − 1) between the sorted present values). Boolean and string
    /// columns are summarised by <see cref="DescribeCategorical"/>.
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
