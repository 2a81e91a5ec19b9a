using System.Diagnostics;

namespace Glassbox.RL.Algorithms;

/// <summary>Settings of an <see cref="OfflineTrainer"/> run.</summary>
/// <param name="GradientSteps">Updates to make, each on a uniform minibatch of the dataset.</param>
/// <param name="EvaluateEvery">Evaluate the deterministic policy every this many updates (and after the last).</param>
/// <param name="EvaluationEpisodes">Episodes per evaluation (fixed start states, see <see cref="ContinuousOffPolicyTrainer.EvaluationSeedBase"/>).</param>
/// <param name="Gamma">Discount of the reported discounted returns (the critics' γ, so that they compare with Q).</param>
public sealed record OfflineRunOptions(int GradientSteps, int EvaluateEvery, int EvaluationEpisodes = 10, double Gamma = 0.99);

/// <summary>One evaluation of an offline run.</summary>
/// <param name="Step">Updates made before it.</param>
/// <param name="MeanReturn">Mean undiscounted return of the deterministic policy.</param>
/// <param name="Returns">Each episode's undiscounted return.</param>
/// <param name="MeanDiscountedReturn">Mean of Σₜ γᵗ rₜ from the start states: the true value of the policy there (up to the time-limit cut).</param>
/// <param name="MeanValueEstimate">The learner's own estimate of that value, mean of Q(s₀, π(s₀)) over the start states, or NaN when none was asked for.</param>
public sealed record OfflineEvaluation(int Step, double MeanReturn, double[] Returns, double MeanDiscountedReturn, double MeanValueEstimate);

/// <summary>What an offline run produced.</summary>
/// <param name="Evaluations">Every evaluation in step order (the first at step 0, before any update).</param>
/// <param name="Seconds">Wall time of the run.</param>
public sealed record OfflineRunResult(IReadOnlyList<OfflineEvaluation> Evaluations, double Seconds);

/// <summary>
/// The offline training loop: updates from uniform minibatches of a fixed <see cref="OfflineDataset"/>, with no
/// interaction with the environment except to evaluate the policy (the setting of Levine et al. 2020 and D4RL).
/// </summary>
/// <remarks>
/// <para>Any <see cref="IContinuousOffPolicyAgent"/> can be trained here: <see cref="Cql"/>, plain <see cref="Sac"/> (naive
/// offline SAC — the same algorithm as online, just without new data) and <see cref="ContinuousBehaviorCloning"/>. The
/// agent's <see cref="IContinuousOffPolicyAgent.LearningStarts"/> is ignored: there is nothing to collect.</para>
/// <para>Every evaluation also records the discounted return from the evaluation's start states and, when a value
/// function is given, the learner's estimate of it. The gap between the two is the overestimation that makes naive
/// offline RL fail: a value-based learner with no way to try its actions believes its extrapolations.</para>
/// <para>Randomness: minibatches come from <c>new Generator(seed + 1)</c>, as in <see cref="ContinuousOffPolicyTrainer"/>;
/// with a seeded agent a run is reproducible.</para>
/// </remarks>
public static class OfflineTrainer
{
    /// <summary>Trains <paramref name="agent"/> on <paramref name="dataset"/>, evaluating it on environments from <paramref name="makeEnv"/>.</summary>
    /// <param name="dataset">The fixed data.</param>
    /// <param name="agent">The learner.</param>
    /// <param name="makeEnv">Creates an evaluation environment, with its time limit.</param>
    /// <param name="options">Number of updates and evaluation schedule.</param>
    /// <param name="seed">Seed of the minibatch sampler.</param>
    /// <param name="valueEstimate">Maps start observations [E, obs] to the learner's Q(s₀, π(s₀)) [E], or null.</param>
    /// <param name="onEvaluation">Called after each evaluation.</param>
    public static OfflineRunResult Train(OfflineDataset dataset, IContinuousOffPolicyAgent agent, Func<IEnv<float[], float[]>> makeEnv, OfflineRunOptions options,
        long seed, Func<Tensor, Tensor>? valueEstimate = null, Action<OfflineEvaluation>? onEvaluation = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(makeEnv);
        ArgumentNullException.ThrowIfNull(options);
        if (options.GradientSteps <= 0 || options.EvaluateEvery <= 0 || options.EvaluationEpisodes <= 0 || !(options.Gamma >= 0 && options.Gamma <= 1))
            throw new ArgumentException($"OfflineTrainer: steps, evaluation interval and episodes must be positive and gamma in [0, 1], got {options}");
        if (seed < 0) throw new ArgumentException($"OfflineTrainer: seed must be non-negative, got {seed}");
        var (obsDim, actDim) = ContinuousOffPolicyTrainer.Dimensions(makeEnv());
        if (obsDim != dataset.ObservationSize || actDim != dataset.ActionSize)
            throw new ArgumentException($"OfflineTrainer: the dataset has observations of {dataset.ObservationSize} and actions of {dataset.ActionSize} values, the environment {obsDim} and {actDim}");
        var buffer = dataset.ToReplayBuffer();
        var sampler = new Generator((ulong)seed + 1);
        var startStates = StartStates(makeEnv, options.EvaluationEpisodes, obsDim);
        var evaluations = new List<OfflineEvaluation>();
        var clock = Stopwatch.StartNew();

        void EvaluateNow(int step)
        {
            var returns = ContinuousOffPolicyTrainer.Evaluate(makeEnv, agent, options.EvaluationEpisodes, options.Gamma, out var discounted);
            double estimate = double.NaN;
            if (valueEstimate is not null)
            {
                using var scope = new TensorScope();
                estimate = valueEstimate(Tensor.FromArray(startStates, options.EvaluationEpisodes, obsDim)).Mean().Item();
            }
            var e = new OfflineEvaluation(step, returns.Average(), returns, discounted.Average(), estimate);
            evaluations.Add(e);
            onEvaluation?.Invoke(e);
        }

        EvaluateNow(0);
        for (int step = 0; step < options.GradientSteps; step++)
        {
            using (var scope = new TensorScope()) agent.Update(buffer.Sample(agent.BatchSize, sampler));
            if ((step + 1) % options.EvaluateEvery == 0 || step + 1 == options.GradientSteps) EvaluateNow(step + 1);
        }
        return new OfflineRunResult(evaluations, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Q(s, π(s)) of a SAC-based learner: the smaller twin at the deterministic action, what its policy maximises.</summary>
    public static Func<Tensor, Tensor> SacValue(Sac sac)
    {
        ArgumentNullException.ThrowIfNull(sac);
        return observations =>
        {
            using var _ = Autograd.GradMode.NoGrad();
            var action = sac.Act(observations, explore: false);
            return sac.Qf1.Forward(observations, action).Minimum(sac.Qf2.Forward(observations, action));
        };
    }

    private static float[] StartStates(Func<IEnv<float[], float[]>> makeEnv, int episodes, int obsDim)
    {
        var states = new float[episodes * obsDim];
        for (int i = 0; i < episodes; i++)
            makeEnv().Reset(ContinuousOffPolicyTrainer.EvaluationSeedBase + i).Observation.CopyTo(states, i * obsDim);
        return states;
    }
}
