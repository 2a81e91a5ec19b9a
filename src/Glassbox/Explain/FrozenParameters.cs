namespace Glassbox.Explain;

/// <summary>
/// Switches <see cref="Tensor.RequiresGrad"/> off on a set of parameters for the lifetime of the scope and restores
/// each one's own flag on dispose. An explanation needs gradients with respect to an input or an activation only;
/// with the parameters frozen the backward pass neither spends work on weight gradients nor adds into the
/// <see cref="Tensor.Grad"/> a training loop may be accumulating.
/// </summary>
internal readonly struct FrozenParameters : IDisposable
{
    private readonly List<Tensor> frozen;

    public FrozenParameters(IEnumerable<Tensor>? parameters)
    {
        frozen = [];
        if (parameters is null) return;
        foreach (var p in parameters)
            if (p.RequiresGrad) { p.RequiresGrad = false; frozen.Add(p); }
    }

    public void Dispose()
    {
        if (frozen is null) return;
        foreach (var p in frozen) p.RequiresGrad = true;
    }
}
