namespace Glassbox.Data.Frame;

public sealed partial class DataFrame
{
    /// <summary>
    /// Splits the rows by the values of <paramref name="keys"/> (<c>df.groupby(keys, as_index=False)</c>); rows with a
    /// missing key are left out (<c>dropna=True</c>) and groups come in key order (<c>sort=True</c>).
    /// </summary>
    public GroupedFrame GroupBy(params string[] keys)
    {
        foreach (var k in keys) _ = this[k];
        return new GroupedFrame(this, keys);
    }

    /// <summary>
    /// A spreadsheet-style pivot (<c>pd.pivot_table(df, index, columns, values, aggfunc, fill_value)</c>): one row per
    /// value of <paramref name="index"/>, one column per value of <paramref name="columns"/> (named by the value's
    /// text, in key order), each cell <paramref name="aggregation"/> of <paramref name="values"/> over the rows with
    /// that pair. As in pandas (<c>dropna=True</c>): rows with a missing index or columns key are left out, a cell
    /// whose aggregate is missing counts as empty, index values and columns with no non-empty cell are dropped, and
    /// empty cells hold <paramref name="fillValue"/> (default: missing).
    /// </summary>
    /// <exception cref="ArgumentException">A fill value for a non-numeric result, or a column value whose text is the index column's name.</exception>
    public DataFrame PivotTable(string index, string columns, string values, Aggregation aggregation = Aggregation.Mean, double? fillValue = null)
    {
        var g = GroupBy(index, columns);
        var cells = g.AggregateColumn(this[values], aggregation, values);
        var present = Enumerable.Range(0, g.Count).Where(i => !cells.IsMissing(i)).ToArray();
        return Spread("PivotTable", g, cells, present, index, columns, fillValue);
    }

    /// <summary>
    /// Reshapes without aggregating (<c>df.pivot(index, columns, values)</c>): each (index, columns) pair must occur
    /// at most once; the cells keep the values' kind and a pair that does not occur is missing. Rows with a missing
    /// index or columns key are left out (pandas would make NaN a label).
    /// </summary>
    /// <exception cref="ArgumentException">A pair that occurs twice (pandas: "Index contains duplicate entries").</exception>
    public DataFrame Pivot(string index, string columns, string values)
    {
        var g = GroupBy(index, columns);
        for (int i = 0; i < g.Count; i++)
            if (g.Indices[i].Count > 1)
            {
                var r = g.Indices[i][0];
                throw new ArgumentException($"DataFrame.Pivot: the pair ({index}={this[index].Format(r)}, {columns}={this[columns].Format(r)}) occurs {g.Indices[i].Count} times; use PivotTable to aggregate");
            }
        var cells = ColumnOps.TakeOrMissing(this[values], g.Indices.Select(rows => rows[0]).ToArray());
        return Spread("Pivot", g, cells, Enumerable.Range(0, g.Count).ToArray(), index, columns, null);
    }

    /// <summary>Lays out per-group cells (groups of (index, columns) keys in key order) as an index × columns table.</summary>
    private DataFrame Spread(string op, GroupedFrame g, Column cells, int[] present, string index, string columns, double? fill)
    {
        if (fill is not null && cells is not NumericColumn)
            throw new ArgumentException($"DataFrame.{op}: a fill value needs a numeric result but the cells are {cells.Kind}");
        var keys = g.KeyFrame();
        Column ik = keys[index], ck = keys[columns];
        // groups are sorted by (index, columns), so distinct values come out in key order after a sort of each part
        var rowKeys = present.Select(i => RowKey.Part(ik, i)).Distinct().Order(Comparer<object?>.Create(RowKey.ComparePart)).ToList();
        var colKeys = present.Select(i => RowKey.Part(ck, i)).Distinct().Order(Comparer<object?>.Create(RowKey.ComparePart)).ToList();
        var rowOf = rowKeys.Select((k, i) => (k, i)).ToDictionary(t => t.k!, t => t.i);
        var colOf = colKeys.Select((k, i) => (k, i)).ToDictionary(t => t.k!, t => t.i);
        var grid = new int[colKeys.Count][];
        for (int c = 0; c < grid.Length; c++) Array.Fill(grid[c] = new int[rowKeys.Count], -1);
        var firstOfRow = new int[rowKeys.Count];
        foreach (var i in present)
        {
            int r = rowOf[RowKey.Part(ik, i)!], c = colOf[RowKey.Part(ck, i)!];
            grid[c][r] = i;
            firstOfRow[r] = i;
        }
        var result = new List<Column> { ik.Take(firstOfRow) };
        for (int c = 0; c < colKeys.Count; c++)
        {
            var name = ck.Format(Array.Find(grid[c], i => i >= 0));
            if (name == index) throw new ArgumentException($"DataFrame.{op}: the value '{name}' of column '{columns}' clashes with the index column's name");
            var col = ColumnOps.TakeOrMissing(cells, grid[c], name);
            if (fill is double f) col = ((NumericColumn)col).FillMissing(f);
            result.Add(col);
        }
        return new DataFrame(result);
    }
}
