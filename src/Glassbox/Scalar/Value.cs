namespace Glassbox.Scalar;

/// <summary>
/// One scalar in a computation graph with reverse-mode autodiff — the teaching-size counterpart of
/// <see cref="Tensor"/>, after Andrej Karpathy's micrograd (<c>micrograd.engine.Value</c>).
/// </summary>
/// <remarks>
/// <para>
/// Every operation returns a new <see cref="Value"/> that remembers its inputs (<see cref="Children"/>) and a
/// small closure, its <i>local backward</i>. When called, that closure applies the chain rule for one node:
/// for an output z = f(x₁, …, xₖ) it adds <c>∂z/∂xᵢ · z.Grad</c> into each <c>xᵢ.Grad</c> — the local
/// derivative times the upstream gradient ∂L/∂z.
/// </para>
/// <para>
/// <b>Why += and never =.</b> If a value feeds two operations (x·x, or a weight shared by every sample of a
/// batch), L depends on it along several paths and ∂L/∂x is the <i>sum</i> of the contributions from each
/// path (the multivariate chain rule). Each consumer adds its share; assignment would keep only the last one.
/// The same accumulation is why gradients must be reset with <see cref="ScalarModule.ZeroGrad"/> between steps.
/// </para>
/// <para>
/// <see cref="Backward"/> orders the graph topologically so that a node's gradient is complete (all its
/// consumers have contributed) before its own local backward passes it on.
/// </para>
/// </remarks>
public sealed partial class Value
{
    // The (at most two) inputs, as fields rather than an array so that a node is a single allocation: training
    // the moons demo creates millions of nodes.
    private readonly Value? a, b;
    private Action<Value>? backward;
    private int visitMark;
    private static int visitEpoch;

    /// <summary>Creates a leaf (an input, a weight or a constant) holding <paramref name="data"/>.</summary>
    /// <param name="data">The scalar.</param>
    /// <param name="label">An optional name shown by <see cref="ToString"/>.</param>
    public Value(double data, string? label = null)
    {
        Data = data;
        Op = "";
        Label = label;
    }

    private Value(double data, string op, Value a, Value? b)
    {
        Data = data;
        Op = op;
        this.a = a;
        this.b = b;
    }

    /// <summary>The forward value (<c>value.data</c>). Optimizers update leaves by writing it.</summary>
    public double Data { get; set; }

    /// <summary>∂L/∂this after <see cref="Backward"/> on some L (<c>value.grad</c>); accumulates across calls.</summary>
    public double Grad { get; set; }

    /// <summary>The operation that produced this value ("+", "*", "tanh", …), or "" for a leaf.</summary>
    public string Op { get; }

    /// <summary>An optional human-readable name.</summary>
    public string? Label { get; set; }

    /// <summary>The inputs of the operation that produced this value (empty for leaves).</summary>
    public IReadOnlyList<Value> Children => a is null ? [] : b is null ? [a] : [a, b];

    /// <summary>Creates a graph node: the output of <paramref name="op"/> applied to one or two inputs.</summary>
    /// <param name="data">The forward result.</param>
    /// <param name="op">Label of the operation.</param>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input, or null for a unary op.</param>
    /// <param name="localBackward">Given the output node z (whose inputs are z.a and z.b), adds ∂z/∂input · z.Grad into
    /// each input's Grad. The ops pass <c>static</c> lambdas, which the compiler caches, so no closure is allocated
    /// per node.</param>
    private static Value Node(double data, string op, Value a, Value? b, Action<Value> localBackward) =>
        new(data, op, a, b) { backward = localBackward };

    /// <summary>
    /// Computes ∂this/∂v for every value v this one depends on, adding it into <c>v.Grad</c>
    /// (<c>value.backward()</c>).
    /// </summary>
    /// <remarks>
    /// Seeds <c>Grad = 1</c> (∂L/∂L), lists the graph in topological order (every node after its inputs), then
    /// walks that list backwards calling each node's local backward. The order guarantees that when a node is
    /// visited every consumer has already added its contribution, so the gradient it passes on is complete.
    /// The sort is an iterative depth-first search with an explicit stack, so a long chain (a deep sum of
    /// thousands of terms) cannot overflow the call stack as micrograd's recursive version can.
    /// Gradients of inner nodes are not reset first: call backward once per fresh graph.
    /// </remarks>
    public void Backward()
    {
        var order = TopologicalOrder();
        Grad = 1.0;
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var z = order[i];
            z.backward?.Invoke(z);
        }
    }

    /// <summary>
    /// The nodes reachable from this one in topological order: each node appears after all of its children.
    /// </summary>
    public List<Value> TopologicalOrder()
    {
        var order = new List<Value>();
        // "Visited" is a stamp on the node rather than a hash set: a fresh number per sort marks the nodes seen
        // in this sort, and nothing needs clearing afterwards. The counter is bumped atomically so that sorts of
        // different graphs on different threads never share a number; sorting one graph from two threads at once
        // is not supported (neither is running two backward passes through it concurrently).
        int mark = Interlocked.Increment(ref visitEpoch);
        visitMark = mark;
        // Each frame is (node, index of the next child to visit); a node is emitted once all children are done,
        // which is exactly the post-order of the recursive DFS.
        var stack = new Stack<(Value Node, int Next)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var child = next == 0 ? node.a : next == 1 ? node.b : null;
            if (child is not null)
            {
                stack.Push((node, next + 1));
                if (child.visitMark != mark) { child.visitMark = mark; stack.Push((child, 0)); }
            }
            else order.Add(node);
        }
        return order;
    }

    /// <summary>Shows data and gradient, e.g. <c>Value(data=0.5, grad=1)</c>.</summary>
    public override string ToString() =>
        $"Value({(Label is null ? "" : Label + ", ")}data={Data.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, grad={Grad.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})";
}
