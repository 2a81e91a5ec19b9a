namespace Glassbox.Serving;

/// <summary>
/// A loaded model the server can run: its <see cref="Schema"/> and a prediction over a block of samples. The two
/// kinds are <see cref="EstimatorModel"/> (classical estimators from their JSON model files) and
/// <see cref="NetworkModel"/> (a network from a safetensors checkpoint plus its <see cref="NetworkDescription"/>).
/// </summary>
/// <remarks>
/// The server calls <see cref="Predict"/> from one thread at a time (the batching worker), so implementations need not
/// be thread-safe; code that shares a model with the server must not predict on it concurrently.
/// </remarks>
public abstract class ServedModel
{
    /// <summary>What the model takes and returns.</summary>
    public abstract ModelSchema Schema { get; }

    /// <summary>
    /// Predicts <paramref name="rows"/> samples given row-major in <paramref name="values"/> (rows × the sample size,
    /// float64; NaN marks a missing value where <see cref="ModelSchema.AllowsMissing"/>). The result is what the
    /// in-process API returns for the same tensor, converted to float64.
    /// </summary>
    /// <exception cref="ArgumentException">The model rejects the input (the message names the problem).</exception>
    public abstract PredictionBatch Predict(double[] values, int rows);
}
