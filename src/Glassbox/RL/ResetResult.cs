namespace Glassbox.RL;

/// <summary>One <c>env.reset(seed=...)</c>: the first observation of an episode and its info.</summary>
public readonly record struct ResetResult<TObs>(TObs Observation, EnvInfo Info);
