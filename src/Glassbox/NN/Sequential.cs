using System.Collections;

namespace Glassbox.NN;

/// <summary>
/// Chains single-input modules: the output of each is the input of the next (<c>torch.nn.Sequential</c>).
/// Children are named "0", "1", … so parameters appear as "0.weight", "2.bias", as in PyTorch.
/// </summary>
/// <remarks>
/// Only <c>Module&lt;Tensor, Tensor&gt;</c> can be chained, which is what PyTorch's Sequential assumes at run time
/// (each forward gets exactly the previous output). A layer with several inputs or outputs (attention, a
/// recurrent layer) is called by the module that owns it, which is where the extra arguments come from.
/// </remarks>
public sealed class Sequential : Module<Tensor, Tensor>, IEnumerable<Module<Tensor, Tensor>>
{
    private readonly List<Module<Tensor, Tensor>> layers = [];

    /// <summary>Creates a chain of <paramref name="modules"/>, named by position.</summary>
    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    /// <summary>Creates a chain of named modules (PyTorch's <c>Sequential(OrderedDict(...))</c>).</summary>
    public Sequential(params (string Name, Module<Tensor, Tensor> Module)[] modules)
    {
        foreach (var (name, m) in modules) { RegisterModule(name, m); layers.Add(m); }
    }

    /// <summary>Appends a module, named by its position (<c>append</c>).</summary>
    public Sequential Add(Module<Tensor, Tensor> module)
    {
        RegisterModule(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    /// <summary>Number of modules.</summary>
    public int Count => layers.Count;

    /// <summary>The module at <paramref name="index"/> (negative counts from the end).</summary>
    public Module<Tensor, Tensor> this[int index] => layers[index < 0 ? index + layers.Count : index];

    /// <summary>Applies each module in order.</summary>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var m in layers) x = m.Call(x);
        return x;
    }

    /// <summary>Enumerates the modules in order.</summary>
    public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => layers.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
