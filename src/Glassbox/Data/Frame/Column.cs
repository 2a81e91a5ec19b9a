namespace Glassbox.Data.Frame;

/// <summary>
/// One named, typed column of a <see cref="DataFrame"/> (a pandas <c>Series</c>). Columns are immutable: every
/// operation returns a new column, so frames can share them safely.
/// </summary>
public abstract class Column
{
    /// <summary>Creates a column with the given name.</summary>
    protected Column(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The column's name (header).</summary>
    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Length { get; }

    /// <summary>The logical type.</summary>
    public abstract ColumnKind Kind { get; }

    /// <summary>True when row <paramref name="row"/> holds no value (NaN / null).</summary>
    public abstract bool IsMissing(int row);

    /// <summary>The value boxed: double (NaN when missing), string or bool? (null when missing).</summary>
    public abstract object? GetValue(int row);

    /// <summary>The rows at <paramref name="rows"/>, in that order (pandas <c>take</c>/<c>iloc</c>).</summary>
    public abstract Column Take(IReadOnlyList<int> rows);

    /// <summary>The same data under another name.</summary>
    public abstract Column Rename(string name);

    /// <summary>Count of missing values (<c>isna().sum()</c>).</summary>
    public int MissingCount
    {
        get
        {
            int c = 0;
            for (int i = 0; i < Length; i++) if (IsMissing(i)) c++;
            return c;
        }
    }

    /// <summary>The value as text for display and CSV output ("" when missing).</summary>
    public virtual string Format(int row) => GetValue(row) switch
    {
        null => "",
        double d => double.IsNaN(d) ? "" : d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        var v => v.ToString() ?? "",
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Kind}[{Length}]";
}
