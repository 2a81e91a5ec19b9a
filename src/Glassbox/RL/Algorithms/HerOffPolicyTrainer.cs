using System.Diagnostics;
using Glassbox.RL.Spaces;

namespace Glassbox.RL.Algorithms;

/// <summary>Settings of a <see cref="HerOffPolicyTrainer"/> run (the HER paper's epoch / cycle schedule).</summary>
/// <param name="Epochs">Epochs; the greedy policy is evaluated before the first and after each.</param>
/// <param name="CyclesPerEpoch">Cycles per epoch (the paper: 50).</param>
/// <param name="EpisodesPerCycle">Episodes collected per cycle before its updates (the paper: 2 per worker).</param>
/// <param name="UpdatesPerCycle">Minibatch updates after each cycle's episodes (the paper: 40).</param>
/// <param name="FutureK">k of the future strategy (4 in the paper); 0 trains on the original goals only.</param>
/// <param name="EvaluationEpisodes">Evaluation episodes, each with its own fixed start and goal.</param>
/// <param name="BufferTransitions">Capacity of the <see cref="HindsightReplay"/> in transitions.</param>
public sealed record HerRunOptions(int Epochs, int CyclesPerEpoch, int EpisodesPerCycle, int UpdatesPerCycle, int FutureK = 4, int EvaluationEpisodes = 20,
    int BufferTransitions = 1_000_000);

/// <summary>One evaluation of the deterministic goal-conditioned policy.</summary>
/// <param name="Epoch">Epochs completed (0: before training).</param>
/// <param name="Steps">Environment steps taken in training so far.</param>
/// <param name="SuccessRate">Fraction of evaluation episodes whose final achieved goal counts as reaching the desired one.</param>
/// <param name="MeanFinalDistance">Mean Euclidean distance between the final achieved and the desired goal.</param>
public sealed record HerEvaluation(int Epoch, long Steps, double SuccessRate, double MeanFinalDistance);

/// <summary>What a <see cref="HerOffPolicyTrainer"/> run produced.</summary>
/// <param name="Evaluations">Every evaluation in order, the first before any training.</param>
/// <param name="Replay">The run's hindsight buffer (its episodes are the run's training episodes).</param>
/// <param name="Updates">Minibatch updates made.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
public sealed record HerRunResult(IReadOnlyList<HerEvaluation> Evaluations, HindsightReplay Replay, int Updates, double Seconds);

/// <summary>
/// Hindsight Experience Replay with a continuous-action off-policy learner (<see cref="Sac"/>, <see cref="Ddpg"/>,
/// <see cref="Td3"/>) on a goal environment with a Dict observation — the DDPG + HER setting of Andrychowicz et al. (2017).
/// </summary>
/// <remarks>
/// <para><b>Goal conditioning.</b> The learner is an ordinary <see cref="IContinuousOffPolicyAgent"/> built for inputs of
/// |observation| + |goal| values: its actor and critics see x = [observation ‖ desired_goal], both when acting and in every
/// minibatch row, which <see cref="HindsightReplay.Sample"/> builds with the (possibly relabelled) goal appended. Nothing
/// in the learner's update knows about goals; hindsight lives entirely in the replay.</para>
/// <para><b>Loop</b> (the paper's, one worker): for each epoch, for each cycle, run
/// <see cref="HerRunOptions.EpisodesPerCycle"/> whole episodes and store each (observations s₀…s_T, achieved goals
/// ag₀…ag_T, its desired goal, actions a₀…a_{T−1}); then make <see cref="HerRunOptions.UpdatesPerCycle"/> updates on
/// minibatches drawn with the future strategy, rewards and terminal flags recomputed by the goal rule. Actions are uniform
/// in the action box while fewer than <see cref="IContinuousOffPolicyAgent.LearningStarts"/> steps have been taken (a
/// whole episode at a time, decided at its start), then the agent's exploring actions; updates wait for the same number
/// of steps.</para>
/// <para><b>Success</b> is judged on the final state of an episode: <see cref="IGoalEnv{TAct}.IsSuccess"/> of its last
/// achieved goal and the desired goal. An environment that terminates on success ends there, so this is also "reached
/// the goal at all". Evaluation runs the deterministic policy (<c>explore: false</c>) on fresh environments reset with
/// seeds <see cref="EvaluationSeedBase"/> + i: the same starts and goals at every evaluation, for every seed and for
/// the run with and without hindsight, so curves differ only by the policy.</para>
/// <para><b>Randomness</b>: the training environment is reset once with the run's seed and then without one (its own
/// generator continues), its action space is seeded with the run's seed, and minibatches are drawn from
/// <c>new Generator(seed + 1)</c>; with the agent's own seed this makes a run reproducible.</para>
/// </remarks>
public static class HerOffPolicyTrainer
{
    /// <summary>Seed of evaluation episode i is this plus i.</summary>
    public const long EvaluationSeedBase = 1_000_000;

    /// <summary>Trains <paramref name="agent"/> with hindsight replay.</summary>
    /// <param name="makeEnv">Creates the environment with its time limit (e.g. <c>Gym.MakePointMassGoal</c>).</param>
    /// <param name="goalRule">The task's reward and success rule (an unwrapped instance of the same task is enough).</param>
    /// <param name="agent">A learner whose inputs are [observation ‖ goal].</param>
    /// <param name="options">Schedule, k and evaluation size.</param>
    /// <param name="seed">Seed of the environment, its action space and the minibatch sampler.</param>
    /// <param name="terminateOnSuccess">Whether the task ends an episode on success (then a relabelled success is terminal).</param>
    /// <param name="onEvaluation">Called after each evaluation.</param>
    public static HerRunResult Train(Func<IEnv<GoalObservation, float[]>> makeEnv, IGoalEnv<float[]> goalRule, IContinuousOffPolicyAgent agent, HerRunOptions options,
        long seed, bool terminateOnSuccess = true, Action<HerEvaluation>? onEvaluation = null)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        ArgumentNullException.ThrowIfNull(goalRule);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Epochs < 0 || options.CyclesPerEpoch <= 0 || options.EpisodesPerCycle <= 0 || options.UpdatesPerCycle < 0 || options.EvaluationEpisodes <= 0
            || options.FutureK < 0 || options.BufferTransitions <= 0)
            throw new ArgumentException($"HerOffPolicyTrainer: epochs, k and updates must be non-negative and cycles, episodes, evaluation episodes and buffer size positive, got {options}");
        if (seed < 0) throw new ArgumentException($"HerOffPolicyTrainer: seed must be non-negative, got {seed}");
        var env = makeEnv();
        var (obsDim, goalDim, actDim) = Dimensions(env);
        var buffer = new HindsightReplay(obsDim, goalDim, actDim, (a, d) => (goalRule.ComputeReward(a, d), goalRule.IsSuccess(a, d)), options.FutureK,
            terminateOnSuccess, options.BufferTransitions);
        var sampler = new Generator((ulong)seed + 1);
        env.ActionSpace.Seed((ulong)seed);
        var clock = Stopwatch.StartNew();
        var evaluations = new List<HerEvaluation>();
        long steps = 0;
        int updates = 0;

        void EvaluateNow(int epoch)
        {
            var (rate, distance) = Evaluate(makeEnv, goalRule, agent, options.EvaluationEpisodes);
            var e = new HerEvaluation(epoch, steps, rate, distance);
            evaluations.Add(e);
            onEvaluation?.Invoke(e);
        }

        EvaluateNow(0);
        var first = env.Reset(seed).Observation;
        bool fresh = true;
        var input = new float[obsDim + goalDim];
        var observations = new List<float>(); var achieved = new List<float>(); var actions = new List<float>();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            for (int cycle = 0; cycle < options.CyclesPerEpoch; cycle++)
            {
                for (int episode = 0; episode < options.EpisodesPerCycle; episode++)
                {
                    var obs = fresh ? first : env.Reset().Observation;
                    fresh = false;
                    var desired = obs.DesiredGoal;
                    bool random = steps < agent.LearningStarts;
                    observations.Clear(); achieved.Clear(); actions.Clear();
                    observations.AddRange(obs.Observation); achieved.AddRange(obs.AchievedGoal);
                    while (true)
                    {
                        float[] action;
                        if (random) action = env.ActionSpace.Sample();
                        else
                        {
                            using var scope = new TensorScope();
                            obs.Observation.CopyTo(input, 0);
                            desired.CopyTo(input, obsDim);
                            action = agent.Act(Tensor.FromArray(input, 1, obsDim + goalDim), explore: true).ToArray<float>();
                        }
                        var r = env.Step(action);
                        steps++;
                        actions.AddRange(action);
                        observations.AddRange(r.Observation.Observation); achieved.AddRange(r.Observation.AchievedGoal);
                        obs = r.Observation;
                        if (r.Terminated || r.Truncated) break;
                    }
                    buffer.AddEpisode([.. observations], [.. achieved], desired, [.. actions]);
                }
                if (steps < agent.LearningStarts) continue;
                for (int u = 0; u < options.UpdatesPerCycle; u++)
                {
                    using var scope = new TensorScope();
                    agent.Update(buffer.Sample(agent.BatchSize, sampler));
                    updates++;
                }
            }
            EvaluateNow(epoch);
        }
        return new HerRunResult(evaluations, buffer, updates, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Success rate and mean final goal distance of the deterministic policy over <paramref name="episodes"/> fresh
    /// environments reset with seeds <see cref="EvaluationSeedBase"/> + i, stepped side by side (one batched forward pass
    /// per step).
    /// </summary>
    public static (double SuccessRate, double MeanFinalDistance) Evaluate(Func<IEnv<GoalObservation, float[]>> makeEnv, IGoalEnv<float[]> goalRule,
        IContinuousOffPolicyAgent agent, int episodes)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        ArgumentNullException.ThrowIfNull(goalRule);
        ArgumentNullException.ThrowIfNull(agent);
        if (episodes <= 0) throw new ArgumentOutOfRangeException(nameof(episodes), $"HerOffPolicyTrainer.Evaluate: episodes must be positive, got {episodes}");
        var envs = new IEnv<GoalObservation, float[]>[episodes];
        var obs = new GoalObservation[episodes];
        for (int i = 0; i < episodes; i++)
        {
            envs[i] = makeEnv();
            obs[i] = envs[i].Reset(EvaluationSeedBase + i).Observation;
        }
        int obsDim = obs[0].Observation.Length, goalDim = obs[0].DesiredGoal.Length, inDim = obsDim + goalDim;
        var active = Enumerable.Range(0, episodes).ToList();
        while (active.Count > 0)
        {
            float[] actions;
            int actDim;
            using (var scope = new TensorScope())
            {
                var batch = new float[active.Count * inDim];
                for (int k = 0; k < active.Count; k++)
                {
                    obs[active[k]].Observation.CopyTo(batch, k * inDim);
                    obs[active[k]].DesiredGoal.CopyTo(batch, k * inDim + obsDim);
                }
                var a = agent.Act(Tensor.FromArray(batch, active.Count, inDim), explore: false);
                actDim = a.Shape[1];
                actions = a.ToArray<float>();
            }
            var still = new List<int>(active.Count);
            for (int k = 0; k < active.Count; k++)
            {
                int i = active[k];
                var r = envs[i].Step(actions.AsSpan(k * actDim, actDim).ToArray());
                obs[i] = r.Observation;
                if (!r.Terminated && !r.Truncated) still.Add(i);
            }
            active = still;
        }
        int successes = 0;
        double distance = 0;
        foreach (var o in obs)
        {
            if (goalRule.IsSuccess(o.AchievedGoal, o.DesiredGoal)) successes++;
            double sq = 0;
            for (int j = 0; j < o.AchievedGoal.Length; j++) sq += (double)(o.AchievedGoal[j] - o.DesiredGoal[j]) * (o.AchievedGoal[j] - o.DesiredGoal[j]);
            distance += Math.Sqrt(sq);
        }
        return (successes / (double)episodes, distance / episodes);
    }

    /// <summary>Observation, goal and action sizes of a goal environment with box spaces.</summary>
    public static (int Observation, int Goal, int Action) Dimensions(IEnv<GoalObservation, float[]> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.ObservationSpace is not DictSpace d || d.Observation is not Box o || d.DesiredGoal is not Box g || env.ActionSpace is not Box a)
            throw new ArgumentException($"HerOffPolicyTrainer: {env.Id} must have a Dict observation of boxes and a box action space");
        return (o.Size, g.Size, a.Size);
    }
}
