using Glassbox.RL.Spaces;

namespace Glassbox.RL.Envs;

/// <summary>
/// A continuous goal-reaching task: a point in the square [−1, 1]² moves by <c>0.1·a</c> per step, with the
/// action a ∈ ℝ² clipped to the unit box [−1, 1]² and the position clipped to the square. The goal is reached within
/// <see cref="GoalRadius"/> (Euclidean); reward −1 per step until then, 0 on the step that reaches it, which
/// terminates. <see cref="Gym.MakePointMassGoal"/> adds a 50-step limit.
/// </summary>
/// <remarks>
/// <para>The environment for HER with DDPG/SAC: the sparse reward depends only on (achieved, desired) goal through
/// <see cref="ComputeReward"/>. Observation: <c>observation</c> and <c>achieved_goal</c> are the position,
/// <c>desired_goal</c> the goal. Reset draws the position, then the goal, each coordinate <c>uniform(−1, 1)</c>,
/// redrawing the goal while it lies within the radius of the start. The straight path needs at most
/// ⌈2√2 / 0.1⌉ = 29 steps, so 50 leaves room for a detour.</para>
/// <para>Actions: any finite 2-vector is accepted and clipped, as the task defines (a policy with exploration noise
/// may exceed the box); NaN, infinities or a wrong length are rejected. <see cref="Env{TObs, TAct}.ActionSpace"/>
/// still reports the unit box, so learners scale their outputs to it.</para>
/// </remarks>
public sealed class PointMassGoal : Env<GoalObservation, float[]>, IGoalEnv<float[]>
{
    /// <summary>The distance to the goal that counts as reaching it.</summary>
    public const double DefaultGoalRadius = 0.1;

    /// <summary>How far one step moves at full action.</summary>
    public const double StepSize = 0.1;

    private readonly double[] position = new double[2], goal = new double[2];

    /// <summary>Creates the task with the given goal radius (positive).</summary>
    public PointMassGoal(double goalRadius = DefaultGoalRadius)
    {
        if (!(goalRadius > 0)) throw new ArgumentOutOfRangeException(nameof(goalRadius), goalRadius, $"PointMassGoal: goalRadius must be positive, got {goalRadius}");
        GoalRadius = goalRadius;
    }

    /// <summary>The success radius.</summary>
    public double GoalRadius { get; }

    /// <inheritdoc/>
    public override string Id => "PointMassGoal-v0";

    /// <inheritdoc/>
    public override Space<GoalObservation> ObservationSpace { get; } =
        new DictSpace(new Box(-1f, 1f, 2), new Box(-1f, 1f, 2), new Box(-1f, 1f, 2));

    /// <inheritdoc/>
    public override Space<float[]> ActionSpace { get; } = new Box(-1f, 1f, 2);

    /// <summary>Any finite 2-vector (it is clipped).</summary>
    protected override bool AcceptsAction(float[] action) => action.Length == 2 && float.IsFinite(action[0]) && float.IsFinite(action[1]);

    /// <inheritdoc/>
    protected override ResetResult<GoalObservation> ResetCore()
    {
        position[0] = NpRandom.Uniform(-1, 1);
        position[1] = NpRandom.Uniform(-1, 1);
        do
        {
            goal[0] = NpRandom.Uniform(-1, 1);
            goal[1] = NpRandom.Uniform(-1, 1);
        } while (Distance(position[0], position[1], goal[0], goal[1]) <= GoalRadius);
        return new(Observe(), new EnvInfo { IsSuccess = false });
    }

    /// <inheritdoc/>
    protected override StepResult<GoalObservation> StepCore(float[] action)
    {
        for (int i = 0; i < 2; i++)
        {
            double a = Math.Clamp(action[i], -1f, 1f);
            position[i] = Math.Clamp(position[i] + StepSize * a, -1.0, 1.0);
        }
        var obs = Observe();
        bool success = IsSuccess(obs.AchievedGoal, obs.DesiredGoal);
        return new(obs, success ? 0.0 : -1.0, success, false, new EnvInfo { IsSuccess = success });
    }

    /// <summary>0 within <see cref="GoalRadius"/> of the desired goal, else −1.</summary>
    public double ComputeReward(ReadOnlySpan<float> achievedGoal, ReadOnlySpan<float> desiredGoal) => IsSuccess(achievedGoal, desiredGoal) ? 0.0 : -1.0;

    /// <summary>Whether the goals are within <see cref="GoalRadius"/> of each other (in the float32 values observed).</summary>
    public bool IsSuccess(ReadOnlySpan<float> achievedGoal, ReadOnlySpan<float> desiredGoal)
    {
        if (achievedGoal.Length != 2 || desiredGoal.Length != 2)
            throw new ArgumentException($"{Id}: goals must have 2 coordinates, got {achievedGoal.Length} and {desiredGoal.Length}");
        return Distance(achievedGoal[0], achievedGoal[1], desiredGoal[0], desiredGoal[1]) <= GoalRadius;
    }

    private static double Distance(double x0, double y0, double x1, double y1) => Math.Sqrt((x0 - x1) * (x0 - x1) + (y0 - y1) * (y0 - y1));

    private GoalObservation Observe()
    {
        float[] p = [(float)position[0], (float)position[1]];
        return new((float[])p.Clone(), p, [(float)goal[0], (float)goal[1]]);
    }
}
