namespace Glassbox;

/// <summary>
/// A region of code — typically one training step — whose temporary tensors give their buffers back to the
/// pool when it ends, so the next step reuses them instead of allocating (TorchSharp's <c>DisposeScope</c>;
/// PyTorch gets the same effect from reference counting and its caching allocator).
/// </summary>
/// <remarks>
/// <para>
/// Every buffer allocated on this thread while the scope is innermost is released at <see cref="Dispose"/>,
/// except those of tensors passed to <see cref="Keep"/> (moved to the enclosing scope, or to the GC if none).
/// Buffers allocated through <see cref="Untracked"/> — parameter gradients, optimizer state, running statistics
/// — are never released by a scope. A released tensor throws <see cref="ObjectDisposedException"/> on use.
/// </para>
/// <example><code>
/// for (...) {
///     using var step = new TensorScope();
///     var loss = lossFn.Forward(model.Forward(x), y);
///     optimizer.ZeroGrad(); loss.Backward(); optimizer.Step();
///     total += loss.Item();          // read before the scope ends
/// }
/// </code></example>
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? current;
    [ThreadStatic] private static int untrackedDepth;
    private readonly TensorScope? parent;
    private List<Storage>? owned = [];

    /// <summary>Opens a scope on this thread; it becomes the innermost one.</summary>
    public TensorScope()
    {
        parent = current;
        current = this;
    }

    /// <summary>Number of buffers this scope will release.</summary>
    public int Count => owned?.Count ?? 0;

    internal static void Track(Storage s)
    {
        if (untrackedDepth == 0) current?.owned?.Add(s);
    }

    /// <summary>
    /// Keeps <paramref name="t"/>'s buffer alive past the innermost scope (moving it to the enclosing scope, if any).
    /// Returns <paramref name="t"/>. Views share their base's buffer, so keeping a view keeps the base.
    /// </summary>
    public static Tensor Keep(Tensor t)
    {
        var s = current;
        if (s?.owned is { } list && list.Remove(t.Storage)) s.parent?.owned?.Add(t.Storage);
        return t;
    }

    /// <summary>
    /// Until disposed, buffers allocated on this thread belong to no scope (for state that outlives a step:
    /// gradients of leaves, optimizer moments, running statistics).
    /// </summary>
    public static UntrackedRegion Untracked() { untrackedDepth++; return default; }

    /// <summary>Ends an <see cref="Untracked"/> region.</summary>
    public readonly struct UntrackedRegion : IDisposable
    {
        /// <summary>Resumes tracking.</summary>
        public void Dispose() => untrackedDepth--;
    }

    /// <summary>Releases every buffer allocated in this scope that was not kept, and closes the scope.</summary>
    public void Dispose()
    {
        if (owned is null) return;
        if (current != this) throw new InvalidOperationException("TensorScope: scopes must be disposed innermost first, on the thread that created them");
        current = parent;
        var list = owned;
        owned = null;
        foreach (var s in list) s.Release();
    }
}
