namespace Glassbox.ML;

/// <summary>
/// The contract every classical model follows (scikit-learn's <c>BaseEstimator</c>): hyperparameters are
/// constructor arguments exposed as read-only properties, <see cref="Fit(Tensor, Tensor?)"/> learns from data and returns the
/// estimator, and <see cref="Clone"/> builds an unfitted copy with some hyperparameters replaced — which is
/// all that cross-validation and grid search need.
/// </summary>
public interface IEstimator
{
    /// <summary>Learns from X [n_samples, n_features] and, for supervised models, targets y [n_samples]; returns this estimator.</summary>
    IEstimator Fit(Tensor x, Tensor? y = null);

    /// <summary>Fit with a weight per sample (sklearn's <c>sample_weight</c>); null is the unweighted fit. Throws
    /// <see cref="NotSupportedException"/> unless <see cref="SupportsSampleWeight"/>.</summary>
    IEstimator Fit(Tensor x, Tensor? y, Tensor? sampleWeight);

    /// <summary>True when Fit accepts sample weights.</summary>
    bool SupportsSampleWeight { get; }

    /// <summary>The hyperparameters by PascalCase name (<c>get_params(deep=False)</c>).</summary>
    IReadOnlyDictionary<string, object?> GetParams();

    /// <summary>
    /// An unfitted copy with the same hyperparameters, except those in <paramref name="with"/> (names are
    /// case-insensitive, so sklearn's <c>"alpha"</c> works too) — <c>sklearn.base.clone(est).set_params(**with)</c>.
    /// </summary>
    IEstimator Clone(IReadOnlyDictionary<string, object?>? with = null);

    /// <summary>True once <see cref="Fit(Tensor, Tensor?)"/> has run.</summary>
    bool IsFitted { get; }

    /// <summary>Writes hyperparameters and learned tensors to a JSON file (atomically).</summary>
    void Save(string path);
}
