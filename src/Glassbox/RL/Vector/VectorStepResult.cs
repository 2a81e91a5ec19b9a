namespace Glassbox.RL.Vector;

/// <summary>One vector step: entry i belongs to sub-environment i (see <see cref="IVectorEnv{TObs, TAct}"/> for the
/// autoreset rule that decides what an entry after an episode end holds).</summary>
public readonly record struct VectorStepResult<TObs>(TObs[] Observations, double[] Rewards, bool[] Terminated, bool[] Truncated, EnvInfo[] Infos);
