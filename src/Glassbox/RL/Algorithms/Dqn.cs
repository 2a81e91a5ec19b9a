using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.RL.Networks;
using Glassbox.RL.Spaces;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Deep Q-learning (Mnih et al., 2015) with a replay buffer, a target network and an ε-greedy schedule, following
/// CleanRL's <c>dqn.py</c> (see <see cref="DqnOptions"/>), with Double DQN and Dueling DQN as options.
/// </summary>
/// <remarks>
/// <para><b>Acting.</b> At step t the agent takes a uniformly random action with probability ε(t) (linear from 1 to
/// 0.05 over the first half of training), else argmax_a Q_θ(s, a). Every transition (s, a, r, s′, terminated) goes
/// into a ring buffer of the last 10,000; s′ is the true next observation even when the episode was truncated.</para>
/// <para><b>Update rule</b>, every 10 steps after the first 10,000, on a uniformly sampled minibatch of 128:
/// <code>
/// y      = r + γ·(1 − terminated)·max_a′ Q_θ⁻(s′, a′)                 (DQN)
/// y      = r + γ·(1 − terminated)·Q_θ⁻(s′, argmax_a′ Q_θ(s′, a′))     (Double DQN)
/// L(θ)   = mean( ℓ( Q_θ(s, a) − y ) ),  ℓ(x) = x² (MSE) or Huber_δ=1(x)
/// θ⁻     ← τ·θ + (1 − τ)·θ⁻   every 500 steps (τ = 1: a copy)
/// </code>
/// with no gradient through y. Bootstrapping stops only on termination: a time-limit truncation is not a terminal
/// state of the MDP.</para>
/// <para><b>Why a target network.</b> Off-policy learning, bootstrapping and function approximation together — the
/// "deadly triad" — can diverge: every gradient step on Q_θ(s, a) also moves Q_θ(s′, ·), so the regression target
/// chases the estimate. Freezing θ⁻ for 500 steps turns each stretch into an ordinary supervised regression onto
/// fixed targets. The replay buffer breaks the correlation between consecutive samples. Double DQN removes the upward
/// bias of max over noisy estimates by decoupling the choice of a′ from its evaluation.</para>
/// <para>Randomness (network init, ε coin flips, random actions, minibatch indices) all comes from one
/// <see cref="Generator"/> seeded with the seed; environment i is reset with seed + i.</para>
/// </remarks>
public sealed class Dqn
{
    private readonly Generator generator;
    private readonly Adam optimizer;
    private readonly ReplayBuffer buffer;
    private readonly long seed;
    private readonly int actionStart;

    /// <summary>Builds the learner for <paramref name="envs"/> (CleanRL uses one) with Box observations and Discrete actions.</summary>
    public Dqn(IReadOnlyList<IEnv<float[], int>> envs, DqnOptions? options = null, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0) throw new ArgumentException("Dqn: at least one environment is needed");
        Options = options ?? new DqnOptions();
        Options.Validate("Dqn");
        if (envs[0].ActionSpace is not Discrete discrete)
            throw new ArgumentException($"Dqn: {envs[0].Id} has action space {envs[0].ActionSpace}, but DQN needs a Discrete one");
        if (envs[0].ObservationSpace is not Box box)
            throw new ArgumentException($"Dqn: {envs[0].Id} has observation space {envs[0].ObservationSpace}, but Dqn needs a Box of float32 features");
        this.seed = (long)seed;
        generator = new Generator(seed);
        QNetwork = new QNetwork(box.Size, discrete.N, generator, Options.Dueling);
        TargetNetwork = new QNetwork(box.Size, discrete.N, generator, Options.Dueling);
        TargetNetwork.LoadStateDict(QNetwork.StateDict());
        optimizer = new Adam(QNetwork.Parameters(), lr: Options.LearningRate);
        buffer = new ReplayBuffer(Options.BufferSize, box.Size, 1);
        Envs = new AutoResetEnvs<int>(envs);
        actionStart = discrete.Start;
        ActionCount = discrete.N;
    }

    /// <summary>The recipe in use.</summary>
    public DqnOptions Options { get; }
    /// <summary>The online network Q_θ.</summary>
    public QNetwork QNetwork { get; }
    /// <summary>The target network Q_θ⁻.</summary>
    public QNetwork TargetNetwork { get; }
    /// <summary>The environments and the episodes finished in them.</summary>
    public AutoResetEnvs<int> Envs { get; }
    /// <summary>Every finished training episode, in order.</summary>
    public IReadOnlyList<EpisodeRecord> Episodes => Envs.Episodes;
    /// <summary>Number of actions.</summary>
    public int ActionCount { get; }
    /// <summary>Steps taken so far (one per environment step; CleanRL's <c>global_step</c>).</summary>
    public long GlobalStep { get; private set; }
    /// <summary>(global step, loss, mean Q(s, a)) of every 100th update, for the curves.</summary>
    public List<(long Step, double Loss, double MeanQ)> LossHistory { get; } = [];

    /// <summary>
    /// The TD targets y (no graph) from rewards and terminated flags [B], the target network's Q(s′, ·) [B, A] and,
    /// for Double DQN, the online network's Q(s′, ·) [B, A] (null for plain DQN).
    /// </summary>
    public static Tensor TdTarget(Tensor rewards, Tensor terminated, Tensor nextQTarget, Tensor? nextQOnline, double gamma)
    {
        using var _ = GradMode.NoGrad();
        Tensor next = nextQOnline is null
            ? nextQTarget.Max(-1).Values
            : nextQTarget.Gather(-1, nextQOnline.ArgMax(-1, keepDim: true)).Squeeze(-1);
        return rewards + (1 - terminated) * next * gamma;
    }

    /// <summary>The regression loss between Q(s, a) (gathered from <paramref name="q"/> [B, A] at int64 <paramref name="actions"/> [B]) and the targets [B].</summary>
    public static Tensor Loss(Tensor q, Tensor actions, Tensor target, DqnLoss loss)
    {
        var qa = q.Gather(-1, actions.Unsqueeze(-1)).Squeeze(-1);
        return loss == DqnLoss.Mse ? F.MseLoss(qa, target) : F.HuberLoss(qa, target);
    }

    /// <summary>Trains for <see cref="DqnOptions.TotalTimesteps"/> steps in total.</summary>
    public void Train(Action<long>? onProgress = null) => Train(Options.TotalTimesteps - GlobalStep, onProgress);

    /// <summary>Runs <paramref name="steps"/> more environment steps (the ε schedule is over the whole run); the first call resets the environments with the seed.</summary>
    public void Train(long steps, Action<long>? onProgress = null)
    {
        var o = Options;
        if (Envs.Observations.Length == 0) Envs.Reset(seed);
        int n = Envs.Count, obsDim = Envs.ObservationSize;
        var actions = new int[n];
        var obsCopy = new float[n * obsDim];
        var parameters = QNetwork.Parameters().ToArray();
        var targetParameters = TargetNetwork.Parameters().ToArray();
        int updates = 0;
        for (long k = 0; k < steps; k++)
        {
            double eps = o.Epsilon(GlobalStep);
            Array.Copy(Envs.Observations, obsCopy, obsCopy.Length);
            int[]? greedy = null;
            for (int e = 0; e < n; e++)
            {
                if (generator.NextDouble() < eps) actions[e] = generator.NextInt(ActionCount);
                else
                {
                    greedy ??= Greedy(obsCopy, n, obsDim);
                    actions[e] = greedy[e];
                }
            }
            for (int e = 0; e < n; e++) actions[e] += actionStart;
            Envs.Step(actions);
            for (int e = 0; e < n; e++)
                buffer.Add(obsCopy.AsSpan(e * obsDim, obsDim), actions[e] - actionStart, Envs.Rewards[e],
                    Envs.FinalObservations.AsSpan(e * obsDim, obsDim), Envs.Terminated[e]);
            GlobalStep++;
            if (GlobalStep > o.LearningStarts)
            {
                if (GlobalStep % o.TrainFrequency == 0)
                {
                    using var scope = new TensorScope();
                    var batch = buffer.Sample(o.BatchSize, generator);
                    Tensor target;
                    using (GradMode.NoGrad())
                        target = TdTarget(batch.Rewards, batch.Terminated, TargetNetwork.Forward(batch.NextObservations),
                            o.DoubleQ ? QNetwork.Forward(batch.NextObservations) : null, o.Gamma);
                    var q = QNetwork.Forward(batch.Observations);
                    var loss = Loss(q, batch.Actions.Squeeze(-1).To(DType.Int64), target, o.Loss);
                    optimizer.ZeroGrad();
                    loss.Backward();
                    optimizer.Step();
                    if (updates++ % 100 == 0)
                        using (GradMode.NoGrad())
                            LossHistory.Add((GlobalStep, loss.Item(), q.Gather(-1, batch.Actions.To(DType.Int64)).Mean().Item()));
                }
                if (GlobalStep % o.TargetNetworkFrequency == 0)
                    using (GradMode.NoGrad())
                        for (int i = 0; i < parameters.Length; i++)
                            targetParameters[i].CopyFrom(o.Tau >= 1 ? parameters[i] : parameters[i] * o.Tau + targetParameters[i] * (1 - o.Tau));
            }
            onProgress?.Invoke(GlobalStep);
        }
    }

    private int[] Greedy(float[] obs, int n, int obsDim)
    {
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        var a = QNetwork.Forward(Tensor.FromArray(obs, n, obsDim)).ArgMax(-1).ToArray<long>();
        return Array.ConvertAll(a, v => (int)v);
    }

    /// <summary>The greedy action argmax_a Q_θ(s, a) for one observation (for evaluation).</summary>
    public int Act(float[] observation) => Greedy(observation, 1, observation.Length)[0] + actionStart;
}
