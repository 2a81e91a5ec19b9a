using System.Text;
using Glassbox.Autograd;

namespace Glassbox.NN;

/// <summary>
/// Base class of every network building block (<c>torch.nn.Module</c>): owns named parameters, buffers and
/// child modules, training mode and the state dict. It has no forward of its own: the forward signature is
/// given by the typed subclasses <see cref="Module{TIn, TOut}"/>, <see cref="Module{T1, T2, TOut}"/> and
/// <see cref="Module{T1, T2, T3, TOut}"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Why the forward is not declared here.</b> PyTorch's <c>forward(*args)</c> takes any arguments and returns
/// anything; a C# base class that mandated <c>Tensor Forward(Tensor)</c> would force every loss, attention layer
/// (query, key, value and masks; output and weights) and recurrent layer (input and state; output and new state)
/// either to throw from that method or to pack its values into casts. Instead a module derives from the
/// typed base matching its arity, e.g. <c>Linear : Module&lt;Tensor, Tensor&gt;</c>,
/// <c>MSELoss : Module&lt;Tensor, Tensor, Tensor&gt;</c> (input, target → loss),
/// <c>LSTM : Module&lt;Tensor, (Tensor H, Tensor C)?, (Tensor Output, (Tensor H, Tensor C) State)&gt;</c>. Several
/// outputs are a tuple or a small record; optional inputs (PyTorch's <c>key_padding_mask=None</c>) are nullable
/// type arguments or extra overloads on the concrete class. Containers hold the type they need:
/// <see cref="Sequential"/> chains <c>Module&lt;Tensor, Tensor&gt;</c>, <see cref="ModuleList{TModule}"/> holds
/// any module type, so a caller gets its children back typed, without casts.
/// </para>
/// <para>
/// Everything that does not depend on the forward signature lives here and works the same for every arity:
/// <see cref="NamedParameters"/>, <see cref="StateDict"/>/<see cref="LoadStateDict"/>, <see cref="Train"/>/<see cref="Eval"/>,
/// <see cref="Apply"/>, <see cref="ZeroGrad"/> and the PyTorch-style <see cref="ToString"/>.
/// </para>
/// <para>
/// <b>Registration scheme.</b> PyTorch registers attributes implicitly in <c>__setattr__</c>; C# has no such
/// hook, so a module registers explicitly in its constructor, in the order PyTorch would assign them:
/// <c>Weight = RegisterParameter("weight", w)</c>, <c>RegisterBuffer("running_mean", m)</c>,
/// <c>fc1 = RegisterModule("fc1", new Linear(4, 8))</c>. Each call returns its argument, so it reads as an
/// assignment. There is no reflection: the registered name (PyTorch's attribute name, snake_case) is what
/// appears in <see cref="NamedParameters"/> and the <see cref="StateDict"/>, so checkpoints use PyTorch's keys.
/// </para>
/// <para>
/// Registration order is kept (parameters, then buffers, per module, then children depth-first), which gives
/// the same state-dict key order as PyTorch: "0.weight", "0.bias", "1.weight", ….
/// </para>
/// </remarks>
public abstract class Module
{
    private readonly List<KeyValuePair<string, Tensor?>> parameters = [];
    private readonly List<KeyValuePair<string, Tensor?>> buffers = [];
    private readonly List<KeyValuePair<string, Module>> children = [];
    private readonly HashSet<string> nonPersistent = [];

    /// <summary>True in training mode (the default), false after <see cref="Eval"/> (<c>module.training</c>).</summary>
    public bool Training { get; private set; } = true;

    /// <summary>
    /// Registers <paramref name="tensor"/> as a trainable parameter named <paramref name="name"/>
    /// (<c>register_parameter</c>, or assigning an <c>nn.Parameter</c>). Sets <see cref="Tensor.RequiresGrad"/>.
    /// A null tensor reserves the name (e.g. <c>bias=False</c>) without adding a parameter.
    /// </summary>
    /// <returns>The same tensor, so the call can initialise a property.</returns>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        CheckName(name, "RegisterParameter");
        if (!tensor.IsLeaf) throw new ArgumentException($"RegisterParameter('{name}'): a parameter must be a leaf tensor; call Detach() first");
        if (!tensor.DType.IsFloatingPoint()) throw new ArgumentException($"RegisterParameter('{name}'): a parameter must be floating point, got {tensor.DType.TorchName()}");
        tensor.RequiresGrad = true;
        parameters.Add(new(name, tensor));
        return tensor;
    }

    /// <summary>Reserves a parameter name with no tensor (<c>register_parameter(name, None)</c>), e.g. a disabled bias.</summary>
    protected void RegisterNullParameter(string name)
    {
        CheckName(name, "RegisterParameter");
        parameters.Add(new(name, null));
    }

    /// <summary>
    /// Registers a non-trainable tensor that is part of the module's state (<c>register_buffer</c>), e.g.
    /// BatchNorm's running statistics. Persistent buffers are saved in the <see cref="StateDict"/>.
    /// </summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor, bool persistent = true)
    {
        CheckName(name, "RegisterBuffer");
        buffers.Add(new(name, tensor));
        if (!persistent) nonPersistent.Add(name);
        return tensor;
    }

    /// <summary>
    /// Reserves a buffer name with no tensor (<c>register_buffer(name, None)</c>), e.g. batch norm's running statistics
    /// with <c>track_running_stats=False</c>: the name is taken, but nothing appears in <see cref="NamedBuffers"/> or the state dict.
    /// </summary>
    protected void RegisterNullBuffer(string name)
    {
        CheckName(name, "RegisterBuffer");
        buffers.Add(new(name, null));
    }

    /// <summary>Registers a child module (<c>add_module</c>, or assigning a module attribute).</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name, "RegisterModule");
        ArgumentNullException.ThrowIfNull(module);
        children.Add(new(name, module));
        return module;
    }

    /// <summary>Replaces the tensor of an already registered buffer (used when a buffer is reassigned rather than updated in place).</summary>
    protected void SetBuffer(string name, Tensor tensor)
    {
        int i = buffers.FindIndex(kv => kv.Key == name);
        if (i < 0) throw new ArgumentException($"SetBuffer: no buffer named '{name}' in {GetType().Name}");
        buffers[i] = new(name, tensor);
    }

    private void CheckName(string name, string op)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{op}: name '{name}' must be non-empty and must not contain '.'");
        if (parameters.Any(p => p.Key == name) || buffers.Any(b => b.Key == name) || children.Any(c => c.Key == name))
            throw new ArgumentException($"{op}: '{name}' is already registered in {GetType().Name}");
    }

    /// <summary>The direct children with their names, in registration order (<c>named_children</c>).</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var kv in children) yield return (kv.Key, kv.Value);
    }

    /// <summary>The direct children (<c>children()</c>).</summary>
    public IEnumerable<Module> Children() => children.Select(kv => kv.Value);

    /// <summary>This module and all descendants, depth-first, with dotted names ("" for this one) (<c>named_modules</c>).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return NamedModulesCore(prefix, seen);
    }

    private IEnumerable<(string, Module)> NamedModulesCore(string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(this)) yield break;
        yield return (prefix, this);
        foreach (var (name, child) in children)
            foreach (var m in child.NamedModulesCore(Join(prefix, name), seen)) yield return m;
    }

    /// <summary>This module and all descendants (<c>modules()</c>).</summary>
    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>
    /// Every parameter with its dotted path, e.g. "0.weight", "fc1.bias" (<c>named_parameters</c>).
    /// A tensor shared by two modules is listed once, under its first name, as in PyTorch.
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "", bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var mods = recurse ? NamedModules(prefix) : [(prefix, this)];
        foreach (var (mname, m) in mods)
            foreach (var (pname, p) in m.parameters)
                if (p is not null && seen.Add(p)) yield return (Join(mname, pname), p);
    }

    /// <summary>Every parameter (<c>parameters()</c>), deduplicated, in <see cref="NamedParameters"/> order.</summary>
    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters("", recurse).Select(p => p.Parameter);

    /// <summary>Every buffer with its dotted path (<c>named_buffers</c>).</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(string prefix = "", bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var mods = recurse ? NamedModules(prefix) : [(prefix, this)];
        foreach (var (mname, m) in mods)
            foreach (var (bname, b) in m.buffers)
                if (b is not null && seen.Add(b)) yield return (Join(mname, bname), b);
    }

    /// <summary>Every buffer (<c>buffers()</c>).</summary>
    public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers("", recurse).Select(b => b.Buffer);

    /// <summary>Total number of scalar parameters: Σ numel over <see cref="Parameters"/>.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Numel);

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    /// <summary>Sets training mode on this module and every descendant (<c>module.train(mode)</c>).</summary>
    public Module Train(bool mode = true)
    {
        foreach (var m in Modules()) m.Training = mode;
        return this;
    }

    /// <summary>
    /// Calls <paramref name="fn"/> on every descendant, then on this module (children first, as PyTorch's
    /// <c>module.apply(fn)</c>), e.g. to re-initialise every <see cref="Linear"/>. Returns this module.
    /// </summary>
    public Module Apply(Action<Module> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        foreach (var (_, child) in children) child.Apply(fn);
        fn(this);
        return this;
    }

    /// <summary>Switches to evaluation mode: dropout off, batch norm uses running statistics (<c>module.eval()</c>).</summary>
    public Module Eval() => Train(false);

    /// <summary>
    /// Clears the gradients of every parameter (<c>zero_grad(set_to_none)</c>). By default they are zeroed in place,
    /// PyTorch 1.13's default: the buffers are reused by the next backward, so a training loop allocates no new
    /// gradient arrays. With <paramref name="setToNone"/> they are dropped instead (PyTorch 2's default), and
    /// parameters that then receive no gradient are skipped by optimizers.
    /// </summary>
    public void ZeroGrad(bool setToNone = false)
    {
        using var _ = Autograd.GradMode.NoGrad();
        foreach (var p in Parameters())
        {
            if (setToNone) p.Grad = null;
            else p.Grad?.Zero();
        }
    }

    /// <summary>
    /// The module's state: every parameter and persistent buffer by dotted name, in registration order
    /// (<c>state_dict()</c>). The tensors are detached views sharing storage with the module, as in PyTorch.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        // Dictionary<K,V> enumerates in insertion order as long as nothing is removed, which is all we need.
        var d = new Dictionary<string, Tensor>();
        foreach (var (mname, m) in NamedModules())
        {
            foreach (var (name, p) in m.parameters) if (p is not null) d.TryAdd(Join(mname, name), p.Detach());
            foreach (var (name, b) in m.buffers) if (b is not null && !m.nonPersistent.Contains(name)) d.TryAdd(Join(mname, name), b.Detach());
        }
        return d;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into the parameters and buffers in place, under no-grad
    /// (<c>load_state_dict</c>). With <paramref name="strict"/>, any missing key, unexpected key or shape
    /// mismatch throws one error naming all of them; otherwise shape mismatches still throw (as in PyTorch)
    /// and missing/unexpected keys are returned. Nothing is copied unless every check passes (see
    /// <see cref="ValidateStateDict"/>), so a failed load leaves the module as it was.
    /// </summary>
    public LoadResult LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var result = ValidateStateDict(state, strict);
        using (GradMode.NoGrad())
            foreach (var (name, target) in StateSlots())
                if (state.TryGetValue(name, out var src)) target.CopyFrom(src);
        return result;
    }

    /// <summary>
    /// The checks of <see cref="LoadStateDict"/> without the copy: throws <see cref="ArgumentException"/> naming every
    /// missing or unexpected key (with <paramref name="strict"/>) and every shape mismatch, else returns the keys
    /// the load would skip. Lets a caller that restores several objects at once (a checkpoint) check them all
    /// before changing any.
    /// </summary>
    public LoadResult ValidateStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateSlots();
        var ownNames = own.Select(o => o.Name).ToHashSet();
        var missing = own.Where(o => !state.ContainsKey(o.Name)).Select(o => o.Name).ToList();
        var unexpected = state.Keys.Where(k => !ownNames.Contains(k)).ToList();
        var mismatched = new List<string>();
        foreach (var (name, target) in own)
            if (state.TryGetValue(name, out var src) && !ShapeUtil.SameShape(src.ShapeArray, target.ShapeArray))
                mismatched.Add($"size mismatch for {name}: copying a param with shape {ShapeUtil.Format(src.ShapeArray)} from checkpoint, the shape in current model is {ShapeUtil.Format(target.ShapeArray)}");

        var errors = new List<string>();
        if (strict && unexpected.Count > 0) errors.Add("Unexpected key(s) in state_dict: " + string.Join(", ", unexpected.Select(k => $"\"{k}\"")) + ".");
        if (strict && missing.Count > 0) errors.Add("Missing key(s) in state_dict: " + string.Join(", ", missing.Select(k => $"\"{k}\"")) + ".");
        errors.AddRange(mismatched);
        if (errors.Count > 0)
            throw new ArgumentException($"Error(s) in loading state_dict for {GetType().Name}:\n\t" + string.Join("\n\t", errors));
        return new LoadResult(missing, unexpected);
    }

    /// <summary>The tensors a state dict fills: parameters and persistent buffers, under their dotted names.</summary>
    private List<(string Name, Tensor Target)> StateSlots()
    {
        var own = new List<(string Name, Tensor Target)>();
        foreach (var (mname, m) in NamedModules())
        {
            foreach (var (name, p) in m.parameters) if (p is not null) own.Add((Join(mname, name), p));
            foreach (var (name, b) in m.buffers) if (b is not null && !m.nonPersistent.Contains(name)) own.Add((Join(mname, name), b));
        }
        return own;
    }

    /// <summary>Keys that <see cref="LoadStateDict"/> did not find or did not use (PyTorch's <c>_IncompatibleKeys</c>).</summary>
    /// <param name="MissingKeys">Module state entries absent from the dictionary.</param>
    /// <param name="UnexpectedKeys">Dictionary entries the module has no slot for.</param>
    public sealed record LoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);

    /// <summary>
    /// The layer's settings shown inside its parentheses, e.g. "in_features=4, out_features=2, bias=True"
    /// (<c>extra_repr</c>). Empty by default.
    /// </summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>
    /// A module tree in PyTorch's repr format: the type name, the extra repr, then each child on its own
    /// line as "(name): child", indented by two spaces per level.
    /// </summary>
    public override string ToString()
    {
        var extra = ExtraRepr();
        var extraLines = extra.Length == 0 ? [] : extra.Split('\n');
        var childLines = children.Select(c => $"({c.Key}): " + Indent(c.Value.ToString(), 2)).ToList();
        var lines = extraLines.Concat(childLines).ToList();
        var sb = new StringBuilder(GetType().Name).Append('(');
        if (lines.Count > 0)
        {
            if (extraLines.Length == 1 && childLines.Count == 0) sb.Append(extraLines[0]);
            else sb.Append("\n  ").Append(string.Join("\n  ", lines)).Append('\n');
        }
        return sb.Append(')').ToString();
    }

    private static string Indent(string s, int n)
    {
        var parts = s.Split('\n');
        if (parts.Length == 1) return s;
        var pad = new string(' ', n);
        return parts[0] + "\n" + string.Join("\n", parts.Skip(1).Select(p => pad + p));
    }
}
