namespace Glassbox.NN;

/// <summary>The nonlinearities <see cref="Init.CalculateGain"/> knows (PyTorch's <c>calculate_gain</c> names).</summary>
public enum Nonlinearity
{
    /// <summary>Identity: gain 1.</summary>
    Linear,
    /// <summary>Conv1d (linear): gain 1.</summary>
    Conv1d,
    /// <summary>Conv2d (linear): gain 1.</summary>
    Conv2d,
    /// <summary>Conv3d (linear): gain 1.</summary>
    Conv3d,
    /// <summary>ConvTranspose1d (linear): gain 1.</summary>
    ConvTranspose1d,
    /// <summary>ConvTranspose2d (linear): gain 1.</summary>
    ConvTranspose2d,
    /// <summary>ConvTranspose3d (linear): gain 1.</summary>
    ConvTranspose3d,
    /// <summary>Sigmoid: gain 1.</summary>
    Sigmoid,
    /// <summary>Tanh: gain 5/3.</summary>
    Tanh,
    /// <summary>ReLU: gain √2 (half the inputs are zeroed, so the variance halves).</summary>
    Relu,
    /// <summary>Leaky ReLU with negative slope a: gain √(2/(1+a²)).</summary>
    LeakyRelu,
    /// <summary>SELU: gain 3/4.</summary>
    Selu,
}
