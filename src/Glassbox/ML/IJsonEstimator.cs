using System.Text.Json.Nodes;

namespace Glassbox.ML;

/// <summary>What <see cref="ModelFile"/> needs from an estimator besides <see cref="IEstimator"/>.</summary>
internal interface IJsonEstimator
{
    JsonObject ToJson();
    void RestoreState(JsonObject? state);
}
