namespace Glassbox.RL;

/// <summary>One outcome of a state-action pair in an <see cref="IDiscreteModel"/>.</summary>
/// <param name="Probability">Its probability.</param>
/// <param name="NextState">The state it leads to.</param>
/// <param name="Reward">The reward received on the way.</param>
/// <param name="Terminated">Whether <paramref name="NextState"/> is terminal (no value beyond it).</param>
public readonly record struct Transition(double Probability, int NextState, double Reward, bool Terminated);
