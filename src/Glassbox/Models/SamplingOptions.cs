namespace Glassbox.Models;

/// <summary>
/// How <see cref="GPTSampler"/> turns next-token logits into a token. Applied in this order to each row of logits ℓ:
/// <list type="number">
/// <item><b>Temperature</b> τ: ℓ/τ. τ &lt; 1 sharpens the distribution towards its mode, τ &gt; 1 flattens it;
/// τ = 0 means greedy decoding (always the arg-max, lowest id on a tie).</item>
/// <item><b>Top-k</b>: only the k largest logits stay; the rest become −∞ (logits equal to the k-th largest all stay,
/// as in nanoGPT, which compares against the k-th value).</item>
/// <item><b>Top-p</b> (nucleus; Holtzman et al., 2020): of the softmax probabilities sorted in decreasing order, keep the
/// shortest prefix whose sum reaches p (at least one token), renormalised.</item>
/// </list>
/// Then one token is drawn from the remaining distribution with one uniform draw from the sampler's generator.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Divides the logits; 0 selects greedy decoding. Default 1 (the model's own distribution).</summary>
    public double Temperature { get; init; } = 1.0;
    /// <summary>Keep only this many most likely tokens; null keeps all.</summary>
    public int? TopK { get; init; }
    /// <summary>Keep the smallest set of most likely tokens whose probability reaches this value, in (0, 1]; null keeps all.</summary>
    public double? TopP { get; init; }

    /// <summary>Greedy decoding: the arg-max token every step.</summary>
    public static SamplingOptions Greedy { get; } = new() { Temperature = 0 };

    /// <summary>Throws naming the setting out of range.</summary>
    public void Validate()
    {
        if (!(Temperature >= 0) || double.IsInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), $"SamplingOptions: temperature must be finite and >= 0, got {Temperature}");
        if (TopK is { } k && k <= 0)
            throw new ArgumentOutOfRangeException(nameof(TopK), $"SamplingOptions: top_k must be positive, got {k}");
        if (TopP is { } p && !(p > 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(TopP), $"SamplingOptions: top_p must be in (0, 1], got {p}");
    }
}
