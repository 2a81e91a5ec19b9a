namespace Glassbox.Scalar;

/// <summary>The nonlinearity a <see cref="Neuron"/> applies to w·x + b.</summary>
public enum Activation
{
    /// <summary>No nonlinearity: the neuron is affine (the last layer of an <see cref="MLP"/>).</summary>
    Linear,
    /// <summary>max(z, 0) (<c>torch.nn.ReLU</c>), micrograd's default.</summary>
    Relu,
    /// <summary>tanh z (<c>torch.nn.Tanh</c>).</summary>
    Tanh,
    /// <summary>1/(1 + e⁻ᶻ) (<c>torch.nn.Sigmoid</c>).</summary>
    Sigmoid,
}
