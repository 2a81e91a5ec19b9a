using System.Collections;

namespace Glassbox.NN;

/// <summary>
/// Chains modules: the output of each is the input of the next (<c>torch.nn.Sequential</c>). Children are
/// named "0", "1", … so parameters appear as "0.weight", "2.bias", as in PyTorch.
/// </summary>
public sealed class Sequential : Module, IEnumerable<Module>
{
    private readonly List<Module> layers = [];

    /// <summary>Creates a chain of <paramref name="modules"/>, named by position.</summary>
    public Sequential(params Module[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    /// <summary>Creates a chain of named modules (PyTorch's <c>Sequential(OrderedDict(...))</c>).</summary>
    public Sequential(params (string Name, Module Module)[] modules)
    {
        foreach (var (name, m) in modules) { RegisterModule(name, m); layers.Add(m); }
    }

    /// <summary>Appends a module, named by its position (<c>append</c>).</summary>
    public Sequential Add(Module module)
    {
        RegisterModule(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    /// <summary>Number of modules.</summary>
    public int Count => layers.Count;

    /// <summary>The module at <paramref name="index"/> (negative counts from the end).</summary>
    public Module this[int index] => layers[index < 0 ? index + layers.Count : index];

    /// <summary>Applies each module in order.</summary>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var m in layers) x = m.Forward(x);
        return x;
    }

    /// <summary>Enumerates the modules in order.</summary>
    public IEnumerator<Module> GetEnumerator() => layers.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
