using Glassbox.NN;

namespace Glassbox.RL.Networks;

/// <summary>Hidden-layer activation of the RL networks.</summary>
public enum MlpActivation
{
    /// <summary>tanh: bounded features, the usual choice of policy-gradient recipes (CleanRL's PPO, SB3's A2C).</summary>
    Tanh,
    /// <summary>ReLU: the usual choice of value-based recipes (CleanRL's DQN).</summary>
    Relu,
}

/// <summary>
/// Builds the small multilayer perceptrons of the RL agents: Linear → activation → … → Linear, every Linear
/// initialised orthogonally with a chosen gain and a zero bias, as CleanRL's <c>layer_init</c> does.
/// </summary>
/// <remarks>
/// The gains follow the PPO implementation-details study (Huang et al., 2022): √2 for hidden layers (the ReLU/tanh
/// gain that keeps activation scale), 0.01 for a policy head so that the initial policy is almost uniform and every
/// action is explored, 1 for a value head. With <c>orthogonal = false</c> the layers keep PyTorch's default
/// (Kaiming-uniform) initialisation, which is what CleanRL's DQN network uses.
/// </remarks>
public static class PolicyMlp
{
    /// <summary>
    /// in → hidden[0] → … → out, with <paramref name="activation"/> after every hidden layer and no activation
    /// after the output. Orthogonal gains: √2 on hidden layers and <paramref name="outputGain"/> on the last.
    /// </summary>
    public static Sequential Build(int inFeatures, IReadOnlyList<int> hidden, int outFeatures, MlpActivation activation, double outputGain,
        Generator generator, bool orthogonal = true)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (inFeatures < 1 || outFeatures < 1 || hidden.Any(h => h < 1))
            throw new ArgumentOutOfRangeException(nameof(hidden), $"PolicyMlp: layer sizes must be positive (in {inFeatures}, hidden [{string.Join(", ", hidden)}], out {outFeatures})");
        var net = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        int width = inFeatures;
        foreach (int h in hidden)
        {
            net.Add(Layer(width, h, Math.Sqrt(2), generator, orthogonal));
            net.Add(activation == MlpActivation.Tanh ? new Tanh() : new ReLU());
            width = h;
        }
        net.Add(Layer(width, outFeatures, outputGain, generator, orthogonal));
        return net;
    }

    /// <summary>A Linear layer with W orthogonal·gain and b = 0 (or PyTorch's default init when not orthogonal).</summary>
    public static Linear Layer(int inFeatures, int outFeatures, double gain, Generator generator, bool orthogonal = true)
    {
        var layer = new Linear(inFeatures, outFeatures, generator: generator);
        if (orthogonal)
        {
            Init.Orthogonal(layer.Weight, gain, generator);
            Init.Zeros(layer.Bias!);
        }
        return layer;
    }
}
