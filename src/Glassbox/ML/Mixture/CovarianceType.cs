namespace Glassbox.ML.Mixture;

/// <summary>The shape of each mixture component's covariance (scikit-learn's <c>covariance_type</c>); the number of
/// free covariance parameters for k components in d dimensions is given with each member.</summary>
public enum CovarianceType
{
    /// <summary>A general d×d matrix per component: k·d(d+1)/2 parameters.</summary>
    Full,

    /// <summary>One d×d matrix shared by all components: d(d+1)/2 parameters.</summary>
    Tied,

    /// <summary>A diagonal (one variance per feature) per component: k·d parameters.</summary>
    Diag,

    /// <summary>One variance per component, σ²·I: k parameters.</summary>
    Spherical,
}
