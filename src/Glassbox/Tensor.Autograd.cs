using Glassbox.Autograd;

namespace Glassbox;

public sealed partial class Tensor
{
    /// <summary>
    /// Attaches a backward node to <paramref name="output"/> when grad mode is on and some input requires
    /// grad; otherwise returns the output untouched. Every differentiable op ends with this call, so its
    /// derivative sits right beside its forward.
    /// </summary>
    /// <param name="output">The freshly computed result (not yet part of any graph).</param>
    /// <param name="op">Op name for error messages and <see cref="Node.Name"/>.</param>
    /// <param name="inputs">The op's tensor inputs, in order; the backward returns one gradient per input.</param>
    /// <param name="backward">Maps ∂L/∂output to ∂L/∂input_i (null where an input gets no gradient).</param>
    /// <param name="saved">
    /// Every tensor the backward reads — inputs, outputs, masks, conditions and index tensors — so that an
    /// in-place write between forward and backward is reported instead of producing a gradient computed from
    /// the new values. Index tensors are listed even where the forward copied their values (as PyTorch saves
    /// them too): a program that rewrites an index before backward almost certainly expects the new one to
    /// count, and silently using the old one would hide that.
    /// </param>
    internal static Tensor Record(Tensor output, string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, params Tensor[] saved)
    {
        if (Anomaly.IsEnabled) Anomaly.CheckForward(op, output);
        if (!GradMode.IsEnabled) return output;
        bool any = false;
        foreach (var t in inputs) any |= t.requiresGrad;
        if (!any) return output;
        output.GradFn = new Node(op, inputs, backward, saved);
        output.requiresGrad = true;
        return output;
    }

    /// <summary>
    /// Guards an in-place write: a leaf that requires grad may not be modified in place while grad mode is
    /// on (its gradient would silently refer to values it no longer has); afterwards the version is bumped so
    /// that any graph that saved this tensor notices.
    /// </summary>
    internal void BeforeInPlace(string op)
    {
        if (GradMode.IsEnabled && requiresGrad && IsLeaf)
            throw new InvalidOperationException($"{op}: a leaf tensor that requires grad is being used in an in-place operation; wrap the update in GradMode.NoGrad()");
        if (GradMode.IsEnabled && GradFn is not null)
            throw new InvalidOperationException($"{op}: in-place modification of a tensor that is part of the autograd graph is not supported; use the out-of-place op");
        BumpVersion();
    }

    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad, accumulating
    /// into their <see cref="Grad"/> (<c>tensor.backward()</c>).
    /// </summary>
    /// <param name="gradient">∂L/∂this. Required unless this tensor has exactly one element (then 1).</param>
    /// <param name="retainGraph">Keep the graph so that backward can be called through it again.</param>
    /// <remarks>
    /// The chain rule, organised as reverse-mode autodiff: order the graph topologically (every node after
    /// its inputs), seed ∂L/∂this, then visit nodes from the output back, each turning the gradient of its
    /// output into gradients of its inputs and adding them into those inputs' running totals. A tensor used
    /// twice receives the sum of both contributions — the multivariate chain rule. See docs/autograd.md.
    /// </remarks>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (!requiresGrad)
            throw new InvalidOperationException("Backward: this tensor does not require grad and has no grad_fn");
        if (gradient is null)
        {
            if (Numel != 1)
                throw new InvalidOperationException($"Backward: grad can be implicitly created only for one-element outputs; this output has shape {ShapeUtil.Format(shape)}, pass a gradient");
            gradient = OnesLike(this);
        }
        else if (!ShapeUtil.SameShape(gradient.shape, shape))
            throw new ArgumentException($"Backward: gradient shape {ShapeUtil.Format(gradient.shape)} does not match output shape {ShapeUtil.Format(shape)}");

        var order = TopologicalOrder(this);
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) { [this] = gradient.Detach() };
        using var _ = GradMode.NoGrad();
        bool wasInBackward = Anomaly.InBackward;
        Anomaly.InBackward = true;
        try { RunBackward(order, grads, retainGraph); }
        finally { Anomaly.InBackward = wasInBackward; }
    }

    private static void RunBackward(List<Tensor> order, Dictionary<Tensor, Tensor> grads, bool retainGraph)
    {
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (!grads.Remove(t, out var g)) continue;
            if (t.GradFn is null)
            {
                if (t.requiresGrad) t.AccumulateGrad(g);
                continue;
            }
            var node = t.GradFn;
            var inGrads = node.Apply(g);
            if (inGrads.Length != node.Inputs.Count)
                throw new InvalidOperationException($"internal: backward of '{node.Name}' returned {inGrads.Length} gradients for {node.Inputs.Count} inputs");
            for (int k = 0; k < inGrads.Length; k++)
            {
                var x = node.Inputs[k];
                var gk = inGrads[k];
                if (gk is null || !x.requiresGrad) continue;
                if (!ShapeUtil.SameShape(gk.shape, x.shape))
                    throw new InvalidOperationException($"internal: backward of '{node.Name}' returned a gradient of shape {ShapeUtil.Format(gk.shape)} for input {k} of shape {ShapeUtil.Format(x.shape)}");
                if (gk.DType != x.DType) gk = gk.To(x.DType);
                if (Anomaly.IsEnabled) Anomaly.CheckBackward(node.Name, k, gk);
                grads[x] = grads.TryGetValue(x, out var acc) ? acc + gk : gk;
            }
            if (!retainGraph) node.Release();
        }
    }

    private void AccumulateGrad(Tensor g)
    {
        // A leaf's gradient outlives the step that computed it: never let a TensorScope reclaim it.
        using var _ = TensorScope.Untracked();
        if (Grad is null || Grad.Storage.IsReleased) Grad = g.CopyRaw();
        else Grad.AddInPlaceRaw(g);
    }

    /// <summary>Every tensor reachable from <paramref name="root"/> through grad_fn inputs, inputs before outputs.</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        // Iterative depth-first search: a deep graph (an RNN unrolled over thousands of steps) would
        // overflow the call stack with recursion.
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor t, int next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.GradFn?.Inputs;
            if (inputs is not null && next < inputs.Count)
            {
                stack.Push((t, next + 1));
                var x = inputs[next];
                if (x.requiresGrad && visited.Add(x)) stack.Push((x, 0));
            }
            else order.Add(t);
        }
        return order;
    }

    /// <summary>Sets <see cref="Grad"/> to null (<c>tensor.grad = None</c>).</summary>
    public void ZeroGrad() => Grad = null;

    /// <summary>
    /// Sums a broadcast gradient back to the shape of the input it came from: the adjoint of broadcasting.
    /// Dimensions that were prepended are summed away; dimensions of size 1 that were stretched are summed
    /// with keepDim.
    /// </summary>
    internal static Tensor SumTo(Tensor g, int[] target)
    {
        if (ShapeUtil.SameShape(g.shape, target)) return g;
        int lead = g.NDim - target.Length;
        var dims = new List<int>();
        for (int i = 0; i < g.NDim; i++)
            if (i < lead || (target[i - lead] == 1 && g.shape[i] != 1)) dims.Add(i);
        var s = g.Sum(dims.ToArray(), keepDim: true);
        return s.Reshape(target);
    }
}
