namespace Glassbox.RL.Algorithms;

/// <summary>One finished training episode.</summary>
/// <param name="Step">Total environment steps taken (over all parallel environments) when it ended.</param>
/// <param name="Env">Index of the environment that played it.</param>
/// <param name="Return">Undiscounted sum of the environment's own rewards (before any reward normalisation).</param>
/// <param name="Length">Steps in the episode.</param>
public readonly record struct EpisodeRecord(long Step, int Env, double Return, int Length);
