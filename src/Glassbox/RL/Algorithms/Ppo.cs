using Glassbox.Autograd;
using Glassbox.Optim;
using Glassbox.RL.Networks;
using Glassbox.RL.Spaces;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Proximal policy optimisation with the clipped objective (Schulman et al., 2017) for discrete actions, following
/// CleanRL's <c>ppo.py</c> step for step (see <see cref="PpoOptions"/> for the recipe's numbers).
/// </summary>
/// <remarks>
/// <para><b>Loop.</b> Each iteration collects T steps from N environments with the current policy π_old (storing
/// s, a, log π_old(a|s), V_old(s), r, done), computes GAE advantages Â and returns R = Â + V_old
/// (<see cref="Gae"/>), then runs K epochs over the N·T samples in shuffled minibatches, with the learning rate
/// annealed linearly from its initial value to 0 over the iterations.</para>
/// <para><b>Update rule</b> for a minibatch, with r = exp(log π_θ(a|s) − log π_old(a|s)) and Â normalised to mean 0
/// and standard deviation 1 within the minibatch:
/// <code>
/// L_clip = mean( max( −Â·r, −Â·clip(r, 1 − ε, 1 + ε) ) )
/// L_V    = ½·mean( max( (V_θ − R)², (V_old + clip(V_θ − V_old, −ε, ε) − R)² ) )
/// L      = L_clip − c_H·mean H[π_θ(·|s)] + c_V·L_V
/// </code>
/// then one Adam step (ε = 1e-5) after clipping the global gradient norm to 0.5. The max of the two negated
/// surrogates is the pessimistic bound: once r has moved past 1 ± ε in the direction that helps, the gradient of
/// that sample vanishes, so many epochs over the same data cannot push π far from π_old — the cheap stand-in for
/// TRPO's trust region. The value clipping applies the same idea to V.</para>
/// <para><b>Networks</b>: <see cref="ActorCritic"/> (separate 64-64 tanh MLPs, orthogonal init √2 / 0.01 / 1).
/// Time-limit truncations end the GAE sum like terminations (as in CleanRL). Everything random draws from one
/// <see cref="Generator"/> seeded with the seed, and environment i is reset with seed + i, so a seed fixes the
/// whole learning curve.</para>
/// </remarks>
public sealed class Ppo
{
    private readonly Generator generator;
    private readonly Adam optimizer;
    private readonly long seed;
    private readonly bool[] nextDone;

    /// <summary>
    /// Builds the agent for <paramref name="envs"/> (one per parallel environment; <see cref="PpoOptions.NumEnvs"/> is
    /// taken from their count) with float32 Box observations and a <see cref="Discrete"/> action space.
    /// </summary>
    public Ppo(IReadOnlyList<IEnv<float[], int>> envs, PpoOptions? options = null, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0) throw new ArgumentException("Ppo: at least one environment is needed");
        Options = (options ?? new PpoOptions()) with { NumEnvs = envs.Count };
        Options.Validate("Ppo");
        if (envs[0].ActionSpace is not Discrete discrete)
            throw new ArgumentException($"Ppo: {envs[0].Id} has action space {envs[0].ActionSpace}, but Ppo needs a Discrete one (PpoContinuous handles Box actions)");
        if (envs[0].ObservationSpace is not Box box)
            throw new ArgumentException($"Ppo: {envs[0].Id} has observation space {envs[0].ObservationSpace}, but Ppo needs a Box of float32 features");
        this.seed = (long)seed;
        generator = new Generator(seed);
        Agent = new ActorCritic(box.Size, discrete.N, generator, Options.Hidden);
        optimizer = new Adam(Agent.Parameters(), lr: Options.LearningRate, eps: Options.AdamEps);
        Envs = new AutoResetEnvs<int>(envs);
        ActionStart = discrete.Start;
        nextDone = new bool[envs.Count];
    }

    /// <summary>The recipe in use.</summary>
    public PpoOptions Options { get; }
    /// <summary>The actor and critic.</summary>
    public ActorCritic Agent { get; }
    /// <summary>The environments and the episodes finished in them.</summary>
    public AutoResetEnvs<int> Envs { get; }
    /// <summary>Every finished training episode, in order.</summary>
    public IReadOnlyList<EpisodeRecord> Episodes => Envs.Episodes;
    /// <summary>Diagnostics of every iteration so far.</summary>
    public List<PpoUpdateStats> Updates { get; } = [];
    private int ActionStart { get; }

    /// <summary>
    /// When set, called after every rollout with its observations, actions and environment rewards, which it may
    /// overwrite before GAE (null: train on the environment's rewards). <see cref="Gail"/> uses it to substitute the
    /// discriminator's reward; the time-limit and termination handling are unchanged.
    /// </summary>
    public RolloutRewardHook? RewardHook { get; set; }

    /// <summary>
    /// The clipped PPO objective of one minibatch (see the class remarks). Inputs are [B] tensors of one float dtype;
    /// <paramref name="newLogProb"/>, <paramref name="entropy"/> and <paramref name="newValue"/> carry the graph, the
    /// rest are rollout constants. The advantages are normalised here when <see cref="PpoOptions.NormalizeAdvantages"/>
    /// (mean and the unbiased standard deviation of the minibatch, + 1e-8).
    /// </summary>
    public static PpoLossTerms Loss(Tensor newLogProb, Tensor entropy, Tensor newValue, Tensor oldLogProb, Tensor advantages, Tensor oldValue,
        Tensor returns, PpoOptions options)
    {
        var logRatio = newLogProb - oldLogProb;
        var ratio = logRatio.Exp();
        double eps = options.ClipCoef;
        var adv = advantages;
        if (options.NormalizeAdvantages) adv = (adv - adv.Mean()) / (adv.Std() + 1e-8);
        var pg1 = -adv * ratio;
        var pg2 = -adv * ratio.Clamp(1 - eps, 1 + eps);
        var pgLoss = pg1.Maximum(pg2).Mean();
        Tensor vLoss;
        var unclipped = (newValue - returns).Pow(2);
        if (options.ClipValueLoss)
        {
            var clippedValue = oldValue + (newValue - oldValue).Clamp(-eps, eps);
            vLoss = unclipped.Maximum((clippedValue - returns).Pow(2)).Mean() * 0.5;
        }
        else vLoss = unclipped.Mean() * 0.5;
        var entropyMean = entropy.Mean();
        var loss = pgLoss - entropyMean * options.EntropyCoef + vLoss * options.ValueCoef;
        double approxKl, clipFrac;
        using (GradMode.NoGrad())
        {
            approxKl = ((ratio - 1) - logRatio).Mean().Item();
            var r = ratio.ToDoubleArray();
            clipFrac = r.Count(v => Math.Abs(v - 1) > eps) / (double)Math.Max(1, r.Length);
        }
        return new PpoLossTerms(loss, pgLoss.Item(), vLoss.Item(), entropyMean.Item(), approxKl, clipFrac);
    }

    /// <summary>Runs <see cref="PpoOptions.Iterations"/> iterations, calling <paramref name="onUpdate"/> after each.</summary>
    public void Train(Action<PpoUpdateStats>? onUpdate = null) => Train(Options.Iterations, onUpdate);

    /// <summary>
    /// Runs <paramref name="iterations"/> more iterations (the learning-rate schedule is always over
    /// <see cref="PpoOptions.Iterations"/>); the first call resets the environments with the seed.
    /// </summary>
    public void Train(int iterations, Action<PpoUpdateStats>? onUpdate = null)
    {
        var o = Options;
        int n = o.NumEnvs, steps = o.NumSteps, batch = o.BatchSize;
        if (Envs.Observations.Length == 0) Envs.Reset(seed);
        int obsDim = Envs.ObservationSize;
        var obsBuf = new float[batch * obsDim];
        var actBuf = new long[batch];
        var logpBuf = new float[batch];
        var valBuf = new double[batch];
        var rewBuf = new double[batch];
        var doneBuf = new bool[batch];
        var adv = new double[batch];
        var ret = new double[batch];
        var nextValue = new double[n];
        var envActions = new int[n];
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
                    var a = dist.SampleIndices(generator);
                    var logp = dist.LogProb(Tensor.FromArray(Array.ConvertAll(a, v => (long)v), n)).ToArray<float>();
                    var v = Agent.Value(obs).ToDoubleArray();
                    for (int e = 0; e < n; e++)
                    {
                        actBuf[t * n + e] = a[e];
                        logpBuf[t * n + e] = logp[e];
                        valBuf[t * n + e] = v[e];
                        envActions[e] = a[e] + ActionStart;
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
            RewardHook?.Invoke(obsBuf, actBuf, rewBuf);
            Gae.Compute(rewBuf, valBuf, doneBuf, nextValue, nextDone, o.Gamma, o.GaeLambda, adv, ret);

            PpoUpdateStats stats;
            using (new TensorScope())
                stats = PpoEpochs.Run(EvaluateMinibatch, optimizer, parameters, generator, indices, Tensor.FromArray(obsBuf, batch, obsDim),
                    Tensor.FromArray(actBuf, batch), logpBuf, valBuf, adv, ret, o, iteration, Envs.TotalSteps, lr);
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

    /// <summary>The most probable action for one observation (for greedy evaluation).</summary>
    public int Greedy(float[] observation)
    {
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        return (int)Agent.Policy(Tensor.FromArray(observation, 1, observation.Length)).Mode().ToArray<long>()[0] + ActionStart;
    }

    /// <summary>Fisher–Yates shuffle drawing from <paramref name="generator"/>.</summary>
    internal static void Shuffle(int[] items, Generator generator)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = generator.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>1 − Var(y − ŷ)/Var(y) (NaN when Var(y) = 0): how much of the return variance the critic explains.</summary>
    public static double ExplainedVariance(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        double Var(Func<int, double> f, int len)
        {
            double m = 0; for (int i = 0; i < len; i++) m += f(i); m /= len;
            double s = 0; for (int i = 0; i < len; i++) { double d = f(i) - m; s += d * d; }
            return s / len;
        }
        var p = predicted.ToArray(); var y = actual.ToArray();
        double vy = Var(i => y[i], y.Length);
        return vy == 0 ? double.NaN : 1 - Var(i => y[i] - p[i], y.Length) / vy;
    }
}
