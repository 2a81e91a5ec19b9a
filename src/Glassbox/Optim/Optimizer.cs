using Glassbox.Autograd;

namespace Glassbox.Optim;

/// <summary>
/// Base class of gradient-based optimizers (<c>torch.optim.Optimizer</c>): parameter groups with their own
/// hyperparameters, lazily created per-parameter state, <see cref="Step"/>, <see cref="ZeroGrad"/> and
/// checkpointing. Optimizers derive from <see cref="Optimizer{TOptions}"/>, which types the hyperparameters;
/// this base is the view shared by schedulers and checkpoints.
/// </summary>
/// <remarks>
/// Subclasses update each parameter in place with one fused loop over its contiguous span (parameter,
/// gradient and state read and written in the same pass), so a step allocates no temporary tensors.
/// Parameters without a gradient are skipped, as in PyTorch.
/// </remarks>
public abstract class Optimizer
{
    private readonly List<ParamGroup> groups = [];

    /// <summary>Per-parameter state tensors, created on the first step that sees the parameter.</summary>
    protected Dictionary<Tensor, Dictionary<string, Tensor>> State { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Validates and stores the defaults; the typed subclass adds the groups.</summary>
    private protected Optimizer(OptimizerOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        defaults.Validate(GetType().Name);
        Defaults = defaults;
    }

    /// <summary>The parameter groups (<c>optimizer.param_groups</c>), untyped: what a scheduler needs.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => groups;

    /// <summary>The default hyperparameters (<c>optimizer.defaults</c>), as the base record.</summary>
    public OptimizerOptions Defaults { get; }

    /// <summary>Checks the group's parameters, resolves its options from the defaults and appends it.</summary>
    private protected void AddGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (var p in group.Params)
        {
            if (!p.IsLeaf) throw new ArgumentException($"{GetType().Name}: can't optimize a non-leaf tensor");
            if (!p.DType.IsFloatingPoint()) throw new ArgumentException($"{GetType().Name}: parameters must be floating point, got {p.DType.TorchName()}");
            if (groups.Any(g => g.Params.Any(q => ReferenceEquals(q, p))))
                throw new ArgumentException($"{GetType().Name}: some parameters appear in more than one parameter group");
        }
        group.Attach(GetType().Name, Defaults);
        groups.Add(group);
    }

    /// <summary>Throws when no group was given (PyTorch: "optimizer got an empty parameter list").</summary>
    private protected void CheckNotEmpty()
    {
        if (groups.Count == 0) throw new ArgumentException($"{GetType().Name}: optimizer got an empty parameter list");
    }

    /// <summary>Performs one update of every parameter that has a gradient (<c>optimizer.step()</c>).</summary>
    public void Step()
    {
        using var _ = GradMode.NoGrad();
        foreach (var g in groups)
            foreach (var p in g.Params)
            {
                if (p.Grad is null) continue;
                if (!p.IsContiguous) throw new InvalidOperationException($"{GetType().Name}: parameters must be contiguous for the fused update");
                var grad = p.Grad.DType == p.DType ? p.Grad.ContiguousRaw() : p.Grad.To(p.DType).ContiguousRaw();
                if (!ShapeUtil.SameShape(grad.ShapeArray, p.ShapeArray))
                    throw new InvalidOperationException($"{GetType().Name}: gradient shape {ShapeUtil.Format(grad.ShapeArray)} does not match parameter shape {ShapeUtil.Format(p.ShapeArray)}");
                if (!State.TryGetValue(p, out var st)) State[p] = st = [];
                // State created on a first step outlives any TensorScope the step runs in.
                using (TensorScope.Untracked()) Update(g, p, grad, st);
                p.BumpVersion();
            }
    }

    /// <summary>Updates one parameter of <paramref name="group"/>; the typed subclass passes the group's options on.</summary>
    private protected abstract void Update(ParamGroup group, Tensor param, Tensor grad, Dictionary<string, Tensor> state);

    /// <summary>
    /// Clears the gradients of every parameter (<c>zero_grad(set_to_none)</c>). By default they are zeroed in place,
    /// PyTorch 1.13's default: the buffers are reused by the next backward, so a training loop allocates no new
    /// gradient arrays. With <paramref name="setToNone"/> they are dropped instead (PyTorch 2's default), and
    /// parameters that then receive no gradient are skipped by optimizers.
    /// </summary>
    public void ZeroGrad(bool setToNone = false)
    {
        using var _ = Autograd.GradMode.NoGrad();
        foreach (var g in groups) foreach (var p in g.Params)
        {
            if (setToNone) p.Grad = null;
            else p.Grad?.Zero();
        }
    }

    /// <summary>
    /// A checkpoint (<c>state_dict()</c>): copies of the state tensors (so later steps do not change it) and
    /// the group options in their serialised name → number form (<see cref="OptimizerOptions.ToStateDict"/>, plus
    /// "initial_lr" once a scheduler set it), with parameters referred to by their position across groups.
    /// </summary>
    public OptimizerState StateDict()
    {
        using var _ = TensorScope.Untracked();
        var state = new Dictionary<int, IReadOnlyDictionary<string, Tensor>>();
        var gs = new List<OptimizerState.GroupState>();
        int index = 0;
        foreach (var g in groups)
        {
            var ids = new List<int>();
            foreach (var p in g.Params)
            {
                if (State.TryGetValue(p, out var st))
                    state[index] = st.ToDictionary(kv => kv.Key, kv => kv.Value.CopyRaw());
                ids.Add(index++);
            }
            gs.Add(new(g.ToStateDict(), ids));
        }
        return new OptimizerState(state, gs);
    }

    /// <summary>
    /// Restores a checkpoint from <see cref="StateDict"/> (<c>load_state_dict</c>). The group structure must
    /// match (same number of groups and parameters per group); state tensors are copied and cast to each
    /// parameter's dtype ("step" to a float64 counter). Group options are converted back to the typed record; a name
    /// the optimizer's options do not have (say, Adam's "beta1" loaded into SGD) is an error naming it. Everything is
    /// checked first (<see cref="ValidateStateDict"/>), so a rejected checkpoint leaves the optimizer as it was.
    /// </summary>
    public void LoadStateDict(OptimizerState checkpoint)
    {
        ValidateStateDict(checkpoint);
        for (int i = 0; i < groups.Count; i++) groups[i].LoadStateDict(checkpoint.Groups[i].Options, i);
        State.Clear();
        using var _ = TensorScope.Untracked();
        for (int i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            for (int j = 0; j < g.Params.Count; j++)
            {
                var p = g.Params[j];
                if (!checkpoint.State.TryGetValue(checkpoint.Groups[i].Params[j], out var st)) continue;
                State[p] = st.ToDictionary(kv => kv.Key, kv => (kv.Key == "step" ? kv.Value.To(DType.Float64) : kv.Value.To(p.DType)).CopyRaw());
            }
        }
    }

    /// <summary>
    /// The checks of <see cref="LoadStateDict"/> without changing anything; throws <see cref="ArgumentException"/>
    /// naming the first offending group, parameter index or state entry.
    /// </summary>
    /// <remarks>
    /// A checkpoint fits when: it has as many groups as the optimizer, each with as many parameter indices; the
    /// indices are distinct and non-negative; every state entry belongs to an index some group lists; "step" is
    /// one finite, non-negative number; every other state tensor is floating point and has its parameter's shape
    /// (the fused updates index it element for element with the parameter); group options are finite numbers.
    /// Unknown state names are allowed (PyTorch keeps them too) and simply not read; an option name the typed options
    /// record does not have is an error, except the entries PyTorch's schedulers keep in a group ("initial_lr", …).
    /// </remarks>
    public void ValidateStateDict(OptimizerState checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        string who = GetType().Name + ".LoadStateDict";
        if (checkpoint.Groups is null || checkpoint.State is null) throw new ArgumentException($"{who}: the state dict has no groups or no state");
        if (checkpoint.Groups.Count != groups.Count)
            throw new ArgumentException($"{who}: loaded state dict has {checkpoint.Groups.Count} parameter groups, the optimizer has {groups.Count}");
        var owner = new Dictionary<int, Tensor>();
        for (int i = 0; i < groups.Count; i++)
        {
            var saved = checkpoint.Groups[i];
            if (saved?.Params is null || saved.Options is null) throw new ArgumentException($"{who}: group {i} has no params or no options");
            if (saved.Params.Count != groups[i].Params.Count)
                throw new ArgumentException($"{who}: group {i} has {saved.Params.Count} parameters in the state dict but {groups[i].Params.Count} in the optimizer");
            for (int j = 0; j < saved.Params.Count; j++)
            {
                int index = saved.Params[j];
                if (index < 0) throw new ArgumentException($"{who}: group {i} lists parameter index {index}; indices are non-negative");
                if (!owner.TryAdd(index, groups[i].Params[j])) throw new ArgumentException($"{who}: parameter index {index} is listed twice");
            }
            foreach (var (k, v) in saved.Options)
                if (string.IsNullOrEmpty(k) || !double.IsFinite(v))
                    throw new ArgumentException($"{who}: group {i} option '{k}' = {v} is not a finite number");
            groups[i].ConvertStateDict(saved.Options, i); // option names the typed record does not have

        }
        foreach (var (index, entries) in checkpoint.State)
        {
            if (!owner.TryGetValue(index, out var p))
                throw new ArgumentException($"{who}: state for parameter index {index}, which no group lists");
            if (entries is null) throw new ArgumentException($"{who}: state of parameter {index} is missing");
            foreach (var (name, t) in entries)
            {
                if (string.IsNullOrEmpty(name) || t is null) throw new ArgumentException($"{who}: parameter {index} has an unnamed or empty state entry");
                if (name == "step")
                {
                    if (t.Numel != 1 || t.DType == DType.Bool)
                        throw new ArgumentException($"{who}: state '{index}.step' must be one number, got {t.DType.TorchName()} of shape {ShapeUtil.Format(t.ShapeArray)}");
                    double step = t.To(DType.Float64).ToArray<double>()[0];
                    if (!(step >= 0) || double.IsInfinity(step))
                        throw new ArgumentException($"{who}: state '{index}.step' = {step} is not a finite non-negative count");
                }
                else if (!t.DType.IsFloatingPoint() || !ShapeUtil.SameShape(t.ShapeArray, p.ShapeArray))
                    throw new ArgumentException($"{who}: state '{index}.{name}' is {t.DType.TorchName()} of shape {ShapeUtil.Format(t.ShapeArray)}; its parameter is {p.DType.TorchName()} of shape {ShapeUtil.Format(p.ShapeArray)}");
            }
        }
    }

    /// <summary>The step counter of a parameter's state, created at 0 (PyTorch 1.13 keeps it as a tensor, "step").</summary>
    protected static double IncrementStep(Dictionary<string, Tensor> state)
    {
        if (!state.TryGetValue("step", out var s)) state["step"] = s = Tensor.Scalar(0, DType.Float64);
        var data = s.Data<double>();
        return ++data[s.Offset];
    }

    /// <summary>Gets a state tensor, creating it zero-filled like <paramref name="like"/> (or filled with <paramref name="init"/>).</summary>
    protected static Tensor StateTensor(Dictionary<string, Tensor> state, string name, Tensor like, double init = 0)
    {
        if (!state.TryGetValue(name, out var t))
            state[name] = t = init == 0 ? Tensor.ZerosLike(like) : Tensor.Full(like.ShapeArray, init, like.DType);
        return t;
    }

}

/// <summary>
/// An optimizer whose hyperparameters are the record <typeparamref name="TOptions"/>: typed defaults, typed groups
/// (<see cref="ParamGroup{TOptions}"/>) and an update that reads the group's options directly.
/// </summary>
/// <typeparam name="TOptions">The options record (<see cref="SGDOptions"/>, <see cref="AdamOptions"/>, …).</typeparam>
public abstract class Optimizer<TOptions> : Optimizer where TOptions : OptimizerOptions
{
    private readonly List<ParamGroup<TOptions>> typedGroups = [];

    /// <summary>Creates the optimizer over <paramref name="paramGroups"/>; options a group does not override come from <paramref name="defaults"/>.</summary>
    protected Optimizer(IEnumerable<ParamGroup<TOptions>> paramGroups, TOptions defaults) : base(defaults)
    {
        ArgumentNullException.ThrowIfNull(paramGroups);
        foreach (var g in paramGroups) AddParamGroup(g);
        CheckNotEmpty();
    }

    /// <summary>The parameter groups, typed (<c>optimizer.param_groups</c>).</summary>
    public new IReadOnlyList<ParamGroup<TOptions>> ParamGroups => typedGroups;

    /// <summary>The default hyperparameters (<c>optimizer.defaults</c>).</summary>
    public new TOptions Defaults => (TOptions)base.Defaults;

    /// <summary>Adds a group, its options resolved from the defaults and its overrides (<c>add_param_group</c>).</summary>
    public void AddParamGroup(ParamGroup<TOptions> group)
    {
        AddGroup(group);
        typedGroups.Add(group);
    }

    /// <summary>
    /// Updates one parameter in place from its contiguous gradient (same dtype and shape), its group's options and
    /// its state, which is empty on the parameter's first step.
    /// </summary>
    protected abstract void Update(TOptions options, Tensor param, Tensor grad, Dictionary<string, Tensor> state);

    private protected sealed override void Update(ParamGroup group, Tensor param, Tensor grad, Dictionary<string, Tensor> state)
        => Update(((ParamGroup<TOptions>)group).Options, param, grad, state);
}
