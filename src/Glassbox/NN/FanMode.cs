namespace Glassbox.NN;

/// <summary>Which fan scales a Kaiming initialisation (PyTorch's <c>mode</c>): preserving the variance of the
/// activations in the forward pass (<see cref="FanIn"/>) or of the gradients in the backward pass (<see cref="FanOut"/>).</summary>
public enum FanMode
{
    /// <summary>fan_in = in·Πkᵢ: Var(y) ≈ Var(x) forward (<c>"fan_in"</c>, the default).</summary>
    FanIn,

    /// <summary>fan_out = out·Πkᵢ: Var(∂L/∂x) ≈ Var(∂L/∂y) backward (<c>"fan_out"</c>).</summary>
    FanOut,
}
