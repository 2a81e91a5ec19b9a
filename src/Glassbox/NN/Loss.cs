namespace Glassbox.NN;

/// <summary>
/// Base class of loss modules (<c>torch.nn.modules.loss._Loss</c>): a module of two arguments, input and
/// target (<c>Module&lt;Tensor, Tensor, Tensor&gt;</c>), with a reduction "none", "mean" or "sum". Optional class weights are registered as buffers
/// ("weight", "pos_weight"), so they travel with the state dict as in PyTorch.
/// </summary>
public abstract class Loss : Module<Tensor, Tensor, Tensor>
{
    /// <summary>Validates and stores the reduction.</summary>
    protected Loss(string reduction, params string[] allowed)
    {
        var ok = allowed.Length == 0 ? ["none", "mean", "sum"] : allowed;
        if (!ok.Contains(reduction)) throw new ArgumentException($"{GetType().Name}: reduction must be one of {string.Join(", ", ok.Select(r => $"'{r}'"))}, got '{reduction}'");
        Reduction = reduction;
    }

    /// <summary>How per-element losses are combined.</summary>
    public string Reduction { get; }

    /// <summary>Registers an optional buffer and returns it.</summary>
    protected Tensor? OptionalBuffer(string name, Tensor? t) => t is null ? null : RegisterBuffer(name, t);
}
