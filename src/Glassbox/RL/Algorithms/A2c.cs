using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.RL.Networks;
using Glassbox.RL.Spaces;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Advantage actor-critic (A2C, the synchronous form of Mnih et al.'s 2016 A3C) with n-step returns over N
/// synchronous environments, for discrete actions (Stable-Baselines3's A2C; see <see cref="A2cOptions"/>).
/// </summary>
/// <remarks>
/// <para><b>Update rule.</b> Every n steps of the N environments, with bootstrap V(s_{t+n}) at the end of the
/// rollout and cut at episode ends:
/// <code>
/// R_t  = r_t + γ·r_{t+1} + … + γ^{k−1}·r_{t+k−1} + γ^k·V(s_{t+k})      (k ≤ n steps to the rollout's end)
/// A_t  = R_t − V(s_t)                                                (GAE with λ = 1; λ &lt; 1 is an option)
/// L    = −mean[ A_t · log π_θ(a_t|s_t) ] − c_H·mean H[π_θ(·|s_t)] + c_V·mean[ (V(s_t) − R_t)² ]
/// </code>
/// one RMSprop step after clipping the gradient norm; A_t is a constant in the policy term.</para>
/// <para><b>Why.</b> The critic replaces REINFORCE's Monte Carlo return by a bootstrapped n-step return: a little bias
/// for much less variance, and an update every n steps instead of every episode. The N parallel environments
/// decorrelate the batch, the role experience replay plays for DQN, while the method stays on-policy.</para>
/// </remarks>
public sealed class A2c
{
    private readonly Generator generator;
    private readonly RMSprop optimizer;
    private readonly long seed;
    private readonly int actionStart;
    private readonly bool[] nextDone;

    /// <summary>Builds the learner for <paramref name="envs"/> (Box observations, Discrete actions).</summary>
    public A2c(IReadOnlyList<IEnv<float[], int>> envs, A2cOptions? options = null, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0) throw new ArgumentException("A2c: at least one environment is needed");
        Options = options ?? new A2cOptions();
        Options.Validate("A2c");
        if (envs[0].ActionSpace is not Discrete discrete)
            throw new ArgumentException($"A2c: {envs[0].Id} has action space {envs[0].ActionSpace}, but A2c needs a Discrete one");
        if (envs[0].ObservationSpace is not Box box)
            throw new ArgumentException($"A2c: {envs[0].Id} has observation space {envs[0].ObservationSpace}, but A2c needs a Box of float32 features");
        this.seed = (long)seed;
        generator = new Generator(seed);
        Agent = new ActorCritic(box.Size, discrete.N, generator, Options.Hidden);
        optimizer = new RMSprop(Agent.Parameters(), lr: Options.LearningRate, alpha: Options.RmsAlpha, eps: Options.RmsEps);
        Envs = new AutoResetEnvs<int>(envs);
        actionStart = discrete.Start;
        nextDone = new bool[envs.Count];
    }

    /// <summary>The recipe in use.</summary>
    public A2cOptions Options { get; }
    /// <summary>The actor and critic.</summary>
    public ActorCritic Agent { get; }
    /// <summary>The environments and the episodes finished in them.</summary>
    public AutoResetEnvs<int> Envs { get; }
    /// <summary>Every finished training episode, in order.</summary>
    public IReadOnlyList<EpisodeRecord> Episodes => Envs.Episodes;

    /// <summary>
    /// The A2C loss of a batch (see the class remarks): log-probabilities, entropies and values [B] with graph,
    /// advantages and returns [B] as constants.
    /// </summary>
    public static Tensor Loss(Tensor logProb, Tensor entropy, Tensor value, Tensor advantages, Tensor returns, A2cOptions options)
        => -(logProb * advantages.Detach()).Mean() - entropy.Mean() * options.EntropyCoef + F.MseLoss(value, returns.Detach()) * options.ValueCoef;

    /// <summary>Trains until <see cref="A2cOptions.TotalTimesteps"/> environment steps.</summary>
    public void Train(Action<long>? onUpdate = null) => Train(Options.TotalTimesteps - Envs.TotalSteps, onUpdate);

    /// <summary>Runs updates until at least <paramref name="steps"/> more environment steps have been taken.</summary>
    public void Train(long steps, Action<long>? onUpdate = null)
    {
        var o = Options;
        if (Envs.Observations.Length == 0) Envs.Reset(seed);
        int n = Envs.Count, t = o.NumSteps, batch = n * t, obsDim = Envs.ObservationSize;
        var obsBuf = new float[batch * obsDim];
        var actBuf = new long[batch];
        var valBuf = new double[batch];
        var rewBuf = new double[batch];
        var doneBuf = new bool[batch];
        var adv = new double[batch];
        var ret = new double[batch];
        var nextValue = new double[n];
        var envActions = new int[n];
        var parameters = Agent.Parameters().ToArray();
        long stopAt = Envs.TotalSteps + steps;
        while (Envs.TotalSteps < stopAt)
        {
            for (int s = 0; s < t; s++)
            {
                Envs.Observations.AsSpan().CopyTo(obsBuf.AsSpan(s * n * obsDim, n * obsDim));
                for (int e = 0; e < n; e++) doneBuf[s * n + e] = nextDone[e];
                using (new TensorScope())
                using (GradMode.NoGrad())
                {
                    var obs = Tensor.FromArray(Envs.Observations, n, obsDim);
                    var a = Agent.Policy(obs).SampleIndices(generator);
                    var v = Agent.Value(obs).ToDoubleArray();
                    for (int e = 0; e < n; e++) { actBuf[s * n + e] = a[e]; valBuf[s * n + e] = v[e]; envActions[e] = a[e] + actionStart; }
                }
                Envs.Step(envActions);
                for (int e = 0; e < n; e++) { rewBuf[s * n + e] = Envs.Rewards[e]; nextDone[e] = Envs.Terminated[e] || Envs.Truncated[e]; }
            }
            using (new TensorScope())
            {
                using (GradMode.NoGrad())
                    Agent.Value(Tensor.FromArray(Envs.Observations, n, obsDim)).ToDoubleArray().CopyTo(nextValue, 0);
                Gae.Compute(rewBuf, valBuf, doneBuf, nextValue, nextDone, o.Gamma, o.GaeLambda, adv, ret);
                var x = Tensor.FromArray(obsBuf, batch, obsDim);
                var dist = Agent.Policy(x);
                var loss = Loss(dist.LogProb(Tensor.FromArray(actBuf, batch)), dist.Entropy(), Agent.Value(x),
                    Tensor.FromArray(Array.ConvertAll(adv, v => (float)v), batch), Tensor.FromArray(Array.ConvertAll(ret, v => (float)v), batch), o);
                optimizer.ZeroGrad();
                loss.Backward();
                ClipGrad.Norm(parameters, o.MaxGradNorm);
                optimizer.Step();
            }
            onUpdate?.Invoke(Envs.TotalSteps);
        }
    }

    /// <summary>The most probable action for one observation (for greedy evaluation).</summary>
    public int Greedy(float[] observation)
    {
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        return (int)Agent.Policy(Tensor.FromArray(observation, 1, observation.Length)).Mode().ToArray<long>()[0] + actionStart;
    }
}
