using Glassbox.RL.Seeding;

namespace Glassbox.RL.Spaces;

/// <summary>
/// A set of values with a seeded sampler and a membership test (Gymnasium's <c>gymnasium.spaces.Space</c>).
/// </summary>
/// <remarks>Like Gymnasium, a space owns its own generator, separate from the environment's: sampling actions never
/// disturbs the environment's stream. Unseeded, it draws its seed from operating-system entropy on first use.</remarks>
public abstract class Space<T>
{
    private NumpyGenerator? npRandom;

    /// <summary>The space's generator (Gymnasium's <c>space.np_random</c>).</summary>
    public NumpyGenerator NpRandom => npRandom ??= NumpyGenerator.FromEntropy();

    /// <summary>Reseeds the sampler: <c>space.seed(seed)</c>, i.e. <c>default_rng(seed)</c>.</summary>
    public virtual void Seed(ulong seed) => npRandom = new NumpyGenerator(seed);

    /// <summary>A random element, drawn as Gymnasium's <c>sample()</c> draws it (see each space for exactness).</summary>
    public abstract T Sample();

    /// <summary>Whether <paramref name="value"/> is an element (right shape, within bounds).</summary>
    public abstract bool Contains(T value);
}
