namespace Glassbox.ML.Neighbors;

/// <summary>How the nearest neighbours are found (scikit-learn's <c>algorithm</c>). The answer is the same either way
/// (ties between equal distances go to the lower training index); only the time differs.</summary>
public enum NeighborAlgorithm
{
    /// <summary>A KD-tree in low dimension (≤ 15 features, ≥ 64 samples) where it prunes well, brute force otherwise
    /// (<c>"auto"</c>).</summary>
    Auto,

    /// <summary>Every distance to every training row (<c>"brute"</c>): O(n·p) per query.</summary>
    Brute,

    /// <summary>A KD-tree with LeafSize points per leaf (<c>"kd_tree"</c>): about O(log n) per query in low dimension.</summary>
    KdTree,
}
