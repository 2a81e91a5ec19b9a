namespace Glassbox.Data.Frame;

public sealed partial class DataFrame
{
    /// <summary>
    /// A database-style join on equal values of the key columns <paramref name="on"/>
    /// (<c>pd.merge(left, right, how, on, suffixes)</c>). Each left row is paired with every right row whose keys are
    /// equal, so one-to-one, many-to-one and many-to-many joins all follow from the same rule (a key appearing m
    /// times on the left and n times on the right yields m × n rows). Output columns: the keys once (from whichever
    /// side has the row), then the left's other columns, then the right's; a non-key name present on both sides gets
    /// <paramref name="leftSuffix"/> / <paramref name="rightSuffix"/>. A row with no partner has missing values
    /// (NaN / null) in the other side's columns.
    /// </summary>
    /// <remarks>
    /// Missing keys: as pandas (and unlike SQL, where NULL never equals NULL), a missing key matches a missing key.
    /// Row order (pandas 1.5 with <c>sort=False</c>): left keeps the left frame's row order, each row followed by its
    /// partners in right order; right keeps the right frame's order, partners in left order; inner and outer group the
    /// left rows by key, keys in order of first appearance on the left, and outer then appends the right rows that
    /// found no partner (grouped by key the same way).
    /// </remarks>
    /// <exception cref="ArgumentException">No keys, a key missing from a side, keys of incompatible kinds (number vs string), or suffixes that still clash.</exception>
    public DataFrame Merge(DataFrame right, JoinKind how, string[] on, string leftSuffix = "_x", string rightSuffix = "_y")
    {
        ArgumentNullException.ThrowIfNull(right);
        if (on.Length == 0) throw new ArgumentException("DataFrame.Merge: give at least one key column");
        foreach (var k in on)
        {
            if (!Contains(k)) throw new ArgumentException($"DataFrame.Merge: the left frame has no key column '{k}'");
            if (!right.Contains(k)) throw new ArgumentException($"DataFrame.Merge: the right frame has no key column '{k}'");
            ColumnOps.Unify("DataFrame.Merge", k, [KeyKind(this[k]), KeyKind(right[k])]);
        }
        var lk = on.Select(k => this[k]).ToArray();
        var rk = on.Select(k => right[k]).ToArray();
        var rightRows = new Dictionary<RowKey, List<int>>();
        for (int j = 0; j < right.RowCount; j++)
        {
            var key = RowKey.Of(rk, j);
            if (!rightRows.TryGetValue(key, out var list)) rightRows[key] = list = [];
            list.Add(j);
        }
        var li = new List<int>();
        var ri = new List<int>();
        if (how == JoinKind.Right)
        {
            var leftRows = new Dictionary<RowKey, List<int>>();
            for (int i = 0; i < RowCount; i++)
            {
                var key = RowKey.Of(lk, i);
                if (!leftRows.TryGetValue(key, out var list)) leftRows[key] = list = [];
                list.Add(i);
            }
            for (int j = 0; j < right.RowCount; j++)
            {
                if (leftRows.TryGetValue(RowKey.Of(rk, j), out var ls)) foreach (var i in ls) { li.Add(i); ri.Add(j); }
                else { li.Add(-1); ri.Add(j); }
            }
        }
        else
        {
            // left: rows in order; inner and outer: left rows grouped by key, keys in order of first appearance on the left (pandas 1.5's
            // order for sort=False); outer then adds the right-only rows, grouped the same way in right order
            var matched = new bool[right.RowCount];
            foreach (var i in how == JoinKind.Left ? Enumerable.Range(0, RowCount) : GroupedOrder(lk, RowCount))
            {
                if (rightRows.TryGetValue(RowKey.Of(lk, i), out var rs))
                    foreach (var j in rs) { li.Add(i); ri.Add(j); matched[j] = true; }
                else if (how != JoinKind.Inner) { li.Add(i); ri.Add(-1); }
            }
            if (how == JoinKind.Outer)
                foreach (var j in GroupedOrder(rk, right.RowCount))
                    if (!matched[j]) { li.Add(-1); ri.Add(j); }
        }

        var cols = new List<Column>();
        foreach (var k in on)
        {
            Column l = this[k], r = right[k];
            var kind = ColumnOps.Unify("DataFrame.Merge", k, [l.Kind, r.Kind]);
            var values = new object?[li.Count];
            for (int t = 0; t < values.Length; t++) values[t] = li[t] >= 0 ? RowKey.Part(l, li[t]) : RowKey.Part(r, ri[t]);
            cols.Add(ColumnOps.FromValues(k, kind, values));
        }
        var rightNames = right.ColumnNames.Where(n => !on.Contains(n)).ToHashSet();
        var leftNames = ColumnNames.Where(n => !on.Contains(n)).ToHashSet();
        foreach (var c in columns.Where(c => !on.Contains(c.Name)))
            cols.Add(ColumnOps.TakeOrMissing(c, li, rightNames.Contains(c.Name) ? c.Name + leftSuffix : c.Name));
        foreach (var c in right.columns.Where(c => !on.Contains(c.Name)))
            cols.Add(ColumnOps.TakeOrMissing(c, ri, leftNames.Contains(c.Name) ? c.Name + rightSuffix : c.Name));
        var dup = cols.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new ArgumentException($"DataFrame.Merge: column '{dup.Key}' would appear twice after adding the suffixes '{leftSuffix}'/'{rightSuffix}'; choose other suffixes");
        return new DataFrame(cols);
    }

    /// <summary>As <see cref="Merge(DataFrame, JoinKind, string[], string, string)"/> with one key column.</summary>
    public DataFrame Merge(DataFrame right, JoinKind how, string on, string leftSuffix = "_x", string rightSuffix = "_y") =>
        Merge(right, how, [on], leftSuffix, rightSuffix);

    /// <summary>Row indices ordered by the first appearance of their key, rows of one key in row order.</summary>
    private static IEnumerable<int> GroupedOrder(Column[] keys, int rows)
    {
        var groups = new Dictionary<RowKey, List<int>>();
        var order = new List<List<int>>();
        for (int i = 0; i < rows; i++)
        {
            var key = RowKey.Of(keys, i);
            if (!groups.TryGetValue(key, out var list)) { groups[key] = list = []; order.Add(list); }
            list.Add(i);
        }
        return order.SelectMany(l => l);
    }

    /// <summary>Key kinds that may be matched with each other: categorical and text are both strings.</summary>
    private static ColumnKind KeyKind(Column c) => c.Kind == ColumnKind.Text ? ColumnKind.Categorical : c.Kind;
}
