namespace Glassbox.Autograd;

/// <summary>
/// Whether ops record the graph (PyTorch's grad mode). Per thread, like PyTorch's.
/// </summary>
/// <example><code>
/// using (GradMode.NoGrad()) { w.SubInPlace(w.Grad! * lr); }
/// </code></example>
public static class GradMode
{
    [ThreadStatic] private static bool disabled;

    /// <summary>True when ops record the graph on this thread (<c>torch.is_grad_enabled()</c>).</summary>
    public static bool IsEnabled => !disabled;

    /// <summary>Disables graph recording until the returned scope is disposed (<c>torch.no_grad()</c>).</summary>
    public static Scope NoGrad() => new(enabled: false);

    /// <summary>Enables graph recording until the returned scope is disposed (<c>torch.enable_grad()</c>).</summary>
    public static Scope EnableGrad() => new(enabled: true);

    /// <summary>Restores the previous grad mode when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool previousDisabled;

        internal Scope(bool enabled)
        {
            previousDisabled = disabled;
            disabled = !enabled;
        }

        /// <summary>Restores the grad mode that was active when the scope was created.</summary>
        public void Dispose() => disabled = previousDisabled;
    }
}
