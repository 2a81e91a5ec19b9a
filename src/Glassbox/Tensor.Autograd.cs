using Glassbox.Autograd;

namespace Glassbox;

public sealed partial class Tensor
{
    /// <summary>
    /// Attaches a backward node to <paramref name="output"/> when grad mode is on and some input requires
    /// grad; otherwise returns the output untouched. Every differentiable op ends with this call, so its
    /// derivative sits right beside its forward.
    /// </summary>
    /// <remarks>
    /// This overload records a backward that is NOT itself differentiable (it calls raw kernels, or its formula
    /// treats something derived from the inputs as a constant): a backward with <c>createGraph</c> through this op
    /// throws <see cref="NotSupportedException"/>. Use <see cref="RecordDifferentiable"/> when the closure is built
    /// only from differentiable tensor ops, or the overload taking a separate graph form.
    /// </remarks>
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
        => RecordNode(output, op, inputs, backward, null, saved);

    /// <summary>
    /// Like <see cref="Record(Tensor, string, Tensor[], Func{Tensor, Tensor?[]}, Tensor[])"/>, with a fast
    /// <paramref name="backward"/> (raw kernels, used by ordinary backward) and a <paramref name="graphBackward"/>
    /// computing the same gradients from differentiable tensor ops (used, with grad mode on, by backward with
    /// <c>createGraph</c>). The two must agree to rounding; the double-backward tests check each pair.
    /// </summary>
    internal static Tensor Record(Tensor output, string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, Func<Tensor, Tensor?[]> graphBackward, params Tensor[] saved)
        => RecordNode(output, op, inputs, backward, graphBackward, saved);

    /// <summary>
    /// Records a node whose <paramref name="backward"/> is built only from differentiable tensor ops that read
    /// the op's inputs, outputs and constants (masks, indices) — never a raw kernel, and never a value derived from
    /// an input with its graph cut off — so the same closure serves ordinary backward (under no-grad, as fast as
    /// before) and backward with <c>createGraph</c> (under grad mode, recording the gradient's own graph).
    /// </summary>
    internal static Tensor RecordDifferentiable(Tensor output, string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, params Tensor[] saved)
        => RecordNode(output, op, inputs, backward, backward, saved);

    private static Tensor RecordNode(Tensor output, string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, Func<Tensor, Tensor?[]>? graphBackward, Tensor[] saved)
    {
        if (Anomaly.IsEnabled) Anomaly.CheckForward(op, output);
        if (!GradMode.IsEnabled) return output;
        bool any = false;
        foreach (var t in inputs) any |= t.requiresGrad;
        if (!any) return output;
        output.GradFn = new Node(op, inputs, backward, graphBackward, saved);
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
    /// <param name="retainGraph">Keep the graph so that backward can be called through it again; null (the default)
    /// means the value of <paramref name="createGraph"/>, as in PyTorch.</param>
    /// <param name="createGraph">Record the backward pass itself as a graph, so that the accumulated gradients are
    /// differentiable (higher-order gradients). Every op on the way must support it; see
    /// <see cref="Autograd.Autograd.Grad(Tensor[], Tensor[], Tensor?[], bool?, bool, bool)"/> and docs/autograd.md.</param>
    /// <remarks>
    /// The chain rule, organised as reverse-mode autodiff: order the graph topologically (every node after
    /// its inputs), seed ∂L/∂this, then visit nodes from the output back, each turning the gradient of its
    /// output into gradients of its inputs and adding them into those inputs' running totals. A tensor used
    /// twice receives the sum of both contributions — the multivariate chain rule. See docs/autograd.md.
    /// </remarks>
    public void Backward(Tensor? gradient = null, bool? retainGraph = null, bool createGraph = false)
    {
        if (!requiresGrad)
            throw new InvalidOperationException("Backward: this tensor does not require grad and has no grad_fn");
        gradient = SeedGradient(this, gradient, "Backward", -1);
        RunEngine([this], [gradient], null, retainGraph ?? createGraph, createGraph, stopAtInputs: false);
    }

    /// <summary>∂L/∂output: the given one (shape-checked) or 1 for a one-element output.</summary>
    internal static Tensor SeedGradient(Tensor output, Tensor? gradient, string op, int index)
    {
        string which = index < 0 ? "this output" : $"output {index}";
        if (gradient is null)
        {
            if (output.Numel != 1)
                throw new InvalidOperationException($"{op}: grad can be implicitly created only for one-element outputs; {which} has shape {ShapeUtil.Format(output.shape)}, pass a gradient");
            return OnesLike(output);
        }
        if (!ShapeUtil.SameShape(gradient.shape, output.shape))
            throw new ArgumentException($"{op}: gradient shape {ShapeUtil.Format(gradient.shape)} does not match the shape {ShapeUtil.Format(output.shape)} of {which}");
        return gradient;
    }

    /// <summary>
    /// The backward engine shared by <see cref="Backward"/> and <see cref="Autograd.Autograd.Grad(Tensor[], Tensor[], Tensor?[], bool?, bool, bool)"/>.
    /// </summary>
    /// <param name="roots">Outputs to differentiate (each requires grad).</param>
    /// <param name="seeds">∂L/∂root for each root.</param>
    /// <param name="inputs">Null: accumulate into every reachable leaf's <see cref="Grad"/> (backward). Otherwise return
    /// the gradient of each of these tensors (null where none reaches it) and touch no <see cref="Grad"/>.</param>
    /// <param name="retainGraph">Keep the nodes' saved values for another pass.</param>
    /// <param name="createGraph">Run every node's graph form with grad mode on, so the gradients are differentiable.</param>
    /// <param name="stopAtInputs">Do not look past <paramref name="inputs"/>: gradients are partial derivatives with the
    /// inputs treated as independent variables (used to differentiate a recomputed op through its own inputs only).</param>
    /// <remarks>
    /// With <paramref name="inputs"/> given, only nodes from which some input can be reached run: the rest of the graph
    /// contributes nothing to the requested gradients, and skipping it also keeps an op that lacks a double backward
    /// from failing a <c>createGraph</c> pass that never needed it.
    /// </remarks>
    internal static Tensor?[]? RunEngine(Tensor[] roots, Tensor[] seeds, Tensor[]? inputs, bool retainGraph, bool createGraph, bool stopAtInputs)
    {
        var inputSet = inputs is null ? null : new HashSet<Tensor>(inputs, ReferenceEqualityComparer.Instance);
        var order = TopologicalOrder(roots, stopAtInputs ? inputSet : null);
        HashSet<Tensor>? needed = null, run = null;
        if (inputSet is not null)
        {
            needed = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
            run = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
            foreach (var t in order)
            {
                bool isInput = inputSet.Contains(t);
                if (t.GradFn is not null && !(stopAtInputs && isInput))
                    foreach (var x in t.GradFn.Inputs)
                        if (needed.Contains(x)) { run.Add(t); break; }
                if (isInput || run.Contains(t)) needed.Add(t);
            }
        }

        using var mode = createGraph ? GradMode.EnableGrad() : GradMode.NoGrad();
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < roots.Length; i++)
        {
            var seed = createGraph ? seeds[i] : seeds[i].Detach();
            if (seed.DType != roots[i].DType) seed = seed.To(roots[i].DType);
            grads[roots[i]] = grads.TryGetValue(roots[i], out var acc) ? acc + seed : seed;
        }
        var found = inputSet is null ? null : new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        bool wasInBackward = Anomaly.InBackward;
        Anomaly.InBackward = true;
        try
        {
            for (int i = order.Count - 1; i >= 0; i--)
            {
                var t = order[i];
                if (!grads.Remove(t, out var g)) continue;
                if (found is not null)
                {
                    if (inputSet!.Contains(t)) found[t] = g;
                    if (!run!.Contains(t)) continue;
                }
                else if (t.GradFn is null)
                {
                    if (t.requiresGrad) t.AccumulateGrad(g, createGraph);
                    continue;
                }
                var node = t.GradFn!;
                var inGrads = node.Apply(g, createGraph);
                if (inGrads.Length != node.Inputs.Count)
                    throw new InvalidOperationException($"internal: backward of '{node.Name}' returned {inGrads.Length} gradients for {node.Inputs.Count} inputs");
                for (int k = 0; k < inGrads.Length; k++)
                {
                    var x = node.Inputs[k];
                    var gk = inGrads[k];
                    if (gk is null || !x.requiresGrad || (needed is not null && !needed.Contains(x))) continue;
                    if (!ShapeUtil.SameShape(gk.shape, x.shape))
                        throw new InvalidOperationException($"internal: backward of '{node.Name}' returned a gradient of shape {ShapeUtil.Format(gk.shape)} for input {k} of shape {ShapeUtil.Format(x.shape)}");
                    if (gk.DType != x.DType) gk = gk.To(x.DType);
                    if (Anomaly.IsEnabled) Anomaly.CheckBackward(node.Name, k, gk);
                    grads[x] = grads.TryGetValue(x, out var acc) ? acc + gk : gk;
                }
                if (!retainGraph) node.Release();
            }
        }
        finally { Anomaly.InBackward = wasInBackward; }
        if (inputs is null) return null;
        var result = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) result[i] = found!.TryGetValue(inputs[i], out var r) ? r : null;
        return result;
    }

    private void AccumulateGrad(Tensor g, bool createGraph)
    {
        // A leaf's gradient outlives the step that computed it: never let a TensorScope reclaim it.
        using var _ = TensorScope.Untracked();
        bool fresh = Grad is null || Grad.Storage.IsReleased;
        if (createGraph)
        {
            // Keep the graph (the gradient is to be differentiated again); Clone so that .Grad never aliases a tensor
            // the backward pass handed around (the seed, or a stride-0 expansion).
            Grad = fresh ? g.Clone() : Grad! + g;
        }
        else if (fresh) Grad = g.CopyRaw();
        else if (Grad!.GradFn is not null) Grad = BinaryRaw(Grad, g, Kernels.BinaryOp.Add, "accumulate_grad");
        else Grad.AddInPlaceRaw(g);
    }

    /// <summary>
    /// Every tensor reachable from <paramref name="roots"/> through grad_fn inputs, inputs before outputs. The search
    /// does not go below a tensor in <paramref name="stop"/>.
    /// </summary>
    private static List<Tensor> TopologicalOrder(Tensor[] roots, HashSet<Tensor>? stop)
    {
        // Iterative depth-first search: a deep graph (an RNN unrolled over thousands of steps) would
        // overflow the call stack with recursion.
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor t, int next)>();
        foreach (var root in roots)
        {
            if (!visited.Add(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = stop is not null && stop.Contains(t) ? null : t.GradFn?.Inputs;
                if (inputs is not null && next < inputs.Count)
                {
                    stack.Push((t, next + 1));
                    var x = inputs[next];
                    if (x.requiresGrad && visited.Add(x)) stack.Push((x, 0));
                }
                else order.Add(t);
            }
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
