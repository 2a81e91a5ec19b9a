using Glassbox.ML.Options;

namespace Glassbox.ML.Cluster;

/// <summary>How k-means picks its initial centres (scikit-learn's string <c>init</c>; an explicit array of centres is
/// the separate <c>initCenters</c> argument).</summary>
public enum KMeansInit
{
    /// <summary>Greedy k-means++: each new centre drawn with probability ∝ D(x)², the best of 2 + ⌊ln k⌋ local trials.</summary>
    [SklearnName("k-means++")] KMeansPlusPlus,

    /// <summary>k distinct rows drawn uniformly without replacement.</summary>
    Random,
}
