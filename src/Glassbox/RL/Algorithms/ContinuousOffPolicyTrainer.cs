using System.Diagnostics;
using Glassbox.RL.Spaces;

namespace Glassbox.RL.Algorithms;

/// <summary>Settings of a <see cref="ContinuousOffPolicyTrainer"/> run.</summary>
/// <param name="TotalSteps">Environment steps to take.</param>
/// <param name="EvaluateEvery">Evaluate the deterministic policy every this many steps (and after the last step).</param>
/// <param name="EvaluationEpisodes">Episodes per evaluation, run side by side with one batched forward pass per step.</param>
/// <param name="BufferSize">Replay capacity (CleanRL: 1,000,000, more than any run here, so nothing is ever evicted).</param>
public sealed record OffPolicyRunOptions(int TotalSteps, int EvaluateEvery, int EvaluationEpisodes = 10, int BufferSize = 1_000_000);

/// <summary>One evaluation of a run: mean and per-episode returns of the deterministic policy after <paramref name="Step"/> steps.</summary>
public sealed record OffPolicyEvaluation(int Step, double MeanReturn, double[] Returns);

/// <summary>What a run produced: evaluations, training-episode returns and timings.</summary>
/// <param name="Evaluations">Every evaluation in step order (the first at step 0, before any training).</param>
/// <param name="TrainingEpisodes">(step at the episode's end, undiscounted return) of every finished training episode.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
/// <param name="UpdateSeconds">Wall time spent inside the agent's updates.</param>
/// <param name="Updates">Number of updates made.</param>
public sealed record OffPolicyRunResult(IReadOnlyList<OffPolicyEvaluation> Evaluations, IReadOnlyList<(int Step, double Return)> TrainingEpisodes,
    double Seconds, double UpdateSeconds, int Updates);

/// <summary>
/// CleanRL's training loop for DDPG, TD3 and SAC on a single environment with a box action space, plus periodic evaluation
/// of the deterministic policy on fixed seeds.
/// </summary>
/// <remarks>
/// <para>Loop: reset the environment with the run's seed (and seed its action space with it); for step t = 0 … T − 1 take a
/// uniformly random action while t &lt; <see cref="IContinuousOffPolicyAgent.LearningStarts"/>, otherwise the agent's exploring
/// action; store (s, a, r, s', terminated) — s' is the step's own observation even when the episode was truncated, so a
/// time-limit cut is bootstrapped through, never treated as terminal; reset (without a seed) when the episode ends; and
/// once t ≥ LearningStarts make one update from a uniform minibatch of the buffer.</para>
/// <para>Evaluation runs <see cref="OffPolicyRunOptions.EvaluationEpisodes"/> fresh environments reset with seeds
/// 1,000,000 + i: the same start states at every evaluation and for every training seed, so curves differ only by the
/// policy, and no evaluation start coincides with a training seed's first episode.</para>
/// <para>Randomness: the environment (seed), the agent's generator (its own seed) and the minibatch sampler
/// (<c>new Generator(seed + 1)</c> here) are independent and fixed, so a run is reproducible from its seed.</para>
/// </remarks>
public static class ContinuousOffPolicyTrainer
{
    /// <summary>Seed of evaluation episode i is this plus i.</summary>
    public const long EvaluationSeedBase = 1_000_000;

    /// <summary>Trains <paramref name="agent"/> on environments from <paramref name="makeEnv"/> (one for training, fresh ones for evaluation).</summary>
    /// <param name="makeEnv">Creates the environment, with its time limit (e.g. <c>Gym.MakePendulum</c>).</param>
    /// <param name="agent">The learner.</param>
    /// <param name="options">Run length, evaluation schedule, buffer size.</param>
    /// <param name="seed">Seed of the environment, its action space and the minibatch sampler.</param>
    /// <param name="onEvaluation">Called after each evaluation (progress display, logging).</param>
    /// <param name="onUpdate">Called after each update with the step and the update's diagnostics.</param>
    /// <param name="replay">
    /// The buffer to store the run's transitions in, or null for a new one of min(BufferSize, TotalSteps) transitions. Pass
    /// one to keep the replay after the run (an offline dataset is the replay of a partly trained agent); its
    /// dimensions must match the environment's.
    /// </param>
    public static OffPolicyRunResult Train(Func<IEnv<float[], float[]>> makeEnv, IContinuousOffPolicyAgent agent, OffPolicyRunOptions options, long seed,
        Action<OffPolicyEvaluation>? onEvaluation = null, Action<int, OffPolicyUpdateStats>? onUpdate = null, ReplayBuffer? replay = null)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TotalSteps <= 0 || options.EvaluateEvery <= 0 || options.EvaluationEpisodes <= 0 || options.BufferSize <= 0)
            throw new ArgumentException($"ContinuousOffPolicyTrainer: steps, evaluation interval, evaluation episodes and buffer size must be positive, got {options}");
        if (seed < 0) throw new ArgumentException($"ContinuousOffPolicyTrainer: seed must be non-negative, got {seed}");
        var env = makeEnv();
        var (obsDim, actDim) = Dimensions(env);
        if (replay is not null && (replay.ObsDim != obsDim || replay.ActDim != actDim))
            throw new ArgumentException($"ContinuousOffPolicyTrainer: the replay buffer holds observations of {replay.ObsDim} and actions of {replay.ActDim} values, {env.Id} has {obsDim} and {actDim}");
        var buffer = replay ?? new ReplayBuffer(Math.Min(options.BufferSize, options.TotalSteps), obsDim, actDim);
        var sampler = new Generator((ulong)seed + 1);
        env.ActionSpace.Seed((ulong)seed);
        var evaluations = new List<OffPolicyEvaluation>();
        var episodes = new List<(int, double)>();
        var total = Stopwatch.StartNew();
        var updateClock = new Stopwatch();
        int updates = 0;

        void EvaluateNow(int step)
        {
            var returns = Evaluate(makeEnv, agent, options.EvaluationEpisodes);
            var e = new OffPolicyEvaluation(step, returns.Average(), returns);
            evaluations.Add(e);
            onEvaluation?.Invoke(e);
        }

        EvaluateNow(0);
        var obs = env.Reset(seed).Observation;
        double episodeReturn = 0;
        var obsTensor = new float[obsDim];
        for (int step = 0; step < options.TotalSteps; step++)
        {
            float[] action;
            if (step < agent.LearningStarts) action = env.ActionSpace.Sample();
            else
            {
                using var scope = new TensorScope();
                obs.CopyTo(obsTensor, 0);
                action = agent.Act(Tensor.FromArray(obsTensor, 1, obsDim), explore: true).ToArray<float>();
            }
            var r = env.Step(action);
            buffer.Add(obs, action, r.Reward, r.Observation, r.Terminated);
            episodeReturn += r.Reward;
            if (r.Terminated || r.Truncated)
            {
                episodes.Add((step + 1, episodeReturn));
                episodeReturn = 0;
                obs = env.Reset().Observation;
            }
            else obs = r.Observation;

            if (step >= agent.LearningStarts)
            {
                updateClock.Start();
                using (var scope = new TensorScope())
                {
                    var stats = agent.Update(buffer.Sample(agent.BatchSize, sampler));
                    onUpdate?.Invoke(step + 1, stats);
                }
                updateClock.Stop();
                updates++;
            }
            if ((step + 1) % options.EvaluateEvery == 0 || step + 1 == options.TotalSteps) EvaluateNow(step + 1);
        }
        return new OffPolicyRunResult(evaluations, episodes, total.Elapsed.TotalSeconds, updateClock.Elapsed.TotalSeconds, updates);
    }

    /// <summary>
    /// Undiscounted returns of <paramref name="episodes"/> episodes of the deterministic policy, on fresh environments reset with
    /// seeds <see cref="EvaluationSeedBase"/> + i, stepped side by side (one batched forward pass per step).
    /// </summary>
    public static double[] Evaluate(Func<IEnv<float[], float[]>> makeEnv, IContinuousOffPolicyAgent agent, int episodes) =>
        Evaluate(makeEnv, agent, episodes, 1.0, out _);

    /// <summary>
    /// <see cref="Evaluate(Func{IEnv{float[], float[]}}, IContinuousOffPolicyAgent, int)"/>, also returning each episode's
    /// discounted return Σₜ γᵗ rₜ from its start state (what a critic's Q(s₀, π(s₀)) estimates, up to the time limit's cut).
    /// </summary>
    public static double[] Evaluate(Func<IEnv<float[], float[]>> makeEnv, IContinuousOffPolicyAgent agent, int episodes, double gamma, out double[] discountedReturns)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        ArgumentNullException.ThrowIfNull(agent);
        if (episodes <= 0) throw new ArgumentOutOfRangeException(nameof(episodes), $"ContinuousOffPolicyTrainer.Evaluate: episodes must be positive, got {episodes}");
        var envs = new IEnv<float[], float[]>[episodes];
        var obs = new float[episodes][];
        for (int i = 0; i < episodes; i++)
        {
            envs[i] = makeEnv();
            obs[i] = envs[i].Reset(EvaluationSeedBase + i).Observation;
        }
        int obsDim = obs[0].Length;
        var returns = new double[episodes];
        var discounted = new double[episodes];
        var discount = Enumerable.Repeat(1.0, episodes).ToArray();
        var active = Enumerable.Range(0, episodes).ToList();
        while (active.Count > 0)
        {
            float[] actions;
            int actDim;
            using (var scope = new TensorScope())
            {
                var batch = new float[active.Count * obsDim];
                for (int k = 0; k < active.Count; k++) obs[active[k]].CopyTo(batch, k * obsDim);
                var a = agent.Act(Tensor.FromArray(batch, active.Count, obsDim), explore: false);
                actDim = a.Shape[1];
                actions = a.ToArray<float>();
            }
            var still = new List<int>(active.Count);
            for (int k = 0; k < active.Count; k++)
            {
                int i = active[k];
                var r = envs[i].Step(actions.AsSpan(k * actDim, actDim).ToArray());
                returns[i] += r.Reward;
                discounted[i] += discount[i] * r.Reward;
                discount[i] *= gamma;
                obs[i] = r.Observation;
                if (!r.Terminated && !r.Truncated) still.Add(i);
            }
            active = still;
        }
        discountedReturns = discounted;
        return returns;
    }

    /// <summary>Observation and action sizes of an environment with box observation and action spaces.</summary>
    public static (int Observation, int Action) Dimensions(IEnv<float[], float[]> env)
    {
        if (env.ObservationSpace is not Box o || env.ActionSpace is not Box a)
            throw new ArgumentException($"ContinuousOffPolicyTrainer: {env.Id} must have box observation and action spaces");
        return (o.Size, a.Size);
    }
}
