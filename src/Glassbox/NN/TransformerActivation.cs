namespace Glassbox.NN;

/// <summary>
/// The nonlinearity between the two linear layers of a transformer block's feed-forward network (PyTorch's
/// <c>activation="relu"</c> / <c>"gelu"</c> of <c>nn.TransformerEncoderLayer</c> and friends).
/// </summary>
public enum TransformerActivation
{
    /// <summary>max(0, x): the original transformer's choice (Vaswani et al. 2017) and PyTorch's default.</summary>
    Relu,

    /// <summary>The exact GELU x·Φ(x) (erf form, <see cref="GeluApproximate.None"/>), used by BERT and ViT.</summary>
    Gelu,
}
