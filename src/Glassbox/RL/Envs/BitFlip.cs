using Glassbox.RL.Spaces;

namespace Glassbox.RL.Envs;

/// <summary>
/// The bit-flipping task of the HER paper (Andrychowicz et al., 2017, §3.1): the state is n bits, the goal another n
/// bits, action i flips bit i. Reward −1 on every step that does not leave the state equal to the goal, 0 on the step
/// that does, which also terminates the episode. <see cref="Gym.MakeBitFlip"/> adds the paper's n-step limit.
/// </summary>
/// <remarks>
/// <para>Observation: <c>observation</c> and <c>achieved_goal</c> are both the current bits, <c>desired_goal</c> the
/// goal, as 0/1 floats. Reset draws the state's bits, then the goal's, with <c>integers(0, 2)</c> each from
/// <see cref="Env{TObs, TAct}.NpRandom"/>, redrawing the goal while it equals the state (an episode that starts solved
/// teaches nothing). With the sparse reward, random exploration almost never sees a 0 for n ≳ 15 — the point of the
/// paper, where HER's relabelling with <see cref="ComputeReward"/> is what makes the task learnable.</para>
/// </remarks>
public sealed class BitFlip : Env<GoalObservation, int>, IGoalEnv<int>
{
    private readonly float[] state, goal;

    /// <summary>Creates the task with <paramref name="n"/> bits (1 to 1024).</summary>
    public BitFlip(int n)
    {
        if (n < 1 || n > 1024) throw new ArgumentOutOfRangeException(nameof(n), n, $"BitFlip: n must be in 1..1024, got {n}");
        N = n;
        state = new float[n];
        goal = new float[n];
        ActionSpace = new Discrete(n);
        ObservationSpace = new DictSpace(new Box(0f, 1f, n), new Box(0f, 1f, n), new Box(0f, 1f, n));
    }

    /// <summary>Number of bits.</summary>
    public int N { get; }

    /// <inheritdoc/>
    public override string Id => $"BitFlip-{N}";

    /// <inheritdoc/>
    public override Space<GoalObservation> ObservationSpace { get; }

    /// <inheritdoc/>
    public override Space<int> ActionSpace { get; }

    /// <inheritdoc/>
    protected override ResetResult<GoalObservation> ResetCore()
    {
        for (int i = 0; i < N; i++) state[i] = NpRandom.Integers(0, 2);
        do
        {
            for (int i = 0; i < N; i++) goal[i] = NpRandom.Integers(0, 2);
        } while (state.AsSpan().SequenceEqual(goal));
        return new(Observe(), new EnvInfo { IsSuccess = false });
    }

    /// <inheritdoc/>
    protected override StepResult<GoalObservation> StepCore(int action)
    {
        state[action] = 1f - state[action];
        bool success = IsSuccess(state, goal);
        return new(Observe(), ComputeReward(state, goal), success, false, new EnvInfo { IsSuccess = success });
    }

    /// <summary>0 when the bits equal the goal, else −1.</summary>
    public double ComputeReward(ReadOnlySpan<float> achievedGoal, ReadOnlySpan<float> desiredGoal) => IsSuccess(achievedGoal, desiredGoal) ? 0.0 : -1.0;

    /// <summary>Whether every bit equals the goal's.</summary>
    public bool IsSuccess(ReadOnlySpan<float> achievedGoal, ReadOnlySpan<float> desiredGoal)
    {
        if (achievedGoal.Length != N || desiredGoal.Length != N)
            throw new ArgumentException($"{Id}: goals must have {N} bits, got {achievedGoal.Length} and {desiredGoal.Length}");
        return achievedGoal.SequenceEqual(desiredGoal);
    }

    private GoalObservation Observe() => new((float[])state.Clone(), (float[])state.Clone(), (float[])goal.Clone());
}
