namespace Glassbox.ML.Isotonic;

/// <summary>What <see cref="IsotonicRegression.Predict"/> returns for x outside the training range
/// (scikit-learn's <c>out_of_bounds</c>).</summary>
public enum IsotonicOutOfBounds
{
    /// <summary>NaN (<c>"nan"</c>, sklearn's default).</summary>
    Nan,

    /// <summary>The value at the nearest end of the range (<c>"clip"</c>): x is clipped to [X_min, X_max] first.</summary>
    Clip,

    /// <summary>An <see cref="ArgumentException"/> naming the value (<c>"raise"</c>).</summary>
    Raise,
}
