using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.RL.Networks;
using Glassbox.RL.Spaces;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Generative adversarial imitation learning (Ho &amp; Ermon, 2016) for discrete actions: a discriminator learns to tell
/// the expert's (s, a) pairs from the learner's, and the learner is trained by <see cref="Ppo"/> on a reward that pays
/// it for looking like the expert. The environment's reward is never used for learning.
/// </summary>
/// <remarks>
/// <para><b>Discriminator.</b> An MLP on [s, one-hot(a)] giving a logit z; D(s, a) = σ(z) is the probability that the
/// pair is the <i>expert's</i>. It minimises the binary cross-entropy with expert label 1 and policy label 0:
/// <code>
/// L_D = −mean_E log D(s, a) − mean_π log(1 − D(s, a)) = mean_E softplus(−z) + mean_π softplus(z)
/// </code>
/// (<see cref="DiscriminatorLoss"/>), once per PPO rollout on that rollout against expert pairs drawn with replacement.</para>
/// <para><b>Surrogate reward.</b> After the discriminator's round every rollout step is paid
/// <code>
/// r(s, a) = −log(1 − D(s, a)) = softplus(z)
/// </code>
/// (<see cref="SurrogateReward"/>), which replaces the environment's reward before GAE through
/// <see cref="Ppo.RewardHook"/>; PPO's own update is unchanged. <b>Sign convention:</b> the paper lets D be the
/// probability that a pair comes from the <i>policy</i> and charges the policy the cost log D_paper. Here, as in most
/// implementations (and in GANs), D is the probability of the <i>expert</i>, D = 1 − D_paper, so the paper's cost is
/// log(1 − D) and its negation −log(1 − D) is exactly the reward above. The other common choice, log D, is negative
/// and would penalise every step of a long episode; −log(1 − D) is bounded below by 0 and grows without bound as the
/// policy's pairs look expert-like. The reward is always positive, so it also pays for merely staying alive: on tasks whose episodes end on failure
/// (CartPole) that survival bonus points the same way as the task, which makes GAIL easier there than the
/// discriminator alone would; on tasks where ending early is the goal it points the wrong way
/// (Kostrikov et al., 2019, on this reward bias).</para>
/// <para><b>Randomness.</b> PPO draws from a generator seeded with the seed (as <see cref="Ppo"/> alone); the
/// discriminator's initialisation, shuffling and expert draws come from a second generator seeded with
/// seed XOR 0x9E3779B97F4A7C15, so a seed fixes the whole learning curve.</para>
/// <para>Not included: a gradient penalty on D and an absorbing-state treatment of terminations.</para>
/// </remarks>
public sealed class Gail
{
    private readonly Generator generator;
    private readonly Adam optimizer;
    private readonly Demonstrations expert;
    private readonly Tensor expertInputs;

    /// <summary>
    /// Builds the learner for <paramref name="envs"/> (as <see cref="Ppo"/>: float32 Box observations, a
    /// <see cref="Discrete"/> action space) imitating <paramref name="expert"/>, which must match both spaces.
    /// </summary>
    public Gail(IReadOnlyList<IEnv<float[], int>> envs, Demonstrations expert, GailOptions? options = null, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(expert);
        if (envs.Count == 0) throw new ArgumentException("Gail: at least one environment is needed");
        var o = options ?? new GailOptions();
        Options = o with { Ppo = o.Ppo with { NumEnvs = envs.Count } };
        Options.Validate("Gail");
        Ppo = new Ppo(envs, Options.Ppo, seed);
        if (!expert.IsDiscrete || expert.ActionCount != Ppo.Agent.ActionCount || expert.ObservationSize != Ppo.Agent.ObservationSize)
            throw new ArgumentException($"Gail: the demonstrations ({expert.ObservationSize} observation features, "
                + (expert.IsDiscrete ? $"{expert.ActionCount} discrete actions" : "continuous actions")
                + $") do not match {envs[0].Id} ({Ppo.Agent.ObservationSize} features, {Ppo.Agent.ActionCount} actions)");
        this.expert = expert;
        generator = new Generator(seed ^ 0x9E3779B97F4A7C15UL);
        Discriminator = PolicyMlp.Build(expert.ObservationSize + expert.ActionCount, Options.DiscriminatorHidden, 1, MlpActivation.Tanh, 1.0, generator);
        optimizer = new Adam(Discriminator.Parameters(), lr: Options.DiscriminatorLearningRate);
        expertInputs = Inputs(expert.Observations, expert.Actions);
        Ppo.RewardHook = OnRollout;
    }

    /// <summary>The recipe in use (its PPO part with <see cref="PpoOptions.NumEnvs"/> taken from the environments).</summary>
    public GailOptions Options { get; }
    /// <summary>The PPO learner whose rewards the discriminator supplies; its episodes record the environment's true returns.</summary>
    public Ppo Ppo { get; }
    /// <summary>The discriminator MLP: [s, one-hot(a)] [B, obs + actions] → logit [B, 1].</summary>
    public Sequential Discriminator { get; }
    /// <summary>Diagnostics of every discriminator round so far.</summary>
    public List<GailUpdateStats> DiscriminatorUpdates { get; } = [];
    /// <summary>Every finished training episode with its environment return.</summary>
    public IReadOnlyList<EpisodeRecord> Episodes => Ppo.Episodes;

    /// <summary>
    /// L_D = mean softplus(−z_E) + mean softplus(z_π): binary cross-entropy with the expert as class 1. Written with
    /// softplus, whose derivative σ(z) is exact everywhere; the max/abs form of a fused BCE-with-logits expression has
    /// kinks at z = 0 where an autograd graph picks a one-sided derivative (1 or 0 instead of ½).
    /// </summary>
    public static Tensor DiscriminatorLoss(Tensor expertLogits, Tensor policyLogits)
    {
        ArgumentNullException.ThrowIfNull(expertLogits);
        ArgumentNullException.ThrowIfNull(policyLogits);
        return (-expertLogits).Softplus().Mean() + policyLogits.Softplus().Mean();
    }

    /// <summary>The reward −log(1 − σ(z)) = softplus(z) of discriminator logits z (positive; large where D judges "expert").</summary>
    public static Tensor SurrogateReward(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return logits.Softplus();
    }

    /// <summary>Discriminator logits [B] of observations [B, obs] and 0-based int64 actions [B].</summary>
    public Tensor Logits(Tensor observations, Tensor actions) => Discriminator.Forward(Inputs(observations, actions)).Squeeze(-1);

    /// <summary>Runs the PPO iterations of <see cref="GailOptions.Ppo"/>, calling <paramref name="onUpdate"/> after each.</summary>
    public void Train(Action<PpoUpdateStats>? onUpdate = null) => Ppo.Train(onUpdate);

    /// <summary>Runs <paramref name="iterations"/> more PPO iterations (each with its discriminator round).</summary>
    public void Train(int iterations, Action<PpoUpdateStats>? onUpdate = null) => Ppo.Train(iterations, onUpdate);

    /// <summary>The policy's most probable action for one observation.</summary>
    public int Greedy(float[] observation) => Ppo.Greedy(observation);

    private Tensor Inputs(Tensor observations, Tensor actions)
        => Tensor.Cat([observations, Tensor.OneHot(actions, expert.ActionCount).To(observations.DType)], 1);

    /// <summary>The <see cref="RolloutRewardHook"/>: one discriminator round on the rollout, then the surrogate rewards.</summary>
    private void OnRollout(float[] observations, long[] actions, double[] rewards)
    {
        int batch = actions.Length, obsDim = expert.ObservationSize, mb = batch / Options.DiscriminatorMinibatches;
        var indices = Enumerable.Range(0, batch).ToArray();
        var expertIdx = new long[mb];
        double lossSum = 0, expertAcc = double.NaN, policyAcc = double.NaN;
        int rounds = 0;
        using var scope = new TensorScope();
        var policyInputs = Inputs(Tensor.FromArray(observations, batch, obsDim), Tensor.FromArray(actions, batch));
        for (int epoch = 0; epoch < Options.DiscriminatorEpochs; epoch++)
        {
            Ppo.Shuffle(indices, generator);
            for (int start = 0; start < batch; start += mb)
            {
                using var step = new TensorScope();
                for (int i = 0; i < mb; i++) expertIdx[i] = generator.NextInt(expert.Count);
                var zE = Discriminator.Forward(expertInputs.IndexSelect(0, Tensor.FromArray(expertIdx, mb))).Squeeze(-1);
                var zP = Discriminator.Forward(policyInputs.IndexSelect(0, Tensor.FromArray(indices[start..(start + mb)], mb))).Squeeze(-1);
                var loss = DiscriminatorLoss(zE, zP);
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
                lossSum += loss.Item();
                rounds++;
                expertAcc = zE.ToDoubleArray().Count(z => z > 0) / (double)mb;
                policyAcc = zP.ToDoubleArray().Count(z => z < 0) / (double)mb;
            }
        }
        double[] r;
        using (GradMode.NoGrad())
            r = SurrogateReward(Discriminator.Forward(policyInputs).Squeeze(-1)).ToDoubleArray();
        r.CopyTo(rewards, 0);
        DiscriminatorUpdates.Add(new GailUpdateStats(Ppo.Updates.Count + 1, rounds == 0 ? double.NaN : lossSum / rounds, expertAcc, policyAcc, r.Average()));
    }
}
