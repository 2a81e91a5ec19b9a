namespace Glassbox.NN;

/// <summary>
/// Base class of loss modules (<c>torch.nn.modules.loss._Loss</c>): a module of two arguments, input and
/// target (<c>Module&lt;Tensor, Tensor, Tensor&gt;</c>), with a <see cref="NN.Reduction"/> (none, mean or sum). Optional class weights are registered as buffers
/// ("weight", "pos_weight"), so they travel with the state dict as in PyTorch.
/// </summary>
public abstract class Loss : Module<Tensor, Tensor, Tensor>
{
    /// <summary>Validates and stores the reduction.</summary>
    /// <param name="reduction">The reduction.</param>
    /// <param name="allowed">The reductions this loss supports; none given: <see cref="Reduction.None"/>,
    /// <see cref="Reduction.Mean"/> and <see cref="Reduction.Sum"/>.</param>
    protected Loss(Reduction reduction, params Reduction[] allowed)
    {
        var ok = allowed.Length == 0 ? [NN.Reduction.None, NN.Reduction.Mean, NN.Reduction.Sum] : allowed;
        if (!ok.Contains(reduction)) throw new ArgumentException($"{GetType().Name}: reduction must be one of {string.Join(", ", ok.Select(r => $"'{r.TorchName()}'"))}, got '{reduction.TorchName()}'");
        Reduction = reduction;
    }

    /// <summary>How per-element losses are combined.</summary>
    public Reduction Reduction { get; }

    /// <summary>Registers an optional buffer and returns it.</summary>
    protected Tensor? OptionalBuffer(string name, Tensor? t) => t is null ? null : RegisterBuffer(name, t);
}
