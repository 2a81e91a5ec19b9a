using Glassbox.RL.Spaces;

namespace Glassbox.RL;

/// <summary>
/// A goal-conditioned environment (Gymnasium Robotics' <c>GoalEnv</c>): observations are <see cref="GoalObservation"/>s
/// and the reward depends only on the achieved and desired goals, through <see cref="ComputeReward"/>, so hindsight
/// experience replay can recompute the reward of a stored transition for a substituted goal.
/// </summary>
public interface IGoalEnv<TAct> : IEnv<GoalObservation, TAct>
{
    /// <summary>The reward the environment would give for reaching <paramref name="achievedGoal"/> when asked for
    /// <paramref name="desiredGoal"/>; <c>Step</c>'s reward is exactly this for the step's goals.</summary>
    double ComputeReward(ReadOnlySpan<float> achievedGoal, ReadOnlySpan<float> desiredGoal);

    /// <summary>Whether <paramref name="achievedGoal"/> counts as reaching <paramref name="desiredGoal"/>.</summary>
    bool IsSuccess(ReadOnlySpan<float> achievedGoal, ReadOnlySpan<float> desiredGoal);
}
