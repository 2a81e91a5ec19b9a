namespace Glassbox.Optim;

/// <summary>Hyperparameters of <see cref="SGD"/> (<c>torch.optim.SGD</c>; lr defaults to 1e-3 as in PyTorch ≥ 2.2).</summary>
public sealed record SGDOptions : OptimizerOptions, IMomentumOptions
{
    /// <summary>Defaults: lr 1e-3, no momentum, dampening or weight decay.</summary>
    public SGDOptions() => Lr = 1e-3;

    /// <summary>Momentum factor μ (<c>momentum</c>); 0 disables the buffer.</summary>
    public double Momentum { get; init; }

    /// <summary>Dampening τ of the momentum: b = μ·b + (1 − τ)·d (<c>dampening</c>).</summary>
    public double Dampening { get; init; }

    /// <summary>Nesterov momentum (<c>nesterov</c>); needs a momentum and zero dampening.</summary>
    public bool Nesterov { get; init; }

    /// <inheritdoc/>
    public OptimizerOptions WithMomentum(double momentum) => this with { Momentum = momentum };

    /// <inheritdoc/>
    public override void Validate(string optimizer)
    {
        base.Validate(optimizer);
        Check(Momentum >= 0, optimizer, "momentum", Momentum, ">= 0");
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
            throw new ArgumentException($"{optimizer}: Nesterov momentum requires a momentum and zero dampening");
    }

    /// <inheritdoc/>
    protected override void Write(IDictionary<string, double> state)
    {
        state["lr"] = Lr;
        state["momentum"] = Momentum;
        state["dampening"] = Dampening;
        state["weight_decay"] = WeightDecay;
        state["nesterov"] = Nesterov ? 1 : 0;
    }

    /// <inheritdoc/>
    protected override OptimizerOptions Read(Reader state) => (SGDOptions)base.Read(state) with
    {
        Momentum = state.Number("momentum", Momentum),
        Dampening = state.Number("dampening", Dampening),
        Nesterov = state.Flag("nesterov", Nesterov),
    };
}
