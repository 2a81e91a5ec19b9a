namespace Glassbox.Data.Frame;

/// <summary>A float64 column; NaN marks a missing value (pandas <c>float64</c> with <c>NaN</c>).</summary>
public sealed class NumericColumn : Column
{
    private readonly double[] values;

    /// <summary>Wraps a copy of <paramref name="values"/>.</summary>
    public NumericColumn(string name, IEnumerable<double> values) : base(name) => this.values = values.ToArray();

    private NumericColumn(string name, double[] values, bool noCopy) : base(name) => this.values = values;

    internal static NumericColumn Own(string name, double[] values) => new(name, values, noCopy: true);

    /// <inheritdoc/>
    public override int Length => values.Length;
    /// <inheritdoc/>
    public override ColumnKind Kind => ColumnKind.Numeric;
    /// <summary>The value at <paramref name="row"/> (NaN when missing).</summary>
    public double this[int row] => values[row];
    /// <summary>The values (read-only view).</summary>
    public ReadOnlySpan<double> Values => values;
    /// <inheritdoc/>
    public override bool IsMissing(int row) => double.IsNaN(values[row]);
    /// <inheritdoc/>
    public override object? GetValue(int row) => values[row];
    /// <inheritdoc/>
    public override Column Take(IReadOnlyList<int> rows) => Own(Name, rows.Select(r => values[r]).ToArray());
    /// <inheritdoc/>
    public override Column Rename(string name) => Own(name, values);

    /// <summary>Missing values replaced by <paramref name="fill"/> (<c>fillna</c>).</summary>
    public NumericColumn FillMissing(double fill) => Own(Name, values.Select(v => double.IsNaN(v) ? fill : v).ToArray());

    /// <summary>The non-missing values.</summary>
    public double[] Present() => values.Where(v => !double.IsNaN(v)).ToArray();

    /// <summary>Median of the non-missing values (NaN when none), as <c>Series.median()</c>.</summary>
    public double Median() => MedianOf(Present());

    /// <summary>Median of <paramref name="v"/> (mean of the two middle values for an even count); NaN when empty.</summary>
    public static double MedianOf(IEnumerable<double> v)
    {
        var s = v.Order().ToArray();
        if (s.Length == 0) return double.NaN;
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
