namespace Glassbox.RL.Spaces;

/// <summary>
/// The observation of a goal-conditioned environment (Gymnasium Robotics' dict with keys <c>observation</c>,
/// <c>achieved_goal</c>, <c>desired_goal</c>): the state, the goal the state currently achieves, and the goal asked for.
/// HER relabels a stored transition by replacing <see cref="DesiredGoal"/> with a goal achieved later.
/// </summary>
public readonly record struct GoalObservation(float[] Observation, float[] AchievedGoal, float[] DesiredGoal)
{
    /// <summary>Observation then desired goal, concatenated: the usual input of a goal-conditioned network.</summary>
    public float[] Flatten() => [.. Observation, .. DesiredGoal];
}
