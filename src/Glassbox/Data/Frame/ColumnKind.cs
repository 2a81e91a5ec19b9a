namespace Glassbox.Data.Frame;

/// <summary>The logical type of a <see cref="Column"/> (pandas dtypes float64 / category / object / boolean).</summary>
public enum ColumnKind
{
    /// <summary>float64 values; NaN marks a missing value (<see cref="NumericColumn"/>).</summary>
    Numeric,
    /// <summary>Strings from a small set of levels; null marks a missing value (<see cref="CategoricalColumn"/>).</summary>
    Categorical,
    /// <summary>Free text (mostly distinct strings); null marks a missing value (<see cref="TextColumn"/>).</summary>
    Text,
    /// <summary>true/false; null marks a missing value (<see cref="BooleanColumn"/>).</summary>
    Boolean,
}
