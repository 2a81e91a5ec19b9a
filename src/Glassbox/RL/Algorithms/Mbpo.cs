using System.Diagnostics;
using Glassbox.RL.Models;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Model-Based Policy Optimization (Janner et al. 2019, "When to Trust Your Model"): a <see cref="ProbabilisticEnsemble"/>
/// dynamics model, short model rollouts branched from real states, and <see cref="Sac"/> trained mostly on those rollouts.
/// </summary>
/// <remarks>
/// <para><b>Loop</b> (<see cref="Train"/>): act uniformly at random for <see cref="SacOptions.LearningStarts"/> steps, then with
/// the SAC policy, storing every real transition in the real buffer D_env. Every <see cref="MbpoOptions.ModelTrainFrequency"/>
/// steps from the end of the warm-up: (1) fit the ensemble p̂(Δs, r | s, a) on all of D_env (early stopping on a holdout,
/// elites re-chosen); (2) draw <see cref="MbpoOptions.RolloutBatchSize"/> states from D_env and roll each out
/// <see cref="MbpoOptions.RolloutLength"/> steps with the current stochastic policy, each step's prediction taken from a
/// uniformly chosen elite (<see cref="ProbabilisticEnsemble.Sample"/>), appending the imagined transitions to the model
/// buffer D_model, which keeps the rollouts of the last <see cref="MbpoOptions.ModelRetainFits"/> fits. After every
/// environment step past the warm-up, SAC takes <see cref="MbpoOptions.UpdatesPerStep"/> gradient steps, each on a
/// minibatch whose <see cref="MbpoOptions.RealRatio"/> share comes from D_env and the rest from D_model.</para>
/// <para><b>Why short branched rollouts.</b> A model's error compounds over a rollout: after k steps the imagined state has
/// drifted roughly k times the one-step error, and the policy learns to exploit whatever the model gets wrong. Starting
/// many short rollouts from states the real system visited keeps every imagined state close to the data, where the model
/// was trained, while still producing far more transitions than the environment did — MBPO's bound on the return gap
/// grows with k, and k = 1 is already enough to multiply the data SAC sees by the update ratio G. SAC then extracts much
/// more from each real step than it could from D_env alone, which is where the sample efficiency comes from; the few real
/// transitions in every minibatch anchor the critic to the true dynamics.</para>
/// <para><b>Termination.</b> The model predicts (Δs, r) only. Pendulum never terminates, so imagined transitions are stored
/// with terminated = 0 when no <c>isTerminal</c> function is given. For environments that do terminate, MBPO uses a known
/// termination predicate of the next state (e.g. Hopper: terminated when the height or angle leaves a healthy range), passed
/// here as <c>isTerminal</c>; a rollout row that terminates is stored with terminated = 1 and not continued. Without a known
/// predicate one would add a Bernoulli output to the model (a logistic head trained with cross-entropy on the real
/// terminated flags) and sample it. A time-limit cut is never a termination, real or imagined.</para>
/// <para>Randomness: SAC's generator (initialisation, exploration, update noise), the real buffer's sampler (seed + 1), the
/// rollout sampler (seed + 2, start states and model draws), the ensemble's own generator (seed + 3) and the action space
/// (seed) are all fixed by the seed, so a run is reproducible bit for bit.</para>
/// </remarks>
public sealed class Mbpo
{
    private readonly Func<float[], bool>? isTerminal;

    /// <summary>Creates the SAC agent and the dynamics ensemble for a box environment.</summary>
    /// <param name="observationSize">Observation dimension.</param>
    /// <param name="actionLow">Lower bounds of the action box.</param>
    /// <param name="actionHigh">Upper bounds of the action box.</param>
    /// <param name="options">Hyperparameters; null for the defaults.</param>
    /// <param name="seed">Seed of SAC (seed) and of the ensemble (seed + 3).</param>
    /// <param name="isTerminal">Termination predicate of an imagined next state; null when the environment never terminates.</param>
    public Mbpo(int observationSize, float[] actionLow, float[] actionHigh, MbpoOptions? options = null, ulong seed = 0, Func<float[], bool>? isTerminal = null)
    {
        Options = options ?? new MbpoOptions();
        Options.Validate();
        Agent = new Sac(observationSize, actionLow, actionHigh, Options.Sac, seed);
        Model = new ProbabilisticEnsemble(observationSize + actionLow.Length, observationSize + 1, Options.Model, seed + 3);
        ObservationSize = observationSize;
        ActionSize = actionLow.Length;
        this.isTerminal = isTerminal;
    }

    /// <summary>The hyperparameters.</summary>
    public MbpoOptions Options { get; }
    /// <summary>The SAC learner (acts in the environment and is evaluated).</summary>
    public Sac Agent { get; }
    /// <summary>The dynamics model: input (s, a), output (Δs, r) — the state change rather than s', so that an untrained model predicts "nothing moves" and the network learns only the dynamics.</summary>
    public ProbabilisticEnsemble Model { get; }
    /// <summary>Observation dimension.</summary>
    public int ObservationSize { get; }
    /// <summary>Action dimension.</summary>
    public int ActionSize { get; }

    /// <summary>
    /// Runs MBPO for <see cref="OffPolicyRunOptions.TotalSteps"/> environment steps, evaluating the deterministic policy with
    /// <see cref="ContinuousOffPolicyTrainer.Evaluate(Func{IEnv{float[], float[]}}, IContinuousOffPolicyAgent, int)"/> at step 0, every <see cref="OffPolicyRunOptions.EvaluateEvery"/>
    /// steps and at the end.
    /// </summary>
    /// <param name="makeEnv">Creates the environment (called once for training, and once per evaluation episode).</param>
    /// <param name="options">Steps, evaluation schedule and real-buffer capacity.</param>
    /// <param name="seed">Seed of the environment resets, action-space sampling and buffer samplers.</param>
    /// <param name="onEvaluation">Called after each evaluation.</param>
    /// <param name="onModelFit">Called after each model fit with the step and what the fit did.</param>
    public OffPolicyRunResult Train(Func<IEnv<float[], float[]>> makeEnv, OffPolicyRunOptions options, long seed,
        Action<OffPolicyEvaluation>? onEvaluation = null, Action<int, EnsembleFitResult>? onModelFit = null)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TotalSteps <= 0 || options.EvaluateEvery <= 0 || options.EvaluationEpisodes <= 0 || options.BufferSize <= 0)
            throw new ArgumentException($"Mbpo.Train: steps, evaluation interval, evaluation episodes and buffer size must be positive, got {options}");
        if (seed < 0) throw new ArgumentException($"Mbpo.Train: seed must be non-negative, got {seed}");
        var env = makeEnv();
        var (obsDim, actDim) = ContinuousOffPolicyTrainer.Dimensions(env);
        if (obsDim != ObservationSize || actDim != ActionSize)
            throw new ArgumentException($"Mbpo.Train: {env.Id} has observation {obsDim} and action {actDim}, the agent was built for {ObservationSize} and {ActionSize}");
        var real = new ReplayBuffer(Math.Min(options.BufferSize, options.TotalSteps), obsDim, actDim);
        var imagined = new ReplayBuffer(Options.RolloutBatchSize * Options.RolloutLength * Options.ModelRetainFits, obsDim, actDim);
        var sampler = new Generator((ulong)seed + 1);
        var rolloutRng = new Generator((ulong)seed + 2);
        env.ActionSpace.Seed((ulong)seed);
        var evaluations = new List<OffPolicyEvaluation>();
        var episodes = new List<(int, double)>();
        var total = Stopwatch.StartNew();
        var updateClock = new Stopwatch();
        int updates = 0, warmup = Options.Sac.LearningStarts;
        int batch = Options.Sac.BatchSize, realCount = (int)Math.Round(Options.RealRatio * batch), modelCount = batch - realCount;

        void EvaluateNow(int step)
        {
            var returns = ContinuousOffPolicyTrainer.Evaluate(makeEnv, Agent, options.EvaluationEpisodes);
            var e = new OffPolicyEvaluation(step, returns.Average(), returns);
            evaluations.Add(e);
            onEvaluation?.Invoke(e);
        }

        EvaluateNow(0);
        var obs = env.Reset(seed).Observation;
        double episodeReturn = 0;
        for (int step = 0; step < options.TotalSteps; step++)
        {
            float[] action;
            if (step < warmup) action = env.ActionSpace.Sample();
            else
            {
                using var scope = new TensorScope();
                action = Agent.Act(Tensor.FromArray((float[])obs.Clone(), 1, obsDim), explore: true).ToArray<float>();
            }
            var r = env.Step(action);
            real.Add(obs, action, r.Reward, r.Observation, r.Terminated);
            episodeReturn += r.Reward;
            if (r.Terminated || r.Truncated)
            {
                episodes.Add((step + 1, episodeReturn));
                episodeReturn = 0;
                obs = env.Reset().Observation;
            }
            else obs = r.Observation;

            if (step + 1 >= warmup && (step + 1 - warmup) % Options.ModelTrainFrequency == 0)
            {
                var fit = FitModel(real);
                onModelFit?.Invoke(step + 1, fit);
                Rollout(real, imagined, rolloutRng);
            }
            if (step + 1 >= warmup)
            {
                updateClock.Start();
                for (int g = 0; g < Options.UpdatesPerStep; g++)
                {
                    using var scope = new TensorScope();
                    ((IContinuousOffPolicyAgent)Agent).Update(MixedBatch(real, imagined, realCount, modelCount, sampler));
                    updates++;
                }
                updateClock.Stop();
            }
            if ((step + 1) % options.EvaluateEvery == 0 || step + 1 == options.TotalSteps) EvaluateNow(step + 1);
        }
        return new OffPolicyRunResult(evaluations, episodes, total.Elapsed.TotalSeconds, updateClock.Elapsed.TotalSeconds, updates);
    }

    /// <summary>Fits the ensemble on every transition of <paramref name="real"/>: inputs (s, a), targets (s' − s, r).</summary>
    public EnsembleFitResult FitModel(ReplayBuffer real)
    {
        ArgumentNullException.ThrowIfNull(real);
        using var scope = new TensorScope();
        var (inputs, targets) = ModelData(real.Gather(Enumerable.Range(0, real.Count).ToArray()));
        return Model.Fit(inputs, targets);
    }

    /// <summary>The model's regression data for a batch of transitions: inputs [B, obs + act] = (s, a), targets [B, obs + 1] = (s' − s, r).</summary>
    public static (Tensor Inputs, Tensor Targets) ModelData(ReplayBatch batch) =>
        (Tensor.Cat([batch.Observations, batch.Actions], 1),
         Tensor.Cat([batch.NextObservations - batch.Observations, batch.Rewards.Unsqueeze(1)], 1));

    /// <summary>
    /// Branched rollouts: <see cref="MbpoOptions.RolloutBatchSize"/> start states from <paramref name="real"/>, each rolled
    /// <see cref="MbpoOptions.RolloutLength"/> steps with the exploring policy in the model, appended to <paramref name="imagined"/>.
    /// Rows that the termination predicate ends are stored as terminal and dropped from later steps.
    /// </summary>
    public void Rollout(ReplayBuffer real, ReplayBuffer imagined, Generator rng)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(imagined);
        ArgumentNullException.ThrowIfNull(rng);
        int o = ObservationSize, a = ActionSize;
        float[] states;
        using (var scope = new TensorScope()) states = real.Sample(Options.RolloutBatchSize, rng).Observations.ToArray<float>();
        int rows = Options.RolloutBatchSize;
        var next = new float[o];
        for (int t = 0; t < Options.RolloutLength && rows > 0; t++)
        {
            float[] actions, predicted;
            using (var scope = new TensorScope())
            {
                var s = Tensor.FromArray(states, rows, o);
                var act = Agent.Act(s, explore: true);
                actions = act.ToArray<float>();
                predicted = Model.Sample(Tensor.Cat([s, act], 1), rng).ToArray<float>();
            }
            var kept = new List<float>(rows * o);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < o; j++) next[j] = states[i * o + j] + predicted[i * (o + 1) + j];
                bool done = isTerminal?.Invoke(next) ?? false;
                imagined.Add(states.AsSpan(i * o, o), actions.AsSpan(i * a, a), predicted[i * (o + 1) + o], next, done);
                if (!done) kept.AddRange(next);
            }
            states = [.. kept];
            rows = states.Length / o;
        }
    }

    private static ReplayBatch MixedBatch(ReplayBuffer real, ReplayBuffer imagined, int realCount, int modelCount, Generator sampler)
    {
        if (realCount == 0) return imagined.Sample(modelCount, sampler);
        if (modelCount == 0) return real.Sample(realCount, sampler);
        var r = real.Sample(realCount, sampler);
        var m = imagined.Sample(modelCount, sampler);
        return new ReplayBatch(Tensor.Cat([r.Observations, m.Observations]), Tensor.Cat([r.Actions, m.Actions]), Tensor.Cat([r.Rewards, m.Rewards]),
                               Tensor.Cat([r.NextObservations, m.NextObservations]), Tensor.Cat([r.Terminated, m.Terminated]));
    }
}
