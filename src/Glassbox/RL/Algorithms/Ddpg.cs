using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.RL.Networks;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Deep Deterministic Policy Gradient (Lillicrap et al. 2016) as in CleanRL's <c>ddpg_continuous_action.py</c>: a
/// deterministic actor μ(s) trained to climb a learned critic Q(s, a), both with slowly trailing target copies.
/// </summary>
/// <remarks>
/// <para>One <see cref="Update"/> on a minibatch (s, a, r, s', d):</para>
/// <para><b>Critic.</b> y = r + γ·(1 − d)·Q'(s', μ'(s')), loss L_Q = mean((Q(s, a) − y)²), one Adam step.</para>
/// <para><b>Actor</b> (every <see cref="DdpgOptions.PolicyFrequency"/> updates): L_μ = −mean(Q(s, μ(s))), whose gradient is the
/// deterministic policy gradient ∇_θ J = E[∇ₐQ(s, a)|ₐ₌μ(s) · ∇_θ μ(s)] (Silver et al. 2014); then both targets are
/// Polyak-updated, θ' ← τθ + (1 − τ)θ'.</para>
/// <para><b>Exploration.</b> a = clip(μ(s) + N(0, (σ·s_a)²), low, high) with σ = <see cref="DdpgOptions.ExplorationNoise"/>: a
/// deterministic policy explores only through added noise, which off-policy learning allows.</para>
/// <para>
/// The single critic overestimates: the actor moves towards actions where Q errs upwards, and the target propagates the
/// error. <see cref="Td3"/> and <see cref="Sac"/> add a second critic to counter this; DDPG is kept as the baseline
/// that shows why.
/// </para>
/// </remarks>
public sealed class Ddpg : IContinuousOffPolicyAgent
{
    private readonly Generator generator;
    private readonly Adam qOptimizer, actorOptimizer;
    private readonly Tensor[] criticParameters;
    private readonly ActionNoise noise;
    private readonly DType dtype;

    /// <summary>Creates actor, critic and their targets, initialised from <paramref name="seed"/>.</summary>
    public Ddpg(int observationSize, float[] actionLow, float[] actionHigh, DdpgOptions? options = null, ulong seed = 0, DType dtype = DType.Float32)
    {
        Options = options ?? new DdpgOptions();
        Options.Validate();
        this.dtype = dtype;
        generator = new Generator(seed);
        int h = Options.Hidden, a = actionLow.Length;
        Actor = new DeterministicActor(observationSize, actionLow, actionHigh, h, dtype, generator);
        Qf1 = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        ActorTarget = new DeterministicActor(observationSize, actionLow, actionHigh, h, dtype, generator);
        Qf1Target = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        Polyak.Copy(ActorTarget, Actor);
        Polyak.Copy(Qf1Target, Qf1);
        foreach (var p in ActorTarget.Parameters().Concat(Qf1Target.Parameters())) p.RequiresGrad = false;
        criticParameters = [.. Qf1.Parameters()];
        qOptimizer = new Adam(criticParameters, lr: Options.LearningRate);
        actorOptimizer = new Adam(Actor.Parameters(), lr: Options.LearningRate);
        noise = new ActionNoise(actionLow, actionHigh, Actor.ActionScale, dtype);
    }

    /// <summary>The hyperparameters.</summary>
    public DdpgOptions Options { get; }
    /// <summary>The deterministic policy μ.</summary>
    public DeterministicActor Actor { get; }
    /// <summary>The critic Q.</summary>
    public ContinuousQNetwork Qf1 { get; }
    /// <summary>The target policy μ'.</summary>
    public DeterministicActor ActorTarget { get; }
    /// <summary>The target critic Q'.</summary>
    public ContinuousQNetwork Qf1Target { get; }
    /// <summary>Number of <see cref="Update"/> calls so far.</summary>
    public long UpdateCount { get; private set; }

    /// <inheritdoc/>
    public int BatchSize => Options.BatchSize;
    /// <inheritdoc/>
    public int LearningStarts => Options.LearningStarts;

    /// <summary>μ(s), plus clipped Gaussian noise when exploring.</summary>
    public Tensor Act(Tensor observations, bool explore)
    {
        using var _ = GradMode.NoGrad();
        var mu = Actor.Forward(observations);
        return explore ? noise.Explore(mu, Options.ExplorationNoise, generator) : mu;
    }

    /// <summary>The critic's regression target y = r + γ(1 − d)·Q'(s', μ'(s')).</summary>
    public Tensor TargetQ(Tensor rewards, Tensor nextObservations, Tensor terminated)
    {
        using var _ = GradMode.NoGrad();
        var nextQ = Qf1Target.Forward(nextObservations, ActorTarget.Forward(nextObservations));
        return rewards + (1.0 - terminated) * Options.Gamma * nextQ;
    }

    /// <inheritdoc/>
    public OffPolicyUpdateStats Update(Tensor observations, Tensor actions, Tensor rewards, Tensor nextObservations, Tensor terminated)
    {
        OffPolicyChecks.Batch("Ddpg", dtype, observations, actions, rewards, nextObservations, terminated);
        using var scope = new TensorScope();
        var y = TargetQ(rewards, nextObservations, terminated);
        var q = Qf1.Forward(observations, actions);
        var qLoss = F.MseLoss(q, y);
        qOptimizer.ZeroGrad();
        qLoss.Backward();
        qOptimizer.Step();
        double criticLoss = qLoss.Item(), meanQ = q.Mean().Item(), actorLoss = double.NaN;
        if (UpdateCount % Options.PolicyFrequency == 0)
        {
            actorLoss = FrozenCriticStep.Run(actorOptimizer, criticParameters, () => -Qf1.Forward(observations, Actor.Forward(observations)).Mean());
            Polyak.Update(ActorTarget, Actor, Options.Tau);
            Polyak.Update(Qf1Target, Qf1, Options.Tau);
        }
        UpdateCount++;
        return new OffPolicyUpdateStats(criticLoss, meanQ, actorLoss, double.NaN);
    }
}
