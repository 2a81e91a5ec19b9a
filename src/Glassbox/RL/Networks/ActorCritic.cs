using Glassbox.NN;
using Glassbox.RL.Distributions;

namespace Glassbox.RL.Networks;

/// <summary>
/// Separate policy and value MLPs for a discrete action space (CleanRL <c>ppo.py</c>'s <c>Agent</c>):
/// actor obs → 64 → 64 → logits and critic obs → 64 → 64 → 1, tanh, orthogonal init with gains √2 / 0.01 (policy
/// head) / 1 (value head). No weights are shared, so the value loss cannot disturb the policy's features.
/// </summary>
public sealed class ActorCritic : Module
{
    /// <summary>Builds the two networks from <paramref name="generator"/> (critic first, then actor, as CleanRL).</summary>
    public ActorCritic(int observationSize, int actionCount, Generator generator, int hidden = 64, MlpActivation activation = MlpActivation.Tanh)
    {
        Critic = RegisterModule("critic", PolicyMlp.Build(observationSize, [hidden, hidden], 1, activation, 1.0, generator));
        Actor = RegisterModule("actor", PolicyMlp.Build(observationSize, [hidden, hidden], actionCount, activation, 0.01, generator));
        ObservationSize = observationSize;
        ActionCount = actionCount;
    }

    /// <summary>The value network V(s).</summary>
    public Sequential Critic { get; }
    /// <summary>The policy network, giving action logits.</summary>
    public Sequential Actor { get; }
    /// <summary>Observation features.</summary>
    public int ObservationSize { get; }
    /// <summary>Number of discrete actions.</summary>
    public int ActionCount { get; }

    /// <summary>V(s) for observations [B, obs] → [B].</summary>
    public Tensor Value(Tensor observations) => Critic.Forward(observations).Squeeze(-1);

    /// <summary>π(·|s) for observations [B, obs].</summary>
    public Categorical Policy(Tensor observations) => new(Actor.Forward(observations));
}
