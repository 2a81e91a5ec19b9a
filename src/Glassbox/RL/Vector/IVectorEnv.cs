using Glassbox.RL.Spaces;

namespace Glassbox.RL.Vector;

/// <summary>
/// <see cref="NumEnvs"/> copies of an environment stepped together (Gymnasium 1.x's <c>VectorEnv</c>), with the
/// NEXT_STEP autoreset: after a sub-environment's episode ends, its next <see cref="Step"/> resets it instead of
/// stepping, ignores its action and returns the reset observation with reward 0 and both flags false.
/// </summary>
/// <remarks>
/// So a learner sees every episode's true last observation (in the step that ended it) and must not treat the
/// autoreset step as a transition: skip it when storing (s, a, r, s') — the previous step's done flags say which.
/// </remarks>
public interface IVectorEnv<TObs, TAct>
{
    /// <summary>Number of sub-environments.</summary>
    int NumEnvs { get; }

    /// <summary>The id of the sub-environments.</summary>
    string Id { get; }

    /// <summary>The observation space of one sub-environment.</summary>
    Space<TObs> SingleObservationSpace { get; }

    /// <summary>The action space of one sub-environment.</summary>
    Space<TAct> SingleActionSpace { get; }

    /// <summary>Resets every sub-environment; with a seed, sub-environment i gets <c>seed + i</c>.</summary>
    VectorResetResult<TObs> Reset(long? seed = null);

    /// <summary>Steps (or autoresets) every sub-environment; <paramref name="actions"/> has one entry per sub-environment.</summary>
    VectorStepResult<TObs> Step(TAct[] actions);
}
