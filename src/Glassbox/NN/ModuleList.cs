using System.Collections;

namespace Glassbox.NN;

/// <summary>
/// A list of modules of one type whose parameters are registered under "0", "1", … (<c>torch.nn.ModuleList</c>).
/// It has no forward of its own: the owning module decides how to call its elements, and gets them back as
/// <typeparamref name="TModule"/>, so a stack of attention blocks or recurrent cells is called without casts.
/// </summary>
/// <typeparam name="TModule">The element type; <see cref="Module"/> for a mixed list (<see cref="ModuleList"/>).</typeparam>
public class ModuleList<TModule> : Module, IEnumerable<TModule> where TModule : Module
{
    private readonly List<TModule> items = [];

    /// <summary>Creates a list holding <paramref name="modules"/>.</summary>
    public ModuleList(params TModule[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    /// <summary>Appends a module (<c>append</c>).</summary>
    public ModuleList<TModule> Add(TModule module)
    {
        RegisterModule(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        items.Add(module);
        return this;
    }

    /// <summary>Number of modules.</summary>
    public int Count => items.Count;

    /// <summary>The module at <paramref name="index"/> (negative counts from the end).</summary>
    public TModule this[int index] => items[index < 0 ? index + items.Count : index];

    /// <summary>Enumerates the modules in order.</summary>
    public IEnumerator<TModule> GetEnumerator() => items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A list of modules of any type (<c>torch.nn.ModuleList</c>); see <see cref="ModuleList{TModule}"/>.</summary>
public sealed class ModuleList : ModuleList<Module>
{
    /// <summary>Creates a list holding <paramref name="modules"/>.</summary>
    public ModuleList(params Module[] modules) : base(modules) { }
}
