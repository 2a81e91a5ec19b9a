namespace Glassbox.RL.Vector;

/// <summary>The reset of every sub-environment: observation i and info i belong to sub-environment i.</summary>
public readonly record struct VectorResetResult<TObs>(TObs[] Observations, EnvInfo[] Infos);
