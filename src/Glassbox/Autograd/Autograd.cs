namespace Glassbox.Autograd;

/// <summary>
/// The functional autograd interface (<c>torch.autograd</c>): gradients returned as values instead of accumulated
/// into <see cref="Tensor.Grad"/>, optionally as differentiable tensors for higher-order derivatives.
/// </summary>
/// <remarks>
/// <para><b>Double backward</b> (<c>createGraph</c>) is supported by: add, sub, mul, div, neg, pow, maximum, minimum,
/// exp, log, log1p, sqrt, rsqrt, sin, cos, abs, sign, tanh, sigmoid, erf, relu, leaky_relu, elu, gelu, silu, softplus,
/// clamp, matmul / mm / bmm, linear, sum, mean, var, logsumexp, max / min (all elements or along a dimension), norm,
/// cumsum, the views (reshape, view, squeeze, unsqueeze, transpose, permute, expand, slice, narrow, select), contiguous, clone, to, cat,
/// stack, flip, repeat, tril / triu, constant pad, where, masked_fill, index_select, gather, scatter_add, embedding,
/// softmax, log_softmax, conv1d, conv2d, conv_transpose2d, unfold, fold, max_pool1d / max_pool2d, avg_pool1d /
/// avg_pool2d, layer_norm, batch_norm, group_norm, instance_norm — and so by every op composed of them (cross_entropy,
/// nll_loss, mse_loss, bce_with_logits, dropout, …). It is <b>not</b> supported (a <see cref="NotSupportedException"/>
/// names the op) by adaptive pooling, interpolate, reflect / replicate / circular padding and prod.</para>
/// <para>Inside namespace <c>Glassbox</c> the bare name <c>Autograd</c> means this namespace; write
/// <c>Glassbox.Autograd.Autograd.Grad(…)</c> or alias the class (<c>using AG = Glassbox.Autograd.Autograd;</c>).</para>
/// </remarks>
public static class Autograd
{
    /// <summary>
    /// Sum over the outputs of the vector-Jacobian products gᵢᵀ·∂outputᵢ/∂input, for each input
    /// (<c>torch.autograd.grad</c>). Leaves' <see cref="Tensor.Grad"/> are left untouched.
    /// </summary>
    /// <param name="outputs">Tensors to differentiate; each must require grad.</param>
    /// <param name="inputs">Tensors to differentiate with respect to — leaves or intermediate results; each must require grad.</param>
    /// <param name="gradOutputs">∂L/∂outputᵢ, one per output (an entry may be null for a one-element output, meaning 1);
    /// null means 1 for every output, all of which must then have one element. With <paramref name="createGraph"/>
    /// a gradOutput that requires grad is differentiated through as well.</param>
    /// <param name="retainGraph">Keep the graph for another backward; null means the value of <paramref name="createGraph"/>.</param>
    /// <param name="createGraph">Record the backward pass, so that the returned gradients are differentiable functions of
    /// the inputs (and of <paramref name="gradOutputs"/>): gradient penalties, MAML's second-order meta-gradient,
    /// Hessian-vector products. Every op on a path from the outputs to the inputs must support double backward, else
    /// <see cref="NotSupportedException"/> names the first one that does not (see docs/autograd.md for the list).</param>
    /// <param name="allowUnused">Return null for an input no output depends on, instead of throwing.</param>
    /// <returns>One gradient per input, shaped like the input; null only for an unused input with <paramref name="allowUnused"/>.</returns>
    /// <exception cref="ArgumentException">Empty lists, gradOutputs of the wrong count or shape.</exception>
    /// <exception cref="InvalidOperationException">An output or input that does not require grad, a graph already freed,
    /// or an unused input without <paramref name="allowUnused"/>.</exception>
    /// <example><code>
    /// // WGAN-GP: penalty = λ·(‖∇ₓ̂ D(x̂)‖₂ − 1)², itself differentiated with respect to D's parameters.
    /// var xhat = (eps * real + (1 - eps) * fake).Detach().RequiresGrad_();
    /// var dx = Autograd.Grad([critic.Forward(xhat)], [xhat], [Tensor.OnesLike(score)], createGraph: true)[0]!;
    /// var penalty = lambda * (dx.Flatten(1).Norm(2, 1) - 1).Pow(2).Mean();
    /// </code></example>
    public static Tensor?[] Grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? gradOutputs = null, bool? retainGraph = null,
        bool createGraph = false, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (outputs.Length == 0) throw new ArgumentException("grad: outputs must not be empty", nameof(outputs));
        if (inputs.Length == 0) throw new ArgumentException("grad: inputs must not be empty", nameof(inputs));
        if (gradOutputs is not null && gradOutputs.Length != outputs.Length)
            throw new ArgumentException($"grad: got {gradOutputs.Length} gradOutputs for {outputs.Length} outputs", nameof(gradOutputs));
        for (int i = 0; i < outputs.Length; i++)
            if (!outputs[i].RequiresGrad)
                throw new InvalidOperationException($"grad: element {i} of outputs does not require grad and does not have a grad_fn");
        for (int i = 0; i < inputs.Length; i++)
            if (!inputs[i].RequiresGrad)
                throw new InvalidOperationException($"grad: element {i} of inputs does not require grad; only tensors that require grad can be differentiated with respect to");
        var seeds = new Tensor[outputs.Length];
        for (int i = 0; i < outputs.Length; i++) seeds[i] = Tensor.SeedGradient(outputs[i], gradOutputs?[i], "grad", i);
        var result = Tensor.RunEngine(outputs, seeds, inputs, retainGraph ?? createGraph, createGraph, stopAtInputs: false)!;
        if (!allowUnused)
            for (int i = 0; i < result.Length; i++)
                if (result[i] is null)
                    throw new InvalidOperationException($"grad: element {i} of inputs (shape {ShapeUtil.Format(inputs[i].ShapeArray)}) appears not to have been used in the graph; pass allowUnused: true if that is intended");
        return result;
    }

    /// <summary>Single output, single input form of <see cref="Grad(Tensor[], Tensor[], Tensor?[], bool?, bool, bool)"/>.</summary>
    public static Tensor Grad(Tensor output, Tensor input, Tensor? gradOutput = null, bool? retainGraph = null, bool createGraph = false)
        => Grad([output], [input], [gradOutput], retainGraph, createGraph)[0]!;

    /// <summary>
    /// The graph form of an op's backward computed by differentiating a composition of differentiable ops that equals
    /// the op: <paramref name="composed"/> is re-run on the op's own inputs with grad mode on and differentiated with
    /// <c>createGraph</c>, the inputs treated as independent variables. Costs a second forward, paid only by
    /// <c>createGraph</c> passes; the fused kernels keep serving ordinary backward.
    /// </summary>
    internal static Tensor?[] RecomputedBackward(Tensor[] inputs, Tensor grad, Func<Tensor[], Tensor> composed)
    {
        Tensor y;
        using (GradMode.EnableGrad()) y = composed(inputs);
        var wanted = inputs.Where(x => x.RequiresGrad).ToArray();
        var result = new Tensor?[inputs.Length];
        if (wanted.Length == 0 || !y.RequiresGrad) return result;
        // retainGraph: the returned gradients' own graph reads the recomputed forward's tensors, and a third-order pass
        // goes back through their nodes.
        var g = Tensor.RunEngine([y], [grad], wanted, retainGraph: true, createGraph: true, stopAtInputs: true)!;
        for (int i = 0, j = 0; i < inputs.Length; i++)
            if (inputs[i].RequiresGrad) result[i] = g[j++];
        return result;
    }
}
