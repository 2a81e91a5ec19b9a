namespace Glassbox.Tuning;

/// <summary>
/// Draws every parameter independently and uniformly (Optuna's <c>RandomSampler</c>): uniform on [low, high] for a
/// float, uniform on ln x for a log-scale one, uniform over the grid points for a stepped float or an integer (an
/// integer on a log scale: uniform on ln x over [low − ½, high + ½], rounded, so every integer gets the share of the
/// log range nearest to it), uniform over the choices of a categorical.
/// </summary>
/// <remarks>The generator is <see cref="System.Random"/> seeded with <see cref="Seed"/> (a fixed algorithm for a given
/// seed), behind a lock: thread-safe, and with one thread the same seed gives the same values.</remarks>
public sealed class RandomSampler : ISampler
{
    private readonly Random rng;
    private readonly object gate = new();

    /// <summary>Creates the sampler; null seed draws one from the system.</summary>
    public RandomSampler(int? seed = null)
    {
        Seed = seed;
        rng = seed is int s ? new Random(s) : new Random();
    }

    /// <summary>The seed, or null when drawn from the system.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
    {
        lock (gate) return Draw(rng, distribution);
    }

    /// <summary>One uniform draw from <paramref name="distribution"/> (internal representation) with <paramref name="random"/>.</summary>
    internal static double Draw(Random random, Distribution distribution)
    {
        switch (distribution)
        {
            case FloatDistribution f when f.Step is double step:
                return Math.Min(f.High, f.Low + random.NextInt64((long)Math.Round((f.High - f.Low) / step) + 1) * step);
            case FloatDistribution f when f.Log:
                return Math.Clamp(Math.Exp(Math.Log(f.Low) + random.NextDouble() * (Math.Log(f.High) - Math.Log(f.Low))), f.Low, f.High);
            case FloatDistribution f:
                return Math.Min(f.High, f.Low + random.NextDouble() * (f.High - f.Low));
            case IntDistribution i when i.Log:
                {
                    double lo = Math.Log(i.Low - 0.5), hi = Math.Log(i.High + 0.5);
                    return Math.Clamp(Math.Round(Math.Exp(lo + random.NextDouble() * (hi - lo))), i.Low, i.High);
                }
            case IntDistribution i:
                return i.Low + random.NextInt64(((long)i.High - i.Low) / i.Step + 1) * i.Step;
            case CategoricalDistribution c:
                return random.Next(c.Choices.Count);
            default:
                throw new ArgumentException($"RandomSampler: unsupported distribution {distribution.GetType().Name}");
        }
    }
}
