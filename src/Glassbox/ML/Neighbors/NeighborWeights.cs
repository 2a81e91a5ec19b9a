namespace Glassbox.ML.Neighbors;

/// <summary>How the k neighbours of a query are weighted in the vote or average (scikit-learn's <c>weights</c>).</summary>
public enum NeighborWeights
{
    /// <summary>Every neighbour counts 1 (<c>"uniform"</c>).</summary>
    Uniform,

    /// <summary>Neighbour i counts 1/dᵢ (<c>"distance"</c>); a query with exact matches (d = 0) uses only those, each
    /// with weight 1, rather than dividing by zero.</summary>
    Distance,
}
