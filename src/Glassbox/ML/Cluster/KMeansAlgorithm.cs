namespace Glassbox.ML.Cluster;

/// <summary>The iteration <see cref="KMeans"/> runs (scikit-learn's <c>algorithm</c>); all give the same clustering from
/// the same initial centres, up to ties broken by rounding.</summary>
public enum KMeansAlgorithm
{
    /// <summary>Lloyd's alternation: every point–centre distance on every pass.</summary>
    Lloyd,

    /// <summary>Elkan's variant: per-point upper/lower bounds and centre–centre half distances skip the distances the
    /// triangle inequality rules out.</summary>
    Elkan,

    /// <summary>scikit-learn 1.2's deprecated alias of <see cref="Lloyd"/>.</summary>
    Auto,

    /// <summary>scikit-learn 1.2's deprecated alias of <see cref="Lloyd"/>.</summary>
    Full,
}
