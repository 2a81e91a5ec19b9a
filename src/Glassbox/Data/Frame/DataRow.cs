namespace Glassbox.Data.Frame;

/// <summary>Read access to one row of a <see cref="DataFrame"/> by column name (for computed columns and filters).</summary>
public readonly struct DataRow
{
    private readonly DataFrame frame;

    internal DataRow(DataFrame frame, int index) { this.frame = frame; Index = index; }

    /// <summary>The row's position in the frame.</summary>
    public int Index { get; }

    /// <summary>A numeric (or boolean as 0/1) value; NaN when missing.</summary>
    public double Number(string column) => frame[column] switch
    {
        NumericColumn n => n[Index],
        BooleanColumn b => b[Index] is bool v ? (v ? 1 : 0) : double.NaN,
        var c => throw new InvalidCastException($"DataRow.Number: column '{column}' is {c.Kind}"),
    };

    /// <summary>A string value (categorical/text; numbers formatted); null when missing.</summary>
    public string? Text(string column) => frame[column] is StringColumn s ? s[Index] : frame[column].IsMissing(Index) ? null : frame[column].Format(Index);

    /// <summary>True when the value is missing.</summary>
    public bool IsMissing(string column) => frame[column].IsMissing(Index);
}
