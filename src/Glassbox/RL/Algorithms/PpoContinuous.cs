using Glassbox.Autograd;
using Glassbox.Optim;
using Glassbox.RL.Networks;
using Glassbox.RL.Spaces;
using Glassbox.RL.Wrappers;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// PPO for continuous (Box) actions, following CleanRL's <c>ppo_continuous_action.py</c>: a diagonal Gaussian policy
/// with a state-independent log σ (<see cref="GaussianActorCritic"/>) and the same clipped objective, GAE and
/// minibatch epochs as <see cref="Ppo"/> (<see cref="Ppo.Loss"/>; the update rule is written there).
/// </summary>
/// <remarks>
/// <para><b>Environment stack</b> (when <c>wrap</c> is true, as CleanRL's <c>make_env</c>): RecordEpisodeStatistics
/// (so the reported returns are the environment's own), ClipAction (the unbounded Gaussian sample is clipped to the
/// action box by the environment, while the log-probability stays that of the unclipped sample), NormalizeObservation,
/// observations clipped to ±10, NormalizeReward (divides by the running standard deviation of the discounted return)
/// and rewards clipped to ±10. Normalising makes one set of hyperparameters work across tasks whose observations and
/// rewards differ by orders of magnitude.</para>
/// <para><b>Defaults</b>: <see cref="Defaults"/> — 1M steps, one environment, rollouts of 2048, 32 minibatches,
/// 10 epochs, Adam 3e-4 annealed, no entropy bonus.</para>
/// </remarks>
public sealed class PpoContinuous
{
    private readonly Generator generator;
    private readonly Adam optimizer;
    private readonly long seed;
    private readonly bool[] nextDone;

    /// <summary>CleanRL <c>ppo_continuous_action.py</c>'s hyperparameters.</summary>
    public static PpoOptions Defaults { get; } = new()
    {
        TotalTimesteps = 1_000_000, LearningRate = 3e-4, NumEnvs = 1, NumSteps = 2048, NumMinibatches = 32, UpdateEpochs = 10, EntropyCoef = 0.0,
    };

    /// <summary>
    /// Builds the agent for <paramref name="envs"/> (Box observations and actions), wrapping each in CleanRL's
    /// normalising stack unless <paramref name="wrap"/> is false.
    /// </summary>
    public PpoContinuous(IReadOnlyList<IEnv<float[], float[]>> envs, PpoOptions? options = null, ulong seed = 1, bool wrap = true)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0) throw new ArgumentException("PpoContinuous: at least one environment is needed");
        Options = (options ?? Defaults) with { NumEnvs = envs.Count };
        Options.Validate("PpoContinuous");
        if (envs[0].ActionSpace is not Box actions)
            throw new ArgumentException($"PpoContinuous: {envs[0].Id} has action space {envs[0].ActionSpace}, but PpoContinuous needs a Box (Ppo handles Discrete actions)");
        if (envs[0].ObservationSpace is not Box box)
            throw new ArgumentException($"PpoContinuous: {envs[0].Id} has observation space {envs[0].ObservationSpace}, but PpoContinuous needs a Box of float32 features");
        this.seed = (long)seed;
        generator = new Generator(seed);
        Agent = new GaussianActorCritic(box.Size, actions.Size, generator, Options.Hidden);
        optimizer = new Adam(Agent.Parameters(), lr: Options.LearningRate, eps: Options.AdamEps);
        Envs = new AutoResetEnvs<float[]>(wrap ? envs.Select(e => Wrap(e, Options.Gamma)).ToArray() : envs);
        nextDone = new bool[envs.Count];
    }

    /// <summary>CleanRL's wrapper stack around one environment (see the class remarks).</summary>
    public static IEnv<float[], float[]> Wrap(IEnv<float[], float[]> env, double gamma)
    {
        IEnv<float[], float[]> e = new RecordEpisodeStatistics<float[], float[]>(env);
        e = new ClipAction<float[]>(e);
        e = new NormalizeObservation<float[]>(e);
        e = new Clip(e, 10.0);
        e = new NormalizeReward<float[], float[]>(e, gamma);
        return new Clip(e, null, 10.0);
    }

    /// <summary>Clips observations and/or rewards to ±bound (CleanRL's TransformObservation/TransformReward with np.clip).</summary>
    private sealed class Clip(IEnv<float[], float[]> inner, double? observationBound, double? rewardBound = null) : Wrapper<float[], float[]>(inner)
    {
        private float[] ClipObs(float[] o)
        {
            if (observationBound is not double b) return o;
            var c = new float[o.Length];
            for (int i = 0; i < o.Length; i++) c[i] = (float)Math.Clamp(o[i], -b, b);
            return c;
        }

        public override ResetResult<float[]> Reset(long? seed = null)
        {
            var r = Inner.Reset(seed);
            return r with { Observation = ClipObs(r.Observation) };
        }

        public override StepResult<float[]> Step(float[] action)
        {
            var r = Inner.Step(action);
            return r with { Observation = ClipObs(r.Observation), Reward = rewardBound is double b ? Math.Clamp(r.Reward, -b, b) : r.Reward };
        }
    }

    /// <summary>The recipe in use.</summary>
    public PpoOptions Options { get; }
    /// <summary>The Gaussian policy and the critic.</summary>
    public GaussianActorCritic Agent { get; }
    /// <summary>The (wrapped) environments and the episodes finished in them.</summary>
    public AutoResetEnvs<float[]> Envs { get; }
    /// <summary>Every finished training episode, in order (returns of the unnormalised rewards).</summary>
    public IReadOnlyList<EpisodeRecord> Episodes => Envs.Episodes;
    /// <summary>Diagnostics of every iteration so far.</summary>
    public List<PpoUpdateStats> Updates { get; } = [];

    /// <summary>Runs all <see cref="PpoOptions.Iterations"/> iterations.</summary>
    public void Train(Action<PpoUpdateStats>? onUpdate = null) => Train(Options.Iterations - Updates.Count, onUpdate);

    /// <summary>Runs <paramref name="iterations"/> more iterations; the first call resets the environments with the seed.</summary>
    public void Train(int iterations, Action<PpoUpdateStats>? onUpdate = null)
    {
        var o = Options;
        int n = o.NumEnvs, steps = o.NumSteps, batch = o.BatchSize, d = Agent.ActionSize;
        if (Envs.Observations.Length == 0) Envs.Reset(seed);
        int obsDim = Envs.ObservationSize;
        var obsBuf = new float[batch * obsDim];
        var actBuf = new float[batch * d];
        var logpBuf = new float[batch];
        var valBuf = new double[batch];
        var rewBuf = new double[batch];
        var doneBuf = new bool[batch];
        var adv = new double[batch];
        var ret = new double[batch];
        var nextValue = new double[n];
        var envActions = new float[n][];
        var indices = Enumerable.Range(0, batch).ToArray();
        var parameters = Agent.Parameters().ToArray();
        for (int k = 0; k < iterations; k++)
        {
            int iteration = Updates.Count + 1;
            double lr = o.AnnealLearningRate ? (1.0 - (iteration - 1.0) / o.Iterations) * o.LearningRate : o.LearningRate;
            optimizer.ParamGroups[0].Lr = lr;
            for (int t = 0; t < steps; t++)
            {
                Envs.Observations.AsSpan().CopyTo(obsBuf.AsSpan(t * n * obsDim, n * obsDim));
                for (int e = 0; e < n; e++) doneBuf[t * n + e] = nextDone[e];
                using (new TensorScope())
                using (GradMode.NoGrad())
                {
                    var obs = Tensor.FromArray(Envs.Observations, n, obsDim);
                    var dist = Agent.Policy(obs);
                    var a = dist.Sample(generator);
                    var logp = dist.LogProb(a).ToArray<float>();
                    var av = a.ToArray<float>();
                    var v = Agent.Value(obs).ToDoubleArray();
                    av.AsSpan().CopyTo(actBuf.AsSpan(t * n * d, n * d));
                    for (int e = 0; e < n; e++)
                    {
                        logpBuf[t * n + e] = logp[e];
                        valBuf[t * n + e] = v[e];
                        envActions[e] = av.AsSpan(e * d, d).ToArray();
                    }
                }
                Envs.Step(envActions);
                for (int e = 0; e < n; e++)
                {
                    rewBuf[t * n + e] = Envs.Rewards[e];
                    nextDone[e] = Envs.Terminated[e] || Envs.Truncated[e];
                }
            }
            using (new TensorScope())
            using (GradMode.NoGrad())
                Agent.Value(Tensor.FromArray(Envs.Observations, n, obsDim)).ToDoubleArray().CopyTo(nextValue, 0);
            Gae.Compute(rewBuf, valBuf, doneBuf, nextValue, nextDone, o.Gamma, o.GaeLambda, adv, ret);

            PpoUpdateStats stats;
            using (new TensorScope())
                stats = PpoEpochs.Run(EvaluateMinibatch, optimizer, parameters, generator, indices, Tensor.FromArray(obsBuf, batch, obsDim),
                    Tensor.FromArray(actBuf, batch, d), logpBuf, valBuf, adv, ret, o, iteration, Envs.TotalSteps, lr);
            Updates.Add(stats);
            onUpdate?.Invoke(stats);
        }
    }

    /// <summary>log π_θ(a|s), entropy and V_θ(s) of a minibatch, for <see cref="PpoEpochs"/>.</summary>
    private (Tensor LogProb, Tensor Entropy, Tensor Value) EvaluateMinibatch(Tensor observations, Tensor actions)
    {
        var dist = Agent.Policy(observations);
        return (dist.LogProb(actions), dist.Entropy(), Agent.Value(observations));
    }

    /// <summary>The policy mean μ(s) for one observation as the environment stack sees it (already normalised when wrapped).</summary>
    public float[] MeanAction(float[] observation)
    {
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        return Agent.ActorMean.Forward(Tensor.FromArray(observation, 1, observation.Length)).ToArray<float>();
    }
}
