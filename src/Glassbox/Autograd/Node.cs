namespace Glassbox.Autograd;

/// <summary>
/// One recorded op in the autograd graph (<c>tensor.grad_fn</c>): its name, its inputs, and the function
/// that turns the gradient of its output into gradients of its inputs.
/// </summary>
/// <remarks>
/// <para>
/// For y = f(x1, …, xk) and a scalar loss L, the backward function receives ∂L/∂y (same shape as y) and
/// returns ∂L/∂x_i = (∂y/∂x_i)ᵀ·∂L/∂y for each input — the vector-Jacobian product. It may return null for
/// inputs that get no gradient. Tensors the backward reads (saved tensors) are recorded with their storage
/// version so that an in-place write between forward and backward is caught.
/// </para>
/// <para>
/// A node carries up to two forms of its backward. The <i>fast</i> form may call raw kernels: its results are
/// plain values with no graph, which is all ordinary training needs. The <i>graph</i> form is built only from
/// differentiable tensor ops, so when it runs with grad mode on (backward with <c>createGraph</c>) the gradients
/// it returns are themselves differentiable — the basis of higher-order gradients. Many ops need only one
/// closure for both (mul's backward is already g·b); an op with no graph form throws
/// <see cref="NotSupportedException"/> under <c>createGraph</c> rather than return a gradient that silently
/// treats its own derivative as a constant.
/// </para>
/// </remarks>
public sealed class Node
{
    private Func<Tensor, Tensor?[]>? backward;
    private Func<Tensor, Tensor?[]>? graphBackward;
    private readonly bool twiceDifferentiable;
    private readonly Tensor[] saved;
    private readonly int[] savedVersions;

    internal Node(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, Func<Tensor, Tensor?[]>? graphBackward, Tensor[] saved)
    {
        Name = name;
        Inputs = inputs;
        this.backward = backward;
        this.graphBackward = graphBackward;
        twiceDifferentiable = graphBackward is not null;
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

    /// <summary>
    /// True when this node's backward can itself be differentiated (it has a form built from differentiable tensor
    /// ops), so a backward with <c>createGraph: true</c> may pass through it.
    /// </summary>
    public bool SupportsDoubleBackward => twiceDifferentiable;

    /// <summary>
    /// Runs the backward. With <paramref name="createGraph"/> the graph form runs with grad mode on, so the result
    /// records its own graph; without a graph form that throws <see cref="NotSupportedException"/> naming the op.
    /// </summary>
    internal Tensor?[] Apply(Tensor gradOutput, bool createGraph = false)
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
        if (!createGraph) return f(gradOutput);
        var gf = graphBackward ?? throw new NotSupportedException(
            $"double backward of '{Name}' is not implemented: createGraph needs every op between the outputs and the inputs " +
            "to have a differentiable backward (see the list in docs/autograd.md, 'Higher-order gradients')");
        using var _ = GradMode.EnableGrad();
        return gf(gradOutput);
    }

    internal void Release() { backward = null; graphBackward = null; }

    /// <inheritdoc/>
    public override string ToString() => $"<{Name}Backward>";
}
