using Glassbox.RL.Seeding;
using Glassbox.RL.Spaces;

namespace Glassbox.RL;

/// <summary>
/// An environment with Gymnasium's API: <see cref="Reset"/> starts an episode, <see cref="Step"/> advances it.
/// </summary>
/// <remarks>
/// <para>Seeding follows Gymnasium: <c>Reset(seed)</c> with a seed replaces <see cref="NpRandom"/> by
/// <c>numpy.random.default_rng(seed)</c>; <c>Reset()</c> keeps the current generator, so consecutive episodes after
/// one seeded reset continue one stream. Every random choice the environment makes comes from that generator.</para>
/// <para>Errors: a negative seed throws <see cref="ArgumentOutOfRangeException"/>; an action outside
/// <see cref="ActionSpace"/> throws <see cref="ArgumentException"/>; stepping before the first reset or after the
/// episode ended throws <see cref="InvalidOperationException"/>. Each message names the environment and the value.</para>
/// </remarks>
/// <typeparam name="TObs">Observation type: <c>float[]</c> (float32 Box), <c>int</c> (Discrete), ...</typeparam>
/// <typeparam name="TAct">Action type: <c>int</c> (Discrete) or <c>float[]</c> (Box).</typeparam>
public interface IEnv<TObs, TAct>
{
    /// <summary>The registered id, e.g. <c>CartPole-v1</c>.</summary>
    string Id { get; }

    /// <summary>The set observations belong to.</summary>
    Space<TObs> ObservationSpace { get; }

    /// <summary>The set of valid actions.</summary>
    Space<TAct> ActionSpace { get; }

    /// <summary>Starts an episode; a non-null <paramref name="seed"/> (≥ 0) first reseeds <see cref="NpRandom"/>.</summary>
    ResetResult<TObs> Reset(long? seed = null);

    /// <summary>Applies <paramref name="action"/> and returns the transition.</summary>
    StepResult<TObs> Step(TAct action);

    /// <summary>The environment's generator (Gymnasium's <c>env.np_random</c>).</summary>
    NumpyGenerator NpRandom { get; }
}
