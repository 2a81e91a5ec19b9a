using Glassbox.Autograd;
using Glassbox.Optim;
using Glassbox.RL.Networks;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Conservative Q-Learning, the CQL(H) variant on top of SAC (Kumar et al. 2020, "Conservative Q-Learning for Offline
/// Reinforcement Learning"): SAC trained on a fixed dataset D, with each critic's loss augmented by
/// α·(E_{s~D}[log ∫ exp Q(s, a) da] − E_{(s,a)~D}[Q(s, a)]).
/// </summary>
/// <remarks>
/// <para><b>Why.</b> Trained on a fixed dataset, SAC's policy climbs Q towards actions the data never tried, where Q is an
/// extrapolation with nothing to correct it; the bootstrapped target then copies that optimism into every state, and the
/// estimate grows while the policy gets worse. The conservative term pushes Q down on all actions (the soft maximum,
/// log ∫ exp Q, is dominated by the largest values, i.e. by the overestimated actions) and back up on the dataset's
/// actions, so Q of actions the data does not support ends up below the data's — a lower bound in expectation
/// (the paper's theorem 3.2) that the policy has no reason to chase.</para>
/// <para><b>Estimator of the log-sum-exp.</b> For each state s of the minibatch, N actions are drawn from each of three
/// proposals: uniform on the action box (density u = 1/Π(highₖ − lowₖ)), the current policy at s, and the current policy at
/// the next state s′, with log-densities log π(a|s) and log π(a|s′). Each proposal gives an importance-sampling estimate
/// of ∫ exp Q(s, a) da = E_{a~μ}[exp Q(s, a) / μ(a)], and their average over all 3N draws gives
/// log ∫ exp Q(s, a) da ≈ logsumexp_{j=1..3N}(Q(s, aⱼ) − log μⱼ(aⱼ)) − log 3N.
/// The − log 3N is a constant (the authors' code omits it; it does not change any gradient), kept so that the reported gap
/// is the estimate it claims to be. The sampled actions and their log-densities are held constant: the term trains the
/// critics only, and the policy is trained by SAC's own loss.</para>
/// <para><b>Fixed α or Lagrangian.</b> With <see cref="CqlOptions.LagrangeThreshold"/> τ unset the penalty of critic i is
/// α·gapᵢ. With τ set it is α′·(α·gapᵢ − τ), and after each update log α′ takes one Adam step that increases α′ while
/// α·mean(gap) &gt; τ (loss −α′·(α·mean gap − τ), gap held constant), as in the authors' code.</para>
/// <para><b>Structure.</b> A <see cref="Cql"/> is a <see cref="Sac"/> whose <see cref="Sac.CriticPenalty"/> is this term:
/// targets, policy and temperature updates are SAC's unchanged. Naive offline SAC is the same <see cref="Sac"/> without
/// the penalty. The random draws of the penalty come from a generator of its own, seeded from the agent's seed, so runs
/// are reproducible.</para>
/// </remarks>
public sealed class Cql : IContinuousOffPolicyAgent, ISacCriticPenalty
{
    private readonly Generator generator;
    private readonly Adam? alphaPrimeOptimizer;
    private readonly double logUniformDensity;
    private readonly DType dtype;

    /// <summary>Creates the SAC agent (same arguments as <see cref="RL.Algorithms.Sac"/>'s constructor) and attaches the conservative term.</summary>
    public Cql(int observationSize, float[] actionLow, float[] actionHigh, SacOptions? sacOptions = null, CqlOptions? options = null, ulong seed = 0, DType dtype = DType.Float32)
    {
        Options = options ?? new CqlOptions();
        Options.Validate();
        this.dtype = dtype;
        Sac = new Sac(observationSize, actionLow, actionHigh, sacOptions, seed, dtype) { CriticPenalty = this };
        // A distinct stream: the penalty's draws must not shift the SAC generator's sequence of draws.
        generator = new Generator(seed ^ 0x9E3779B97F4A7C15UL);
        double logVolume = 0;
        for (int k = 0; k < actionLow.Length; k++) logVolume += Math.Log((double)actionHigh[k] - actionLow[k]);
        logUniformDensity = -logVolume;
        LogAlphaPrime = Tensor.Zeros([1], dtype);
        if (Options.LagrangeThreshold is not null)
        {
            LogAlphaPrime.RequiresGrad = true;
            alphaPrimeOptimizer = new Adam([LogAlphaPrime], lr: Options.AlphaPrimeLr);
        }
    }

    /// <summary>The conservative term's settings.</summary>
    public CqlOptions Options { get; }
    /// <summary>The SAC agent being trained (its networks, options and temperature).</summary>
    public Sac Sac { get; }
    /// <summary>log α′ of the Lagrangian variant, shape [1] (0, i.e. α′ = 1, and untrained with a fixed α).</summary>
    public Tensor LogAlphaPrime { get; }
    /// <summary>α′ = exp(log α′) as used in the latest update (1 with a fixed α).</summary>
    public double AlphaPrime { get; private set; } = 1.0;
    /// <summary>Mean over the twin critics of the latest gap, E[log ∫ exp Q] − E_D[Q] (NaN before the first update).</summary>
    public double LastGap { get; private set; } = double.NaN;

    /// <inheritdoc/>
    public int BatchSize => Sac.BatchSize;
    /// <inheritdoc/>
    public int LearningStarts => Sac.LearningStarts;

    /// <inheritdoc/>
    public Tensor Act(Tensor observations, bool explore) => Sac.Act(observations, explore);

    /// <summary>One SAC update with the conservative term in the critics' loss (then one α′ step in the Lagrangian variant).</summary>
    public OffPolicyUpdateStats Update(Tensor observations, Tensor actions, Tensor rewards, Tensor nextObservations, Tensor terminated)
    {
        var stats = Sac.Update(observations, actions, rewards, nextObservations, terminated);
        if (alphaPrimeOptimizer is not null)
        {
            using var scope = new TensorScope();
            double excess = Options.Alpha * LastGap - Options.LagrangeThreshold!.Value;
            var loss = -LogAlphaPrime.Exp() * excess;
            alphaPrimeOptimizer.ZeroGrad();
            loss.Sum().Backward();
            alphaPrimeOptimizer.Step();
            // The authors clamp α′ to [0, 10⁶]; exp keeps it positive, the upper clamp keeps a runaway gap from overflowing it.
            using (GradMode.NoGrad()) LogAlphaPrime.CopyFrom(LogAlphaPrime.Clamp(-30, Math.Log(1e6)));
        }
        return stats;
    }

    /// <summary>The conservative term for one minibatch (the hook <see cref="Sac"/> calls; see the class remarks).</summary>
    public Tensor Penalty(Sac agent, Tensor observations, Tensor actions, Tensor nextObservations, Tensor q1, Tensor q2)
    {
        int b = observations.Shape[0], n = Options.SampledActions;
        Tensor sampled, logDensity, states;
        using (GradMode.NoGrad())
        {
            states = observations.Repeat(n, 1);
            var scale = agent.Actor.ActionScale;
            var low = agent.Actor.ActionBias - scale;
            var uniform = Tensor.Rand([n * b, scale.Shape[0]], dtype, generator) * (scale * 2.0) + low;
            var (onPolicy, onPolicyLogProb) = agent.Actor.Forward(states).RSample(generator);
            var (nextPolicy, nextPolicyLogProb) = agent.Actor.Forward(nextObservations.Repeat(n, 1)).RSample(generator);
            sampled = Tensor.Cat([uniform, onPolicy, nextPolicy]);
            logDensity = Tensor.Cat([Tensor.Full([n * b], logUniformDensity, dtype), onPolicyLogProb, nextPolicyLogProb]);
            states = states.Repeat(3, 1);
        }
        var gap1 = ConservativeGap(agent.Qf1, states, sampled, logDensity, q1);
        var gap2 = ConservativeGap(agent.Qf2, states, sampled, logDensity, q2);
        LastGap = 0.5 * (gap1.Item() + gap2.Item());
        if (Options.LagrangeThreshold is double tau)
        {
            AlphaPrime = Math.Exp(LogAlphaPrime.Item());
            return (gap1 * Options.Alpha - tau) * AlphaPrime + (gap2 * Options.Alpha - tau) * AlphaPrime;
        }
        return (gap1 + gap2) * Options.Alpha;
    }

    /// <summary>
    /// The gap of one critic, mean_s[logsumexp_j(Q(s, aⱼ) − log μ(aⱼ)) − log M] − mean(Q(s, a_D)), from M = 3N sampled
    /// actions per state given explicitly (for tests and for callers that draw their own proposals).
    /// </summary>
    /// <param name="critic">The critic Q.</param>
    /// <param name="states">[M·B, obs]: the minibatch's states tiled M times (row j·B + i holds state i).</param>
    /// <param name="sampledActions">[M·B, A]: the sampled action of each row.</param>
    /// <param name="logDensity">[M·B]: the log-density under its proposal of each sampled action.</param>
    /// <param name="dataQ">[B]: Q(s, a_D) of the dataset pairs (in the graph).</param>
    /// <returns>A scalar tensor, differentiable with respect to the critic's weights.</returns>
    public static Tensor ConservativeGap(ContinuousQNetwork critic, Tensor states, Tensor sampledActions, Tensor logDensity, Tensor dataQ)
    {
        ArgumentNullException.ThrowIfNull(critic);
        int b = dataQ.Shape[0];
        if (dataQ.NDim != 1 || b == 0 || states.Shape[0] % b != 0 || sampledActions.Shape[0] != states.Shape[0] || logDensity.Shape[0] != states.Shape[0])
            throw new ArgumentException($"Cql.ConservativeGap: states {ShapeUtil.Format(states.ShapeArray)}, actions {ShapeUtil.Format(sampledActions.ShapeArray)} and log-densities {ShapeUtil.Format(logDensity.ShapeArray)} must have M·B rows for data Q {ShapeUtil.Format(dataQ.ShapeArray)}");
        int m = states.Shape[0] / b;
        var weighted = (critic.Forward(states, sampledActions) - logDensity).Reshape(m, b);
        var logMeanExp = weighted.LogSumExp(0) - Math.Log(m);
        return logMeanExp.Mean() - dataQ.Mean();
    }
}
