namespace Glassbox.NN;

/// <summary>
/// How a loss combines its per-element values (PyTorch's <c>reduction</c> argument). Member names are PyTorch's
/// strings in PascalCase; <see cref="Reductions.TorchName"/> gives the string back for messages and fixtures.
/// </summary>
public enum Reduction
{
    /// <summary>No reduction: the per-element losses, shaped like the input (<c>"none"</c>).</summary>
    None,

    /// <summary>The mean over elements; for class-weighted losses the weighted mean Σℓᵢ / Σ w_{tᵢ} (<c>"mean"</c>).</summary>
    Mean,

    /// <summary>The sum over elements (<c>"sum"</c>).</summary>
    Sum,

    /// <summary><see cref="KLDivLoss"/> only: the sum divided by the batch size, the true KL per sample (<c>"batchmean"</c>).</summary>
    BatchMean,
}

/// <summary>PyTorch's spelling of <see cref="Reduction"/> values.</summary>
public static class Reductions
{
    /// <summary>"none", "mean", "sum" or "batchmean".</summary>
    public static string TorchName(this Reduction r) => r switch
    {
        Reduction.None => "none",
        Reduction.Mean => "mean",
        Reduction.Sum => "sum",
        Reduction.BatchMean => "batchmean",
        _ => ((int)r).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The value PyTorch spells <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the
    /// four names otherwise.</summary>
    public static Reduction Parse(string name) => name switch
    {
        "none" => Reduction.None,
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "batchmean" => Reduction.BatchMean,
        _ => throw new ArgumentException($"reduction: '{name}' is not one of 'none', 'mean', 'sum', 'batchmean'", nameof(name)),
    };
}
