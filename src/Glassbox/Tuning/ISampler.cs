namespace Glassbox.Tuning;

/// <summary>
/// Chooses parameter values for a trial (Optuna's <c>BaseSampler.sample_independent</c>: each parameter on its own,
/// given the study's history). Implementations must be safe to call from several threads at once, and — called from
/// one thread in the same order — give the same values for the same seed.
/// </summary>
public interface ISampler
{
    /// <summary>
    /// The internal value (see <see cref="Distribution"/>) for parameter <paramref name="name"/> of the running
    /// <paramref name="trial"/>; it must lie in <paramref name="distribution"/>.
    /// </summary>
    double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution);
}
