using Glassbox.NN;

namespace Glassbox.RL.Networks;

/// <summary>
/// Action values Q(s, ·) for a discrete action space. Plain (CleanRL <c>dqn.py</c>'s <c>QNetwork</c>):
/// obs → 120 → 84 → A with ReLU and PyTorch's default init. Dueling (Wang et al., 2016): the same trunk splits into
/// a value stream V(s) and an advantage stream A(s, a), recombined as Q = V + A − mean_a A.
/// </summary>
/// <remarks>
/// Subtracting the mean advantage makes the split identifiable (V and A could otherwise trade any constant) and
/// keeps the greedy action unchanged. The dueling head lets every update improve V(s) for all actions at once, which
/// helps when many actions have similar values (CartPole's two actions often do).
/// </remarks>
public sealed class QNetwork : Module<Tensor, Tensor>
{
    private readonly Sequential trunk;
    private readonly Linear? valueHead;
    private readonly Linear advantageHead;

    /// <summary>Builds the network from <paramref name="generator"/>.</summary>
    public QNetwork(int observationSize, int actionCount, Generator generator, bool dueling = false, int hidden1 = 120, int hidden2 = 84)
    {
        ArgumentNullException.ThrowIfNull(generator);
        trunk = RegisterModule("trunk", new Sequential(new Linear(observationSize, hidden1, generator: generator), new ReLU(),
            new Linear(hidden1, hidden2, generator: generator), new ReLU()));
        advantageHead = RegisterModule("head", new Linear(hidden2, actionCount, generator: generator));
        if (dueling) valueHead = RegisterModule("value_head", new Linear(hidden2, 1, generator: generator));
        ActionCount = actionCount;
        Dueling = dueling;
    }

    /// <summary>Number of actions.</summary>
    public int ActionCount { get; }
    /// <summary>Whether the dueling head is used.</summary>
    public bool Dueling { get; }

    /// <summary>Q(s, ·) for observations [B, obs] → [B, A].</summary>
    public override Tensor Forward(Tensor observations)
    {
        var h = trunk.Forward(observations);
        var a = advantageHead.Forward(h);
        if (valueHead is null) return a;
        return valueHead.Forward(h) + a - a.Mean(-1, keepDim: true);
    }
}
