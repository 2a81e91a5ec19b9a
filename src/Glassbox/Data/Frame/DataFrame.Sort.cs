namespace Glassbox.Data.Frame;

public sealed partial class DataFrame
{
    /// <summary>
    /// The rows ordered by <paramref name="columns"/>, the first column first (<c>df.sort_values(by, ascending,
    /// kind="stable", na_position="last")</c>): numbers numerically, strings ordinally, false before true; missing
    /// values last whatever the direction; rows that tie keep their order (a stable sort, so sorting is repeatable).
    /// </summary>
    /// <param name="columns">The sort keys.</param>
    /// <param name="ascending">One direction per key, or null for all ascending.</param>
    public DataFrame SortBy(string[] columns, bool[]? ascending = null)
    {
        if (columns.Length == 0) throw new ArgumentException("DataFrame.SortBy: give at least one column");
        if (ascending is not null && ascending.Length != columns.Length)
            throw new ArgumentException($"DataFrame.SortBy: {columns.Length} columns but {ascending.Length} directions");
        var cols = columns.Select(c => this[c]).ToArray();
        var comparer = Comparer<int>.Create((a, b) =>
        {
            for (int j = 0; j < cols.Length; j++)
            {
                object? x = RowKey.Part(cols[j], a), y = RowKey.Part(cols[j], b);
                int c = RowKey.ComparePart(x, y);
                if (c == 0) continue;
                bool missing = cols[j].IsMissing(a) || cols[j].IsMissing(b);
                return ascending is null || ascending[j] || missing ? c : -c;
            }
            return 0;
        });
        return Take(Enumerable.Range(0, RowCount).OrderBy(i => i, comparer).ToArray());
    }

    /// <summary>As <see cref="SortBy(string[], bool[])"/> on one column.</summary>
    public DataFrame SortBy(string column, bool ascending = true) => SortBy([column], [ascending]);

    /// <summary>
    /// The rows of <paramref name="frames"/> one after another (<c>pd.concat(frames, ignore_index=True)</c>). Columns
    /// are the union in order of first appearance (pandas' <c>join="outer"</c>); a frame without a column contributes
    /// missing values to it. A column's kind must agree across frames (categorical beside text becomes text).
    /// </summary>
    /// <exception cref="ArgumentException">A column that is numeric in one frame and a string or boolean in another.</exception>
    public static DataFrame Concat(params DataFrame[] frames)
    {
        var names = frames.SelectMany(f => f.ColumnNames).Distinct().ToList();
        var cols = new List<Column>();
        foreach (var name in names)
        {
            var present = frames.Where(f => f.Contains(name)).Select(f => f[name]).ToList();
            var kind = ColumnOps.Unify("DataFrame.Concat", name, present.Select(c => c.Kind));
            var values = new List<object?>();
            foreach (var f in frames)
                for (int i = 0; i < f.RowCount; i++) values.Add(f.Contains(name) ? RowKey.Part(f[name], i) : null);
            cols.Add(ColumnOps.FromValues(name, kind, values));
        }
        return new DataFrame(cols);
    }
}
