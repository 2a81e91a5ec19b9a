namespace Glassbox.ML.Preprocessing;

/// <summary>What <see cref="ColumnTransformer"/> does with the columns no transformer names (scikit-learn's
/// <c>remainder</c>).</summary>
public enum Remainder
{
    /// <summary>They are left out of the output.</summary>
    Drop,

    /// <summary>They are appended unchanged (as the same float64 matrix a transformer would get), in frame order.</summary>
    Passthrough,
}
