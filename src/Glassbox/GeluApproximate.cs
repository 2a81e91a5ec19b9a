namespace Glassbox;

/// <summary>Which GELU formula <see cref="Tensor.Gelu"/> and <see cref="NN.GELU"/> compute (PyTorch's <c>approximate</c>).</summary>
public enum GeluApproximate
{
    /// <summary>The exact y = x·Φ(x) = ½x·(1 + erf(x/√2)) (<c>approximate="none"</c>).</summary>
    None,

    /// <summary>y = ½x·(1 + tanh(√(2/π)(x + 0.044715x³))), the approximation of the original paper and of GPT-2 (<c>"tanh"</c>).</summary>
    Tanh,
}
