namespace Glassbox.ML.Manifold;

/// <summary>How <see cref="TSNE"/> computes P and the gradient (scikit-learn's <c>method</c>).</summary>
public enum TsneMethod
{
    /// <summary>P over the ⌊3·perplexity + 1⌋ nearest neighbours and quadtree repulsion with opening angle θ:
    /// O(N log N) per iteration, 2-D embeddings only.</summary>
    BarnesHut,

    /// <summary>Dense P and O(N²) gradients, any embedding dimension.</summary>
    Exact,
}
