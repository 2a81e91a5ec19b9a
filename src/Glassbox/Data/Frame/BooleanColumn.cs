namespace Glassbox.Data.Frame;

/// <summary>A true/false column (pandas nullable <c>boolean</c>); null when missing.</summary>
public sealed class BooleanColumn : Column
{
    private readonly bool?[] values;

    /// <summary>Wraps a copy of <paramref name="values"/>.</summary>
    public BooleanColumn(string name, IEnumerable<bool?> values) : base(name) => this.values = values.ToArray();

    /// <inheritdoc/>
    public override int Length => values.Length;
    /// <inheritdoc/>
    public override ColumnKind Kind => ColumnKind.Boolean;
    /// <summary>The value at <paramref name="row"/> (null when missing).</summary>
    public bool? this[int row] => values[row];
    /// <inheritdoc/>
    public override bool IsMissing(int row) => values[row] is null;
    /// <inheritdoc/>
    public override object? GetValue(int row) => values[row];
    /// <inheritdoc/>
    public override Column Take(IReadOnlyList<int> rows) => new BooleanColumn(Name, rows.Select(r => values[r]));
    /// <inheritdoc/>
    public override Column Rename(string name) => new BooleanColumn(name, values);
}
