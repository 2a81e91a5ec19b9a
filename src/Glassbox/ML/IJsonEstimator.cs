using System.Text.Json.Nodes;

namespace Glassbox.ML;

/// <summary>What <see cref="ModelFile"/> needs from an estimator besides <see cref="IEstimator"/>.</summary>
internal interface IJsonEstimator
{
    JsonObject ToJson();

    /// <summary>n_features_in of a fitted estimator (0 before Fit), without the not-fitted check.</summary>
    int FeaturesIn { get; }

    /// <summary>The hyperparameter range checks of Fit, run on a freshly loaded estimator before its state is restored.</summary>
    void CheckLoadedParams();

    /// <summary>Restores learned state read from a file at <paramref name="field"/>; throws <see cref="ModelFormatException"/> on bad state.</summary>
    void RestoreState(JsonObject state, string field, int depth);
}
