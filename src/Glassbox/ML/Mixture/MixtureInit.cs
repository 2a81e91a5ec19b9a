namespace Glassbox.ML.Mixture;

/// <summary>How <see cref="GaussianMixture"/> sets its first responsibilities (scikit-learn's <c>init_params</c>).</summary>
public enum MixtureInit
{
    /// <summary>One-hot labels of a single-seeding k-means run.</summary>
    KMeans,

    /// <summary>Uniform draws per row, normalised to sum to 1.</summary>
    Random,

    /// <summary>One-hot responsibilities at k rows drawn without replacement.</summary>
    RandomFromData,
}
