namespace Glassbox.RL.Spaces;

/// <summary>
/// The space of <see cref="GoalObservation"/>s: a Box for each of the three parts (Gymnasium's
/// <c>Dict(observation=…, achieved_goal=…, desired_goal=…)</c>).
/// </summary>
/// <remarks>
/// Gymnasium keeps a Dict's keys sorted, so its parts are seeded and sampled in the order achieved_goal,
/// desired_goal, observation. <see cref="Seed"/> follows <c>Dict.seed(int)</c>: the dict's generator is
/// <c>default_rng(seed)</c> and each part (in that order) is seeded with <c>integers(0, 2³¹ − 1)</c> from it.
/// </remarks>
public sealed class DictSpace : Space<GoalObservation>
{
    /// <summary>Creates the space from the three parts' boxes.</summary>
    public DictSpace(Box observation, Box achievedGoal, Box desiredGoal)
    {
        Observation = observation ?? throw new ArgumentNullException(nameof(observation));
        AchievedGoal = achievedGoal ?? throw new ArgumentNullException(nameof(achievedGoal));
        DesiredGoal = desiredGoal ?? throw new ArgumentNullException(nameof(desiredGoal));
    }

    /// <summary>The <c>observation</c> part.</summary>
    public Box Observation { get; }

    /// <summary>The <c>achieved_goal</c> part.</summary>
    public Box AchievedGoal { get; }

    /// <summary>The <c>desired_goal</c> part.</summary>
    public Box DesiredGoal { get; }

    /// <inheritdoc/>
    public override void Seed(ulong seed)
    {
        base.Seed(seed);
        AchievedGoal.Seed((ulong)NpRandom.Integers(0, int.MaxValue));
        DesiredGoal.Seed((ulong)NpRandom.Integers(0, int.MaxValue));
        Observation.Seed((ulong)NpRandom.Integers(0, int.MaxValue));
    }

    /// <inheritdoc/>
    public override GoalObservation Sample()
    {
        var achieved = AchievedGoal.Sample();
        var desired = DesiredGoal.Sample();
        return new GoalObservation(Observation.Sample(), achieved, desired);
    }

    /// <inheritdoc/>
    public override bool Contains(GoalObservation value) =>
        Observation.Contains(value.Observation) && AchievedGoal.Contains(value.AchievedGoal) && DesiredGoal.Contains(value.DesiredGoal);

    /// <inheritdoc/>
    public override string ToString() => $"Dict('achieved_goal': {AchievedGoal}, 'desired_goal': {DesiredGoal}, 'observation': {Observation})";
}
