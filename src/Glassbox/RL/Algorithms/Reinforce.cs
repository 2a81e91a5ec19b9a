using Glassbox.Autograd;
using Glassbox.Optim;
using Glassbox.RL.Networks;
using Glassbox.RL.Spaces;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// REINFORCE (Williams, 1992): the Monte Carlo policy gradient, optionally with a learned state-value baseline,
/// for discrete actions.
/// </summary>
/// <remarks>
/// <para><b>Update rule.</b> After <see cref="ReinforceOptions.EpisodesPerUpdate"/> complete episodes played with
/// π_θ, with the return-to-go G_t = Σ_{k≥t} γ^{k−t}·r_k of every visited step:
/// <code>
/// w_t  = G_t − b_φ(s_t)            (w_t = G_t without a baseline; standardised over the batch if enabled)
/// L(θ, φ) = −mean_t[ w_t · log π_θ(a_t|s_t) ] − c_H·mean_t H[π_θ(·|s_t)] + c_b·mean_t[ (b_φ(s_t) − G_t)² ]
/// </code>
/// with w_t treated as a constant, then one Adam step after clipping the global gradient norm.</para>
/// <para><b>Why it works.</b> The policy-gradient theorem gives ∇J(θ) = E[ Σ_t ∇log π_θ(a_t|s_t) · G_t ]: raising
/// the log-probability of an action in proportion to the return that followed it climbs the expected return, and
/// the reward before t can be dropped because it does not depend on a_t. Any b(s_t) can be subtracted without bias,
/// since E_a[∇log π(a|s)] = 0; a baseline close to V(s_t) removes most of the variance of G_t, which is what makes the
/// estimator usable. It stays on-policy and high-variance: every update needs fresh complete episodes.</para>
/// <para>A time-limit truncation ends the return like a termination (the episode is what was played).</para>
/// </remarks>
public sealed class Reinforce
{
    private readonly Generator generator;
    private readonly Adam optimizer;
    private readonly IEnv<float[], int> env;
    private readonly long seed;
    private readonly int actionStart;
    private long episodeCount;

    /// <summary>Builds the learner for <paramref name="env"/> (Box observations, Discrete actions).</summary>
    public Reinforce(IEnv<float[], int> env, ReinforceOptions? options = null, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(env);
        Options = options ?? new ReinforceOptions();
        Options.Validate("Reinforce");
        if (env.ActionSpace is not Discrete discrete)
            throw new ArgumentException($"Reinforce: {env.Id} has action space {env.ActionSpace}, but Reinforce needs a Discrete one");
        if (env.ObservationSpace is not Box box)
            throw new ArgumentException($"Reinforce: {env.Id} has observation space {env.ObservationSpace}, but Reinforce needs a Box of float32 features");
        this.env = env;
        this.seed = (long)seed;
        generator = new Generator(seed);
        Agent = new ActorCritic(box.Size, discrete.N, generator, Options.Hidden);
        var parameters = Options.Baseline ? Agent.Parameters() : Agent.Actor.Parameters();
        optimizer = new Adam(parameters, lr: Options.LearningRate);
        actionStart = discrete.Start;
    }

    /// <summary>The recipe in use.</summary>
    public ReinforceOptions Options { get; }
    /// <summary>Policy (actor) and baseline (critic) networks; the critic is unused without a baseline.</summary>
    public ActorCritic Agent { get; }
    /// <summary>Every finished training episode, in order.</summary>
    public List<EpisodeRecord> Episodes { get; } = [];
    /// <summary>Environment steps taken so far.</summary>
    public long GlobalStep { get; private set; }

    /// <summary>G_t = r_t + γ·G_{t+1} for one episode, computed backwards.</summary>
    public static double[] ReturnsToGo(ReadOnlySpan<double> rewards, double gamma)
    {
        var g = new double[rewards.Length];
        double running = 0;
        for (int t = rewards.Length - 1; t >= 0; t--) g[t] = running = rewards[t] + gamma * running;
        return g;
    }

    /// <summary>
    /// The REINFORCE loss of a batch of steps (see the class remarks): log-probabilities and entropies [B] with graph,
    /// returns-to-go [B], and baseline values [B] with graph (null without a baseline).
    /// </summary>
    public static Tensor Loss(Tensor logProb, Tensor entropy, Tensor returns, Tensor? baseline, ReinforceOptions options)
    {
        Tensor weights;
        using (GradMode.NoGrad())
        {
            weights = baseline is null ? returns : returns - baseline.Detach();
            if (options.NormalizeAdvantages && weights.Numel > 1) weights = (weights - weights.Mean()) / (weights.Std() + 1e-8);
        }
        var loss = -(logProb * weights).Mean() - entropy.Mean() * options.EntropyCoef;
        if (baseline is not null) loss = loss + (baseline - returns).Pow(2).Mean() * options.BaselineCoef;
        return loss;
    }

    /// <summary>Trains until <see cref="ReinforceOptions.TotalTimesteps"/> steps have been taken (finishing the update in progress).</summary>
    public void Train(Action<long>? onUpdate = null) => Train(Options.TotalTimesteps - GlobalStep, onUpdate);

    /// <summary>Plays and learns for at least <paramref name="steps"/> more environment steps, in whole updates.</summary>
    public void Train(long steps, Action<long>? onUpdate = null)
    {
        var o = Options;
        long stopAt = GlobalStep + steps;
        var obs = new List<float>();
        var acts = new List<long>();
        var rets = new List<double>();
        var rewards = new List<double>();
        var parameters = (o.Baseline ? Agent.Parameters() : Agent.Actor.Parameters()).ToArray();
        while (GlobalStep < stopAt)
        {
            obs.Clear(); acts.Clear(); rets.Clear();
            for (int ep = 0; ep < o.EpisodesPerUpdate; ep++)
            {
                var current = (episodeCount++ == 0 ? env.Reset(seed) : env.Reset()).Observation;
                rewards.Clear();
                while (true)
                {
                    int a = Act(current);
                    var r = env.Step(a + actionStart);
                    obs.AddRange(current);
                    acts.Add(a);
                    rewards.Add(r.Reward);
                    GlobalStep++;
                    if (r.Terminated || r.Truncated) break;
                    current = r.Observation;
                }
                rets.AddRange(ReturnsToGo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rewards), o.Gamma));
                Episodes.Add(new EpisodeRecord(GlobalStep, 0, rewards.Sum(), rewards.Count));
            }
            using (new TensorScope())
            {
                int b = acts.Count, d = obs.Count / b;
                var x = Tensor.FromArray(obs.ToArray(), b, d);
                var dist = Agent.Policy(x);
                var loss = Loss(dist.LogProb(Tensor.FromArray(acts.ToArray(), b)), dist.Entropy(),
                    Tensor.FromArray(rets.Select(v => (float)v).ToArray(), b), o.Baseline ? Agent.Value(x) : null, o);
                optimizer.ZeroGrad();
                loss.Backward();
                ClipGrad.Norm(parameters, o.MaxGradNorm);
                optimizer.Step();
            }
            onUpdate?.Invoke(GlobalStep);
        }
    }

    private int Act(float[] observation)
    {
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        return Agent.Policy(Tensor.FromArray(observation, 1, observation.Length)).SampleIndices(generator)[0];
    }

    /// <summary>The most probable action for one observation (for greedy evaluation).</summary>
    public int Greedy(float[] observation)
    {
        using var scope = new TensorScope();
        using var _ = GradMode.NoGrad();
        return (int)Agent.Policy(Tensor.FromArray(observation, 1, observation.Length)).Mode().ToArray<long>()[0] + actionStart;
    }
}
