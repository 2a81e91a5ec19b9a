using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.RL.Networks;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Soft Actor-Critic with twin critics and automatic entropy tuning (Haarnoja et al. 2018a, 2018b), following CleanRL's
/// <c>sac_continuous_action.py</c>: maximise the return plus α times the policy's entropy,
/// J(π) = E[Σₜ γᵗ (r(sₜ, aₜ) + α·H(π(·|sₜ)))].
/// </summary>
/// <remarks>
/// <para>One <see cref="Update"/> on a minibatch (s, a, r, s', d), with π the <see cref="SquashedGaussianActor"/>:</para>
/// <para><b>Critics.</b> a' ~ π(·|s') (reparameterised), target
/// y = r + γ·(1 − d)·(min(Q'₁(s', a'), Q'₂(s', a')) − α·log π(a'|s')),
/// loss L_Q = mean((Q₁(s, a) − y)²) + mean((Q₂(s, a) − y)²), one Adam step (lr <see cref="SacOptions.QLr"/>) on both critics.
/// The −α·log π term is the soft value: the next state's value includes the entropy the policy will collect there.</para>
/// <para><b>Policy</b> (every <see cref="SacOptions.PolicyFrequency"/> updates, that many times): ã = tanh(μ + σ·ε)·s + b with
/// ε ~ N(0, I), loss L_π = mean(α·log π(ã|s) − min(Q₁(s, ã), Q₂(s, ã))), gradients through ã into μ and log σ (the
/// critics' weights are held fixed), one Adam step (lr <see cref="SacOptions.PolicyLr"/>).</para>
/// <para><b>Temperature</b> (after each policy step, when <see cref="SacOptions.Autotune"/>): with a fresh ã and log π held
/// constant, L_α = mean(−e^(log α)·(log π(ã|s) + H̄)), one Adam step on log α (lr <see cref="SacOptions.QLr"/>). Its
/// gradient is −α·(mean log π + H̄) = α·(H(π) − H̄): α shrinks while the entropy is above the target H̄ = −|A| and grows when
/// the policy becomes more deterministic than that. log α starts at 0.</para>
/// <para><b>Targets.</b> Q'ᵢ ← τ·Qᵢ + (1 − τ)·Q'ᵢ every <see cref="SacOptions.TargetNetworkFrequency"/> updates.</para>
/// <para>
/// <b>Why two critics.</b> The policy climbs Q, so it seeks out the actions where Q's estimation error is positive, and
/// the bootstrapped target then feeds that overestimate back (Fujimoto et al. 2018). The minimum of two independently
/// initialised critics is a pessimistic estimate that cancels most of this bias.
/// </para>
/// <para>
/// Everything random — network initialisation, the reparameterisation noise of targets, policy and temperature steps, and
/// exploration in <see cref="Act"/> — is drawn from one <see cref="Generator"/> seeded at construction, in a fixed order,
/// so the same seed and the same minibatches give bit-identical parameters.
/// </para>
/// </remarks>
public sealed class Sac : IContinuousOffPolicyAgent
{
    private readonly Generator generator;
    private readonly Adam qOptimizer, actorOptimizer;
    private readonly Adam? alphaOptimizer;
    private readonly Tensor[] criticParameters;
    private readonly DType dtype;

    /// <summary>Creates the actor, twin critics and their targets (copies of the critics), initialised from <paramref name="seed"/>.</summary>
    /// <param name="observationSize">Observation dimension.</param>
    /// <param name="actionLow">Lower bounds of the action box.</param>
    /// <param name="actionHigh">Upper bounds of the action box.</param>
    /// <param name="options">Hyperparameters; null for CleanRL's defaults.</param>
    /// <param name="seed">Seed of every random draw the agent makes.</param>
    /// <param name="dtype">Floating dtype of the networks (float32, as CleanRL; float64 for exact tests).</param>
    public Sac(int observationSize, float[] actionLow, float[] actionHigh, SacOptions? options = null, ulong seed = 0, DType dtype = DType.Float32)
    {
        Options = options ?? new SacOptions();
        Options.Validate();
        this.dtype = dtype;
        generator = new Generator(seed);
        int h = Options.Hidden, a = actionLow.Length;
        Actor = new SquashedGaussianActor(observationSize, actionLow, actionHigh, h, dtype, generator);
        Qf1 = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        Qf2 = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        Qf1Target = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        Qf2Target = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        Polyak.Copy(Qf1Target, Qf1);
        Polyak.Copy(Qf2Target, Qf2);
        foreach (var p in Qf1Target.Parameters().Concat(Qf2Target.Parameters())) p.RequiresGrad = false;
        criticParameters = [.. Qf1.Parameters(), .. Qf2.Parameters()];
        qOptimizer = new Adam(criticParameters, lr: Options.QLr);
        actorOptimizer = new Adam(Actor.Parameters(), lr: Options.PolicyLr);
        TargetEntropy = Options.TargetEntropy ?? -a;
        LogAlpha = Tensor.Zeros([1], dtype);
        if (Options.Autotune)
        {
            LogAlpha.RequiresGrad = true;
            alphaOptimizer = new Adam([LogAlpha], lr: Options.QLr);
            Alpha = 1.0;
        }
        else Alpha = Options.Alpha;
    }

    /// <summary>The hyperparameters.</summary>
    public SacOptions Options { get; }
    /// <summary>The policy π.</summary>
    public SquashedGaussianActor Actor { get; }
    /// <summary>First critic Q₁.</summary>
    public ContinuousQNetwork Qf1 { get; }
    /// <summary>Second critic Q₂.</summary>
    public ContinuousQNetwork Qf2 { get; }
    /// <summary>Target of Q₁.</summary>
    public ContinuousQNetwork Qf1Target { get; }
    /// <summary>Target of Q₂.</summary>
    public ContinuousQNetwork Qf2Target { get; }
    /// <summary>log α, shape [1] (trained when autotuning).</summary>
    public Tensor LogAlpha { get; }
    /// <summary>The entropy coefficient α currently used in the losses.</summary>
    public double Alpha { get; private set; }
    /// <summary>The entropy target H̄ of the temperature loss.</summary>
    public double TargetEntropy { get; }
    /// <summary>Number of <see cref="Update"/> calls so far.</summary>
    public long UpdateCount { get; private set; }

    /// <summary>
    /// An extra term added to the critics' loss before their Adam step, or null (plain SAC). Offline methods change SAC
    /// only here: <see cref="Cql"/> adds its conservative penalty, and everything else (targets, policy, temperature,
    /// Polyak) stays SAC's. The reported critic loss includes the term.
    /// </summary>
    public ISacCriticPenalty? CriticPenalty { get; set; }

    /// <inheritdoc/>
    public int BatchSize => Options.BatchSize;
    /// <inheritdoc/>
    public int LearningStarts => Options.LearningStarts;

    /// <summary>Samples a ~ π(·|s) when exploring, otherwise the deterministic tanh(μ(s))·s + b.</summary>
    public Tensor Act(Tensor observations, bool explore)
    {
        using var _ = GradMode.NoGrad();
        var pi = Actor.Forward(observations);
        return explore ? pi.RSample(generator).Action : pi.Mode;
    }

    /// <summary>
    /// The critics' regression target y = r + γ(1 − d)(min(Q'₁, Q'₂)(s', a') − α log π(a'|s')) with a' = tanh(μ(s') + σ(s')·ε)·s + b.
    /// <paramref name="noise"/> is ε ([B, A]); null draws it from the agent's generator.
    /// </summary>
    public Tensor TargetQ(Tensor rewards, Tensor nextObservations, Tensor terminated, Tensor? noise = null)
    {
        using var _ = GradMode.NoGrad();
        var pi = Actor.Forward(nextObservations);
        var (next, logProb) = noise is null ? pi.RSample(generator) : pi.RSample(noise);
        var minQ = Qf1Target.Forward(nextObservations, next).Minimum(Qf2Target.Forward(nextObservations, next)) - logProb * Alpha;
        return rewards + (1.0 - terminated) * Options.Gamma * minQ;
    }

    /// <inheritdoc/>
    public OffPolicyUpdateStats Update(Tensor observations, Tensor actions, Tensor rewards, Tensor nextObservations, Tensor terminated)
    {
        OffPolicyChecks.Batch("Sac", dtype, observations, actions, rewards, nextObservations, terminated);
        using var scope = new TensorScope();
        var y = TargetQ(rewards, nextObservations, terminated);
        var q1 = Qf1.Forward(observations, actions);
        var q2 = Qf2.Forward(observations, actions);
        var qLoss = F.MseLoss(q1, y) + F.MseLoss(q2, y);
        if (CriticPenalty is not null) qLoss = qLoss + CriticPenalty.Penalty(this, observations, actions, nextObservations, q1, q2);
        qOptimizer.ZeroGrad();
        qLoss.Backward();
        qOptimizer.Step();
        double criticLoss = qLoss.Item(), meanQ = q1.Mean().Item(), actorLoss = double.NaN;

        if (UpdateCount % Options.PolicyFrequency == 0)
        {
            for (int k = 0; k < Options.PolicyFrequency; k++)
            {
                actorLoss = PolicyStep(observations);
                if (alphaOptimizer is not null) TemperatureStep(observations);
            }
        }
        if (UpdateCount % Options.TargetNetworkFrequency == 0)
        {
            Polyak.Update(Qf1Target, Qf1, Options.Tau);
            Polyak.Update(Qf2Target, Qf2, Options.Tau);
        }
        UpdateCount++;
        return new OffPolicyUpdateStats(criticLoss, meanQ, actorLoss, Alpha);
    }

    private double PolicyStep(Tensor observations) => FrozenCriticStep.Run(actorOptimizer, criticParameters, () =>
    {
        var (action, logProb) = Actor.Forward(observations).RSample(generator);
        var minQ = Qf1.Forward(observations, action).Minimum(Qf2.Forward(observations, action));
        return (logProb * Alpha - minQ).Mean();
    });

    private void TemperatureStep(Tensor observations)
    {
        Tensor logProb;
        using (GradMode.NoGrad()) logProb = Actor.Forward(observations).RSample(generator).LogProb;
        var loss = (-LogAlpha.Exp() * (logProb + TargetEntropy)).Mean();
        alphaOptimizer!.ZeroGrad();
        loss.Backward();
        alphaOptimizer.Step();
        Alpha = Math.Exp(LogAlpha.Item());
    }
}
