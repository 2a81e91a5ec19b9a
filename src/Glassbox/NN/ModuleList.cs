using System.Collections;

namespace Glassbox.NN;

/// <summary>
/// A list of modules whose parameters are registered under "0", "1", … (<c>torch.nn.ModuleList</c>).
/// It has no forward of its own: the owning module decides how to call its elements.
/// </summary>
public sealed class ModuleList : Module, IEnumerable<Module>
{
    private readonly List<Module> items = [];

    /// <summary>Creates a list holding <paramref name="modules"/>.</summary>
    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    /// <summary>Appends a module (<c>append</c>).</summary>
    public ModuleList Add(Module module)
    {
        RegisterModule(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        items.Add(module);
        return this;
    }

    /// <summary>Number of modules.</summary>
    public int Count => items.Count;

    /// <summary>The module at <paramref name="index"/> (negative counts from the end).</summary>
    public Module this[int index] => items[index < 0 ? index + items.Count : index];

    /// <summary>Always throws: a ModuleList is a container, not a layer (as in PyTorch).</summary>
    public override Tensor Forward(Tensor input) => throw new NotSupportedException("ModuleList has no Forward; iterate over its modules instead");

    /// <summary>Enumerates the modules in order.</summary>
    public IEnumerator<Module> GetEnumerator() => items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
