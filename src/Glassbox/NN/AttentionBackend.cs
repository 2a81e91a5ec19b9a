namespace Glassbox.NN;

/// <summary>
/// Which implementation <see cref="F.ScaledDotProductAttention"/> uses (set through <see cref="F.AttentionBackend"/>).
/// </summary>
public enum AttentionBackend
{
    /// <summary>The fused kernel whenever it supports the call, else the composed graph (the default).</summary>
    Auto,
    /// <summary>Always the composed graph (matmul, mask, softmax, dropout, matmul): every intermediate is a tensor
    /// with its own autograd node — for teaching, inspection, higher-order gradients and as the test reference.</summary>
    Composed,
    /// <summary>Always the fused online-softmax kernel; a call it cannot serve (dropout, a mask that needs a gradient)
    /// throws instead of silently falling back.</summary>
    Fused,
}
