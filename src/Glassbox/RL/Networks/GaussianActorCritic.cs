using Glassbox.NN;
using Glassbox.RL.Distributions;

namespace Glassbox.RL.Networks;

/// <summary>
/// Policy and value MLPs for a continuous (Box) action space (CleanRL <c>ppo_continuous_action.py</c>'s <c>Agent</c>):
/// critic obs → 64 → 64 → 1 and actor mean obs → 64 → 64 → D, tanh, orthogonal init (gains √2 / 0.01 / 1), and a
/// state-independent log standard deviation parameter of shape [1, D] starting at 0 (σ = 1).
/// </summary>
/// <remarks>
/// A state-independent log σ is learned by the policy gradient alone: exploration shrinks globally as the policy
/// becomes confident, without the instability of a σ head that can collapse per state. Actions are sampled
/// unbounded; the environment wrapper clips them to the action box (the log-probability is of the unclipped sample).
/// </remarks>
public sealed class GaussianActorCritic : Module
{
    /// <summary>Builds the networks from <paramref name="generator"/>.</summary>
    public GaussianActorCritic(int observationSize, int actionSize, Generator generator, int hidden = 64)
    {
        Critic = RegisterModule("critic", PolicyMlp.Build(observationSize, [hidden, hidden], 1, MlpActivation.Tanh, 1.0, generator));
        ActorMean = RegisterModule("actor_mean", PolicyMlp.Build(observationSize, [hidden, hidden], actionSize, MlpActivation.Tanh, 0.01, generator));
        ActorLogStd = RegisterParameter("actor_logstd", Tensor.Zeros([1, actionSize]));
        ActionSize = actionSize;
    }

    /// <summary>The value network V(s).</summary>
    public Sequential Critic { get; }
    /// <summary>The network giving the action mean μ(s).</summary>
    public Sequential ActorMean { get; }
    /// <summary>log σ, shape [1, D], shared by all states.</summary>
    public Tensor ActorLogStd { get; }
    /// <summary>Action dimension D.</summary>
    public int ActionSize { get; }

    /// <summary>V(s) for observations [B, obs] → [B].</summary>
    public Tensor Value(Tensor observations) => Critic.Forward(observations).Squeeze(-1);

    /// <summary>π(·|s) = N(μ(s), diag σ²) for observations [B, obs].</summary>
    public DiagonalGaussian Policy(Tensor observations) => new(ActorMean.Forward(observations), ActorLogStd);
}
