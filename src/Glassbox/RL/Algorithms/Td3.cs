using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.RL.Networks;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// Twin Delayed DDPG (Fujimoto, van Hoof and Meger 2018) as in CleanRL's <c>td3_continuous_action.py</c>: DDPG with three
/// fixes for the critic's overestimation — twin critics, target policy smoothing and a delayed policy update.
/// </summary>
/// <remarks>
/// <para>One <see cref="Update"/> on a minibatch (s, a, r, s', d):</para>
/// <para><b>Target policy smoothing.</b> ã' = clip(μ'(s') + s_a·clip(σ̃·ε, −c, c), low, high), ε ~ N(0, I), with σ̃ = 0.2 and
/// c = 0.5 (<see cref="Td3Options.PolicyNoise"/>, <see cref="Td3Options.NoiseClip"/>): the target averages Q' over a small
/// neighbourhood of the target action, so the actor cannot exploit a narrow spurious peak of the critic.</para>
/// <para><b>Clipped double Q.</b> y = r + γ·(1 − d)·min(Q'₁(s', ã'), Q'₂(s', ã')); loss
/// L_Q = mean((Q₁(s, a) − y)²) + mean((Q₂(s, a) − y)²), one Adam step on both critics. The minimum of two independently
/// initialised estimates is biased low rather than high, and underestimation is not amplified by the policy's search.</para>
/// <para><b>Delayed policy update</b> (every d = <see cref="Td3Options.PolicyFrequency"/> = 2 critic updates):
/// L_μ = −mean(Q₁(s, μ(s))), one Adam step; then Polyak updates of all three targets. The critic gets a few steps to
/// settle on the current policy before the policy moves again.</para>
/// <para><b>Exploration</b> as <see cref="Ddpg"/>: a = clip(μ(s) + N(0, (σ·s_a)²), low, high), σ = 0.1.</para>
/// </remarks>
public sealed class Td3 : IContinuousOffPolicyAgent
{
    private readonly Generator generator;
    private readonly Adam qOptimizer, actorOptimizer;
    private readonly Tensor[] criticParameters;
    private readonly ActionNoise noise;
    private readonly DType dtype;

    /// <summary>Creates actor, twin critics and their targets, initialised from <paramref name="seed"/>.</summary>
    public Td3(int observationSize, float[] actionLow, float[] actionHigh, Td3Options? options = null, ulong seed = 0, DType dtype = DType.Float32)
    {
        Options = options ?? new Td3Options();
        Options.Validate();
        this.dtype = dtype;
        generator = new Generator(seed);
        int h = Options.Hidden, a = actionLow.Length;
        Actor = new DeterministicActor(observationSize, actionLow, actionHigh, h, dtype, generator);
        Qf1 = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        Qf2 = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        ActorTarget = new DeterministicActor(observationSize, actionLow, actionHigh, h, dtype, generator);
        Qf1Target = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        Qf2Target = new ContinuousQNetwork(observationSize, a, h, dtype, generator);
        Polyak.Copy(ActorTarget, Actor);
        Polyak.Copy(Qf1Target, Qf1);
        Polyak.Copy(Qf2Target, Qf2);
        foreach (var p in ActorTarget.Parameters().Concat(Qf1Target.Parameters()).Concat(Qf2Target.Parameters())) p.RequiresGrad = false;
        criticParameters = [.. Qf1.Parameters(), .. Qf2.Parameters()];
        qOptimizer = new Adam(criticParameters, lr: Options.LearningRate);
        actorOptimizer = new Adam(Actor.Parameters(), lr: Options.LearningRate);
        noise = new ActionNoise(actionLow, actionHigh, Actor.ActionScale, dtype);
    }

    /// <summary>The hyperparameters.</summary>
    public Td3Options Options { get; }
    /// <summary>The deterministic policy μ.</summary>
    public DeterministicActor Actor { get; }
    /// <summary>First critic Q₁ (the one the actor climbs).</summary>
    public ContinuousQNetwork Qf1 { get; }
    /// <summary>Second critic Q₂.</summary>
    public ContinuousQNetwork Qf2 { get; }
    /// <summary>Target policy μ'.</summary>
    public DeterministicActor ActorTarget { get; }
    /// <summary>Target of Q₁.</summary>
    public ContinuousQNetwork Qf1Target { get; }
    /// <summary>Target of Q₂.</summary>
    public ContinuousQNetwork Qf2Target { get; }
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

    /// <summary>
    /// The critics' target y = r + γ(1 − d)·min(Q'₁, Q'₂)(s', ã') with the smoothed target action ã'. <paramref name="noise"/>
    /// is the standard-normal ε ([B, A]) before scaling and clipping; null draws it from the agent's generator.
    /// </summary>
    public Tensor TargetQ(Tensor rewards, Tensor nextObservations, Tensor terminated, Tensor? noise = null)
    {
        using var _ = GradMode.NoGrad();
        var mu = ActorTarget.Forward(nextObservations);
        var eps = noise ?? Tensor.Randn(mu.ShapeArray, mu.DType, generator);
        var next = this.noise.Smooth(mu, eps, Options.PolicyNoise, Options.NoiseClip);
        var minQ = Qf1Target.Forward(nextObservations, next).Minimum(Qf2Target.Forward(nextObservations, next));
        return rewards + (1.0 - terminated) * Options.Gamma * minQ;
    }

    /// <inheritdoc/>
    public OffPolicyUpdateStats Update(Tensor observations, Tensor actions, Tensor rewards, Tensor nextObservations, Tensor terminated)
    {
        OffPolicyChecks.Batch("Td3", dtype, observations, actions, rewards, nextObservations, terminated);
        using var scope = new TensorScope();
        var y = TargetQ(rewards, nextObservations, terminated);
        var q1 = Qf1.Forward(observations, actions);
        var q2 = Qf2.Forward(observations, actions);
        var qLoss = F.MseLoss(q1, y) + F.MseLoss(q2, y);
        qOptimizer.ZeroGrad();
        qLoss.Backward();
        qOptimizer.Step();
        double criticLoss = qLoss.Item(), meanQ = q1.Mean().Item(), actorLoss = double.NaN;
        if (UpdateCount % Options.PolicyFrequency == 0)
        {
            actorLoss = FrozenCriticStep.Run(actorOptimizer, criticParameters, () => -Qf1.Forward(observations, Actor.Forward(observations)).Mean());
            Polyak.Update(ActorTarget, Actor, Options.Tau);
            Polyak.Update(Qf1Target, Qf1, Options.Tau);
            Polyak.Update(Qf2Target, Qf2, Options.Tau);
        }
        UpdateCount++;
        return new OffPolicyUpdateStats(criticLoss, meanQ, actorLoss, double.NaN);
    }
}
