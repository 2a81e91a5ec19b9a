using System.Text;

namespace Glassbox.Data.Frame;

/// <summary>
/// A small typed table (a pandas <c>DataFrame</c> without an index): an ordered set of equally long, immutably
/// shared <see cref="Column"/>s. Every operation returns a new frame.
/// </summary>
public sealed partial class DataFrame
{
    private readonly List<Column> columns;
    private readonly Dictionary<string, int> byName;

    /// <summary>A frame over the given columns (names unique, lengths equal).</summary>
    public DataFrame(IEnumerable<Column> columns)
    {
        this.columns = columns.ToList();
        byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < this.columns.Count; i++)
        {
            var c = this.columns[i];
            if (!byName.TryAdd(c.Name, i)) throw new ArgumentException($"DataFrame: duplicate column name '{c.Name}'");
            if (c.Length != this.columns[0].Length)
                throw new ArgumentException($"DataFrame: column '{c.Name}' has {c.Length} rows but '{this.columns[0].Name}' has {this.columns[0].Length}");
        }
    }

    /// <summary>Number of rows (<c>len(df)</c>).</summary>
    public int RowCount => columns.Count == 0 ? 0 : columns[0].Length;

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<Column> Columns => columns;

    /// <summary>Column names in order (<c>df.columns</c>).</summary>
    public IReadOnlyList<string> ColumnNames => columns.Select(c => c.Name).ToList();

    /// <summary>True when a column of that name exists.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>The column called <paramref name="name"/> (<c>df[name]</c>).</summary>
    public Column this[string name] => byName.TryGetValue(name, out var i) ? columns[i]
        : throw new KeyNotFoundException($"DataFrame: no column '{name}'; columns are {string.Join(", ", columns.Select(c => c.Name))}");

    /// <summary>The numeric column <paramref name="name"/> (throws naming its kind otherwise).</summary>
    public NumericColumn Numeric(string name) => this[name] as NumericColumn
        ?? throw new InvalidCastException($"DataFrame: column '{name}' is {this[name].Kind}, not Numeric");

    /// <summary>The categorical or text column <paramref name="name"/>.</summary>
    public StringColumn Strings(string name) => this[name] as StringColumn
        ?? throw new InvalidCastException($"DataFrame: column '{name}' is {this[name].Kind}, not Categorical/Text");

    /// <summary>The listed columns in the listed order (<c>df[[...]]</c>).</summary>
    public DataFrame Select(params string[] names) => new(names.Select(n => this[n]));

    /// <summary>All columns except the listed ones (<c>df.drop(columns=...)</c>).</summary>
    public DataFrame Drop(params string[] names)
    {
        foreach (var n in names) _ = this[n];
        return new(columns.Where(c => !names.Contains(c.Name)));
    }

    /// <summary>Adds <paramref name="column"/>, or replaces the column of the same name in place (<c>df[name] = ...</c>).</summary>
    public DataFrame With(Column column)
    {
        if (RowCount != column.Length && columns.Count > 0)
            throw new ArgumentException($"DataFrame.With: column '{column.Name}' has {column.Length} rows, the frame has {RowCount}");
        var list = columns.ToList();
        if (byName.TryGetValue(column.Name, out var i)) list[i] = column; else list.Add(column);
        return new(list);
    }

    /// <summary>Adds or replaces a numeric column computed from each row (<c>df.assign(name=lambda r: ...)</c>).</summary>
    public DataFrame WithNumeric(string name, Func<DataRow, double> f) =>
        With(NumericColumn.Own(name, Enumerable.Range(0, RowCount).Select(i => f(new DataRow(this, i))).ToArray()));

    /// <summary>Adds or replaces a categorical column computed from each row.</summary>
    public DataFrame WithCategorical(string name, Func<DataRow, string?> f) =>
        With(new CategoricalColumn(name, Enumerable.Range(0, RowCount).Select(i => f(new DataRow(this, i)))));

    /// <summary>The rows at <paramref name="rows"/> in that order (<c>df.iloc[rows]</c>).</summary>
    public DataFrame Take(IReadOnlyList<int> rows)
    {
        foreach (var r in rows)
            if ((uint)r >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(rows), r, $"DataFrame.Take: row must be in [0, {RowCount})");
        return new(columns.Select(c => c.Take(rows)));
    }

    /// <summary>The rows for which <paramref name="keep"/> is true (<c>df[mask]</c>).</summary>
    public DataFrame Filter(Func<DataRow, bool> keep) =>
        Take(Enumerable.Range(0, RowCount).Where(i => keep(new DataRow(this, i))).ToArray());

    /// <summary>The first <paramref name="n"/> rows (<c>head</c>).</summary>
    public DataFrame Head(int n = 5) => Take(Enumerable.Range(0, Math.Min(n, RowCount)).ToArray());

    /// <summary>Row <paramref name="i"/> as an accessor.</summary>
    public DataRow Row(int i) => new(this, i);

    /// <summary>
    /// The listed columns as a float64 [rows, columns] tensor (<c>df[cols].to_numpy(dtype=float64)</c>): numeric as is
    /// (NaN stays NaN), boolean as 0/1 (missing → NaN). Categorical/text columns must be encoded first.
    /// </summary>
    public Tensor ToTensor(params string[] names)
    {
        if (names.Length == 0) names = [.. ColumnNames];
        int n = RowCount, p = names.Length;
        var data = new double[n * p];
        for (int j = 0; j < p; j++)
        {
            var c = this[names[j]];
            switch (c)
            {
                case NumericColumn nc:
                    for (int i = 0; i < n; i++) data[i * p + j] = nc[i];
                    break;
                case BooleanColumn bc:
                    for (int i = 0; i < n; i++) data[i * p + j] = bc[i] is bool b ? (b ? 1 : 0) : double.NaN;
                    break;
                default:
                    throw new InvalidCastException($"DataFrame.ToTensor: column '{c.Name}' is {c.Kind}; encode it (OneHotEncoder, TargetEncoder) before converting");
            }
        }
        return Tensor.FromArray(data, n, p);
    }

    /// <summary>A text table of the first <paramref name="maxRows"/> rows for display.</summary>
    public string ToText(int maxRows = 10)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join("\t", ColumnNames));
        for (int i = 0; i < Math.Min(maxRows, RowCount); i++)
            sb.AppendLine(string.Join("\t", columns.Select(c => c.Format(i))));
        if (RowCount > maxRows) sb.AppendLine($"... ({RowCount} rows × {columns.Count} columns)");
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => $"DataFrame[{RowCount} rows × {columns.Count} columns: {string.Join(", ", columns.Select(c => $"{c.Name}:{c.Kind}"))}]";
}
