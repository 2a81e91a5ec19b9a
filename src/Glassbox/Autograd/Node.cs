namespace Glassbox.Autograd;

/// <summary>
/// One recorded op in the autograd graph (<c>tensor.grad_fn</c>): its name, its inputs, and the function
/// that turns the gradient of its output into gradients of its inputs.
/// </summary>
/// <remarks>
/// For y = f(x1, …, xk) and a scalar loss L, the backward function receives ∂L/∂y (same shape as y) and
/// returns ∂L/∂x_i = (∂y/∂x_i)ᵀ·∂L/∂y for each input — the vector-Jacobian product. It may return null for
/// inputs that get no gradient. Tensors the backward reads (saved tensors) are recorded with their storage
/// version so that an in-place write between forward and backward is caught.
/// </remarks>
public sealed class Node
{
    private Func<Tensor, Tensor?[]>? backward;
    private readonly Tensor[] saved;
    private readonly int[] savedVersions;

    internal Node(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, Tensor[] saved)
    {
        Name = name;
        Inputs = inputs;
        this.backward = backward;
        this.saved = saved;
        savedVersions = new int[saved.Length];
        for (int i = 0; i < saved.Length; i++) savedVersions[i] = saved[i].Version;
    }

    /// <summary>The op's name, as used in error messages (e.g. "mul", "matmul").</summary>
    public string Name { get; }

    /// <summary>The op's inputs, in argument order.</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>True once backward has run without <c>retainGraph</c>; the node can no longer be differentiated.</summary>
    public bool IsReleased => backward is null;

    internal Tensor?[] Apply(Tensor gradOutput)
    {
        var f = backward ?? throw new InvalidOperationException(
            $"Trying to backward through the graph a second time (node '{Name}'): its saved values were freed by the first Backward(). " +
            "Pass retainGraph: true to the first call if you need to backward twice.");
        for (int i = 0; i < saved.Length; i++)
        {
            if (saved[i].Version != savedVersions[i])
                throw new InvalidOperationException(
                    $"One of the tensors needed for the gradient of '{Name}' has been modified by an in-place operation: " +
                    $"its version is {saved[i].Version}, expected {savedVersions[i]}. Clone it before writing to it in place.");
        }
        return f(gradOutput);
    }

    internal void Release() => backward = null;

    /// <inheritdoc/>
    public override string ToString() => $"<{Name}Backward>";
}
