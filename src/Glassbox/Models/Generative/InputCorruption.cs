namespace Glassbox.Models.Generative;

/// <summary>The kind of noise a denoising autoencoder corrupts its input with.</summary>
public enum CorruptionKind
{
    /// <summary>No corruption: a plain autoencoder.</summary>
    None,
    /// <summary>Masking noise (Vincent et al. 2008): each input is set to 0 with probability <see cref="InputCorruption.Level"/>.</summary>
    Masking,
    /// <summary>Additive isotropic Gaussian noise with standard deviation <see cref="InputCorruption.Level"/>.</summary>
    Gaussian,
}

/// <summary>
/// How a denoising autoencoder corrupts its input during training: the network sees x̃ ~ C(x̃|x) and is trained to
/// reconstruct the clean x, so it cannot learn the identity and must capture the data's structure instead.
/// </summary>
/// <param name="Kind">The noise kind.</param>
/// <param name="Level">Masking probability in [0, 1) or the Gaussian standard deviation (≥ 0).</param>
public sealed record InputCorruption(CorruptionKind Kind, double Level)
{
    /// <summary>No corruption.</summary>
    public static InputCorruption None { get; } = new(CorruptionKind.None, 0);

    /// <summary>Returns a corrupted copy of <paramref name="x"/> drawn from <paramref name="generator"/> (x itself for <see cref="CorruptionKind.None"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is outside its kind's range.</exception>
    public Tensor Apply(Tensor x, Generator? generator = null)
    {
        switch (Kind)
        {
            case CorruptionKind.None: return x;
            case CorruptionKind.Masking:
                if (!(Level >= 0 && Level < 1)) throw new ArgumentOutOfRangeException(nameof(Level), $"InputCorruption: a masking probability must be in [0, 1), got {Level}");
                return x * Tensor.Bernoulli(Tensor.Full(x.ShapeToArray(), 1 - Level, x.DType), generator);
            case CorruptionKind.Gaussian:
                if (!(Level >= 0)) throw new ArgumentOutOfRangeException(nameof(Level), $"InputCorruption: a noise standard deviation must be non-negative, got {Level}");
                return x + Tensor.Randn(x.ShapeToArray(), x.DType, generator) * Level;
            default: throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "InputCorruption: unknown kind");
        }
    }
}
