namespace Glassbox.Optim;

/// <summary>
/// A set of parameters sharing hyperparameters (one entry of <c>optimizer.param_groups</c>). This untyped view is
/// what schedulers and checkpoints use: the parameters, the <see cref="Lr"/>, the <see cref="InitialLr"/> a schedule
/// starts from, and the options as their base record. Create groups as <see cref="ParamGroup{TOptions}"/>.
/// </summary>
public abstract class ParamGroup
{
    private string owner = "ParamGroup";

    /// <summary>Copies the parameter list.</summary>
    private protected ParamGroup(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Params = parameters.ToList();
    }

    /// <summary>The parameters this group updates.</summary>
    public IReadOnlyList<Tensor> Params { get; }

    /// <summary>
    /// The group's hyperparameters. Setting them validates the values for the owning optimizer and requires the
    /// optimizer's own options type (e.g. <see cref="SGDOptions"/> for an SGD group).
    /// </summary>
    public OptimizerOptions Options
    {
        get => Current ?? throw new InvalidOperationException($"{owner}: the group's options are set when it is added to an optimizer");
        set => Assign(value, validate: true);
    }

    /// <summary>
    /// The learning rate of this group (<c>group['lr']</c>); schedulers write it every step. Unlike
    /// <see cref="Options"/>, writing it does not validate, as PyTorch checks hyperparameters only at construction:
    /// a schedule may legitimately pass through values the constructor would refuse (OneCycleLR's linear three-phase
    /// anneal dips below zero on its last step, exactly as in PyTorch).
    /// </summary>
    public double Lr
    {
        get => Options.Lr;
        set => Assign(Options with { Lr = value }, validate: false);
    }

    /// <summary>
    /// The learning rate a scheduler starts from (<c>group['initial_lr']</c>): set by the first scheduler attached,
    /// saved with the optimizer's state so a resumed schedule continues from the same base; null before that.
    /// </summary>
    public double? InitialLr { get; set; }

    /// <summary>The current options, or null before the group is added.</summary>
    private protected abstract OptimizerOptions? Current { get; }

    /// <summary>Checks the runtime type, validates when asked, and stores.</summary>
    private protected abstract void Assign(OptimizerOptions options, bool validate);

    /// <summary>Sets options without validation, like <see cref="Lr"/>: values a schedule computed (OneCycleLR's momentum) or a rollback.</summary>
    internal void SetUnchecked(OptimizerOptions options) => Assign(options, validate: false);

    /// <summary>Validates <paramref name="options"/> in the name of the owning optimizer.</summary>
    private protected void Validate(OptimizerOptions options) => options.Validate(owner);

    /// <summary>Binds the group to its optimizer: resolves the options from the defaults and validates them.</summary>
    internal void Attach(string optimizer, OptimizerOptions defaults)
    {
        owner = optimizer;
        Resolve(defaults);
    }

    /// <summary>Sets the options from the optimizer's defaults and this group's overrides.</summary>
    private protected abstract void Resolve(OptimizerOptions defaults);

    /// <summary>The group's serialised options: <see cref="OptimizerOptions.ToStateDict"/> plus "initial_lr" once set.</summary>
    internal Dictionary<string, double> ToStateDict()
    {
        var d = Options.ToStateDict();
        if (InitialLr is { } lr) d["initial_lr"] = lr;
        return d;
    }

    /// <summary>
    /// Applies a serialised group. "initial_lr" restores <see cref="InitialLr"/>; the entries PyTorch's OneCycleLR keeps
    /// in a group ("max_lr", "min_lr", "max_momentum", "base_momentum") are ignored because that schedule recomputes them
    /// from its constructor arguments; any other name the options do not have is an error naming it.
    /// </summary>
    internal void LoadStateDict(IReadOnlyDictionary<string, double> state, int index)
    {
        var next = ConvertStateDict(state, index);
        // Restored as saved, unvalidated: a checkpoint taken mid-schedule holds whatever the schedule had set.
        Assign(next, validate: false);
        if (state.TryGetValue("initial_lr", out var initial)) InitialLr = initial;
    }

    /// <summary>The options a serialised group would give, without applying them; throws naming an option the
    /// options record does not have (the check <see cref="Optimizer.ValidateStateDict"/> makes before anything changes).</summary>
    internal OptimizerOptions ConvertStateDict(IReadOnlyDictionary<string, double> state, int index)
    {
        var next = Options.LoadStateDict(state, out var unknown);
        var bad = unknown.Where(k => k is not ("initial_lr" or "max_lr" or "min_lr" or "max_momentum" or "base_momentum")).ToList();
        if (bad.Count > 0)
            throw new ArgumentException($"{owner}.LoadStateDict: group {index} has option(s) {string.Join(", ", bad.Select(k => $"'{k}'"))} that {Options.GetType().Name} does not have (a state dict of another optimizer?)");
        return next;
    }
}

/// <summary>
/// A parameter group of an optimizer whose options are <typeparamref name="TOptions"/>. Options the group does not
/// override come from the optimizer's defaults when the group is added (PyTorch's <c>add_param_group</c>):
/// <code>
/// new SGD([new ParamGroup&lt;SGDOptions&gt;(model.Body.Parameters()),
///          new ParamGroup&lt;SGDOptions&gt;(model.Head.Parameters(), o =&gt; o with { Lr = 1e-2 })],
///         new SGDOptions { Lr = 1e-3, Momentum = 0.9 });
/// </code>
/// </summary>
/// <typeparam name="TOptions">The optimizer's options record.</typeparam>
public sealed class ParamGroup<TOptions> : ParamGroup where TOptions : OptimizerOptions
{
    private readonly Func<TOptions, TOptions>? overrides;
    private TOptions? options;

    /// <summary>Creates a group of <paramref name="parameters"/>; <paramref name="overrides"/> maps the optimizer's defaults to this group's options.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, Func<TOptions, TOptions>? overrides = null) : base(parameters)
        => this.overrides = overrides;

    /// <summary>The group's hyperparameters, typed; set them with a <c>with</c> expression on the current value.</summary>
    public new TOptions Options
    {
        get => (TOptions)base.Options;
        set => base.Options = value;
    }

    private protected override OptimizerOptions? Current => options;

    private protected override void Assign(OptimizerOptions value, bool validate)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is not TOptions typed)
            throw new ArgumentException($"ParamGroup: options must be {typeof(TOptions).Name}, got {value.GetType().Name}");
        if (validate) Validate(typed);
        options = typed;
    }

    private protected override void Resolve(OptimizerOptions defaults)
    {
        var d = (TOptions)defaults;
        Assign(overrides is null ? d : overrides(d), validate: true);
    }
}
