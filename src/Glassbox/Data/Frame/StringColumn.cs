namespace Glassbox.Data.Frame;

/// <summary>Shared storage of <see cref="CategoricalColumn"/> and <see cref="TextColumn"/>: strings, null when missing.</summary>
public abstract class StringColumn : Column
{
    private protected readonly string?[] values;

    private protected StringColumn(string name, string?[] values) : base(name) => this.values = values;

    /// <inheritdoc/>
    public override int Length => values.Length;
    /// <summary>The value at <paramref name="row"/> (null when missing).</summary>
    public string? this[int row] => values[row];
    /// <summary>The values (read-only view).</summary>
    public ReadOnlySpan<string?> Values => values;
    /// <inheritdoc/>
    public override bool IsMissing(int row) => values[row] is null;
    /// <inheritdoc/>
    public override object? GetValue(int row) => values[row];

    /// <summary>Distinct non-missing values in ordinal order (what an encoder learns as categories).</summary>
    public string[] Levels() => values.Where(v => v is not null).Distinct().Order(StringComparer.Ordinal).ToArray()!;
}

/// <summary>A categorical column: strings from a small set of levels (pandas <c>category</c>); null when missing.</summary>
public sealed class CategoricalColumn : StringColumn
{
    /// <summary>Wraps a copy of <paramref name="values"/>.</summary>
    public CategoricalColumn(string name, IEnumerable<string?> values) : base(name, values.ToArray()) { }
    /// <inheritdoc/>
    public override ColumnKind Kind => ColumnKind.Categorical;
    /// <inheritdoc/>
    public override Column Take(IReadOnlyList<int> rows) => new CategoricalColumn(Name, rows.Select(r => values[r]));
    /// <inheritdoc/>
    public override Column Rename(string name) => new CategoricalColumn(name, values);
    /// <summary>Missing values replaced by <paramref name="fill"/> (<c>fillna</c>).</summary>
    public CategoricalColumn FillMissing(string fill) => new(Name, values.Select(v => v ?? fill));
}

/// <summary>A free-text column (pandas <c>object</c> of mostly distinct strings, e.g. names); null when missing.</summary>
public sealed class TextColumn : StringColumn
{
    /// <summary>Wraps a copy of <paramref name="values"/>.</summary>
    public TextColumn(string name, IEnumerable<string?> values) : base(name, values.ToArray()) { }
    /// <inheritdoc/>
    public override ColumnKind Kind => ColumnKind.Text;
    /// <inheritdoc/>
    public override Column Take(IReadOnlyList<int> rows) => new TextColumn(Name, rows.Select(r => values[r]));
    /// <inheritdoc/>
    public override Column Rename(string name) => new TextColumn(name, values);
}
