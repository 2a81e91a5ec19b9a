namespace Glassbox.Models;

/// <summary>The squashing function of <see cref="LeNet5"/>'s hidden layers.</summary>
public enum LeNet5Activation
{
    /// <summary>tanh, the classic choice: LeCun et al. (1998) use a scaled tanh, A·tanh(S·a) with A = 1.7159, S = 2/3;
    /// the usual MNIST adaptation keeps the plain tanh.</summary>
    Tanh,

    /// <summary>ReLU, the modern substitute: trains faster from PyTorch's default initialisation.</summary>
    ReLU,
}
