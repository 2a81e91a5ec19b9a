namespace Glassbox.Models.Generative;

/// <summary>The observation model p(x|z) of a <see cref="VariationalAutoencoder"/>'s decoder.</summary>
public enum VaeLikelihood
{
    /// <summary>Independent Bernoulli pixels; the decoder outputs logits and log p(x|z) = −Σ BCEWithLogits (binary or [0, 1] data).</summary>
    Bernoulli,
    /// <summary>Gaussian with the decoder output as the mean and a fixed variance σ² given at construction.</summary>
    GaussianFixedVariance,
    /// <summary>Gaussian with the decoder output as the mean and a learned per-feature log-variance parameter (<c>decoder_log_var</c>).</summary>
    GaussianLearnedVariance,
}
