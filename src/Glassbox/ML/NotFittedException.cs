namespace Glassbox.ML;

/// <summary>
/// Thrown when a learned attribute or a prediction method is used before <c>Fit</c>
/// (scikit-learn's <c>sklearn.exceptions.NotFittedError</c>).
/// </summary>
public sealed class NotFittedException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="estimator"/>'s <paramref name="member"/>.</summary>
    public NotFittedException(string estimator, string member)
        : base($"This {estimator} instance is not fitted yet: call Fit with appropriate arguments before using {member}.")
    {
        Estimator = estimator;
        Member = member;
    }

    /// <summary>The estimator's type name.</summary>
    public string Estimator { get; }

    /// <summary>The attribute or method that was used too early.</summary>
    public string Member { get; }
}
