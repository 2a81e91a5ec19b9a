namespace Glassbox.RL;

/// <summary>
/// One <c>env.step(action)</c>: the next observation, the reward, and the two end flags of Gymnasium's API.
/// </summary>
/// <param name="Observation">The observation after the action.</param>
/// <param name="Reward">The reward for the transition (double, as Gymnasium's Python floats).</param>
/// <param name="Terminated">The MDP reached a terminal state: do not bootstrap from <paramref name="Observation"/>.</param>
/// <param name="Truncated">The episode was cut short (a time limit): the state is not terminal, so value-based methods
/// should still bootstrap from it. Both can be true on the same step.</param>
/// <param name="Info">Extra diagnostics (<see cref="EnvInfo.Empty"/> when there are none).</param>
public readonly record struct StepResult<TObs>(TObs Observation, double Reward, bool Terminated, bool Truncated, EnvInfo Info)
{
    /// <summary>The episode is over (terminated or truncated): the next call must be a reset.</summary>
    public bool Done => Terminated || Truncated;
}
