namespace Glassbox.ML.Manifold;

/// <summary>Where <see cref="TSNE"/> starts its embedding (scikit-learn's <c>init</c>).</summary>
public enum TsneInit
{
    /// <summary>The randomized-PCA projection, scaled so the first coordinate has standard deviation 1e-4.</summary>
    Pca,

    /// <summary>Independent 1e-4·N(0, 1) coordinates.</summary>
    Random,
}
