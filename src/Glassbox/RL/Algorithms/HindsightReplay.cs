namespace Glassbox.RL.Algorithms;

/// <summary>
/// A goal-conditioned reward: the reward for reaching <c>achieved</c> when <c>desired</c> was asked for, and whether that
/// counts as reaching the goal (which ends the episode when the task terminates on success).
/// </summary>
public delegate (double Reward, bool Success) GoalReward(ReadOnlySpan<float> achieved, ReadOnlySpan<float> desired);

/// <summary>
/// Hindsight Experience Replay (Andrychowicz et al. 2017) as a replay buffer of whole episodes that relabels goals when it
/// samples, with the paper's "future" strategy.
/// </summary>
/// <remarks>
/// <para>
/// <b>Why.</b> With a sparse reward (−1 until the goal is reached, 0 then) an agent that never reaches its goal sees only −1:
/// every action looks the same and nothing is learned. But an episode that failed to reach g did reach other states, and
/// is a perfect demonstration of how to reach <i>those</i>. Since the policy and Q-function take the goal as an input,
/// the same transition (s, a, s') can be replayed with a goal it did achieve, where the reward is informative.
/// </para>
/// <para>
/// <b>Sampling rule</b> (the "future" strategy with k relabelled goals per real one, as OpenAI baselines' HER sampler
/// implements it at sampling time rather than by storing k copies): draw an episode uniformly, then a step t uniformly from
/// its T transitions. With probability p = 1 − 1/(1 + k) (0.8 for k = 4) the goal is replaced by the achieved goal
/// ag_f of a uniformly drawn later time f ∈ {t + 1, …, T} of the same episode (ag_f is what was achieved after action f − 1,
/// so f = t + 1 relabels with the very state the transition reached). The reward and the terminal flag are then recomputed
/// from the environment's own rule: (r, success) = R(ag_{t+1}, g'), terminated = success when the task ends on success.
/// </para>
/// <para>
/// A minibatch row is the network input [s_t ‖ g'], the action, r, [s_{t+1} ‖ g'] and the terminal flag — the goal is
/// concatenated to the observation, so any ordinary off-policy learner (DQN, DDPG, SAC) trains on it unchanged. With
/// k = 0 the buffer replays the original goals only: plain experience replay, the baseline HER is compared with.
/// </para>
/// </remarks>
public sealed class HindsightReplay
{
    private readonly List<Episode> episodes = [];
    private readonly GoalReward reward;
    private readonly bool terminateOnSuccess;
    private int transitions;

    private sealed record Episode(float[] Observations, float[] Achieved, float[] Desired, float[] Actions, int Length);

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="observationSize">Observation dimension.</param>
    /// <param name="goalSize">Goal dimension (achieved and desired goals).</param>
    /// <param name="actionSize">Action dimension (1 for a discrete action stored as a float).</param>
    /// <param name="reward">The environment's reward rule, used to recompute rewards for relabelled goals.</param>
    /// <param name="futureK">k: relabelled goals per original goal (4 in the paper; 0 disables hindsight).</param>
    /// <param name="terminateOnSuccess">Whether reaching the goal ends an episode (then a relabelled success is terminal too).</param>
    /// <param name="capacityTransitions">Oldest episodes are dropped once more transitions than this are stored.</param>
    public HindsightReplay(int observationSize, int goalSize, int actionSize, GoalReward reward, int futureK = 4, bool terminateOnSuccess = true,
        int capacityTransitions = 1_000_000)
    {
        if (observationSize <= 0 || goalSize <= 0 || actionSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(observationSize), $"HindsightReplay: sizes must be positive, got observation {observationSize}, goal {goalSize}, action {actionSize}");
        if (futureK < 0) throw new ArgumentOutOfRangeException(nameof(futureK), $"HindsightReplay: futureK must be non-negative, got {futureK}");
        if (capacityTransitions <= 0) throw new ArgumentOutOfRangeException(nameof(capacityTransitions), $"HindsightReplay: capacity must be positive, got {capacityTransitions}");
        ObservationSize = observationSize; GoalSize = goalSize; ActionSize = actionSize;
        this.reward = reward ?? throw new ArgumentNullException(nameof(reward));
        FutureK = futureK;
        this.terminateOnSuccess = terminateOnSuccess;
        Capacity = capacityTransitions;
        FutureProbability = 1 - 1.0 / (1 + futureK);
    }

    /// <summary>Observation dimension.</summary>
    public int ObservationSize { get; }
    /// <summary>Goal dimension.</summary>
    public int GoalSize { get; }
    /// <summary>Action dimension.</summary>
    public int ActionSize { get; }
    /// <summary>k of the future strategy.</summary>
    public int FutureK { get; }
    /// <summary>Probability 1 − 1/(1 + k) that a sampled transition gets a relabelled goal.</summary>
    public double FutureProbability { get; }
    /// <summary>Maximum number of stored transitions.</summary>
    public int Capacity { get; }
    /// <summary>Stored episodes.</summary>
    public int EpisodeCount => episodes.Count;
    /// <summary>Stored transitions.</summary>
    public int TransitionCount => transitions;

    /// <summary>
    /// Stores one episode of T ≥ 1 transitions: observations s_0 … s_T ([T + 1, obs], row-major), achieved goals
    /// ag_0 … ag_T ([T + 1, goal]), the desired goal g ([goal]) and actions a_0 … a_{T−1} ([T, act]). The arrays are copied.
    /// </summary>
    public void AddEpisode(ReadOnlySpan<float> observations, ReadOnlySpan<float> achievedGoals, ReadOnlySpan<float> desiredGoal, ReadOnlySpan<float> actions)
    {
        int t = actions.Length / ActionSize;
        if (t < 1 || actions.Length != t * ActionSize || observations.Length != (t + 1) * ObservationSize
            || achievedGoals.Length != (t + 1) * GoalSize || desiredGoal.Length != GoalSize)
            throw new ArgumentException($"HindsightReplay.AddEpisode: for T = {t} transitions expected {(t + 1) * ObservationSize} observation, {(t + 1) * GoalSize} achieved-goal, {GoalSize} desired-goal and {t * ActionSize} action values; got {observations.Length}, {achievedGoals.Length}, {desiredGoal.Length} and {actions.Length}");
        episodes.Add(new Episode(observations.ToArray(), achievedGoals.ToArray(), desiredGoal.ToArray(), actions.ToArray(), t));
        transitions += t;
        while (transitions > Capacity && episodes.Count > 1)
        {
            transitions -= episodes[0].Length;
            episodes.RemoveAt(0);
        }
    }

    /// <summary>
    /// A minibatch of <paramref name="batchSize"/> transitions drawn with the future strategy (class remarks). Observations are
    /// [B, obs + goal] (the goal appended), actions [B, act], rewards and terminated flags [B]; all float32.
    /// </summary>
    public ReplayBatch Sample(int batchSize, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (episodes.Count == 0) throw new InvalidOperationException("HindsightReplay.Sample: the buffer is empty");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"HindsightReplay.Sample: batchSize must be positive, got {batchSize}");
        int inSize = ObservationSize + GoalSize;
        var o = new float[batchSize * inSize]; var no = new float[batchSize * inSize]; var a = new float[batchSize * ActionSize];
        var r = new float[batchSize]; var d = new float[batchSize];
        for (int i = 0; i < batchSize; i++)
        {
            var ep = episodes[generator.NextInt(episodes.Count)];
            int t = generator.NextInt(ep.Length);
            ReadOnlySpan<float> goal = ep.Desired;
            if (generator.NextDouble() < FutureProbability)
            {
                int f = t + 1 + generator.NextInt(ep.Length - t);
                goal = ep.Achieved.AsSpan(f * GoalSize, GoalSize);
            }
            ep.Observations.AsSpan(t * ObservationSize, ObservationSize).CopyTo(o.AsSpan(i * inSize));
            goal.CopyTo(o.AsSpan(i * inSize + ObservationSize));
            ep.Observations.AsSpan((t + 1) * ObservationSize, ObservationSize).CopyTo(no.AsSpan(i * inSize));
            goal.CopyTo(no.AsSpan(i * inSize + ObservationSize));
            ep.Actions.AsSpan(t * ActionSize, ActionSize).CopyTo(a.AsSpan(i * ActionSize));
            var (rew, success) = reward(ep.Achieved.AsSpan((t + 1) * GoalSize, GoalSize), goal);
            r[i] = (float)rew;
            d[i] = terminateOnSuccess && success ? 1f : 0f;
        }
        return new ReplayBatch(Tensor.FromArray(o, batchSize, inSize), Tensor.FromArray(a, batchSize, ActionSize), Tensor.FromArray(r, batchSize),
            Tensor.FromArray(no, batchSize, inSize), Tensor.FromArray(d, batchSize));
    }
}
