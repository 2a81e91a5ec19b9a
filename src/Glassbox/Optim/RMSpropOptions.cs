namespace Glassbox.Optim;

/// <summary>Hyperparameters of <see cref="RMSprop"/> (<c>torch.optim.RMSprop</c>), with PyTorch's defaults.</summary>
public sealed record RMSpropOptions : OptimizerOptions, IMomentumOptions
{
    /// <summary>Defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay or momentum, not centered.</summary>
    public RMSpropOptions() => Lr = 1e-2;

    /// <summary>Smoothing constant α of the squared-gradient average (<c>alpha</c>).</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>Added to the root of the average, for stability (<c>eps</c>).</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>Momentum factor (<c>momentum</c>); 0 disables the buffer.</summary>
    public double Momentum { get; init; }

    /// <summary>Normalise by the estimated variance instead of the raw second moment (<c>centered</c>).</summary>
    public bool Centered { get; init; }

    /// <inheritdoc/>
    public OptimizerOptions WithMomentum(double momentum) => this with { Momentum = momentum };

    /// <inheritdoc/>
    public override void Validate(string optimizer)
    {
        base.Validate(optimizer);
        Check(Eps >= 0, optimizer, "eps", Eps, ">= 0");
        Check(Alpha >= 0, optimizer, "alpha", Alpha, ">= 0");
        Check(Momentum >= 0, optimizer, "momentum", Momentum, ">= 0");
    }

    /// <inheritdoc/>
    protected override void Write(IDictionary<string, double> state)
    {
        state["lr"] = Lr;
        state["alpha"] = Alpha;
        state["eps"] = Eps;
        state["weight_decay"] = WeightDecay;
        state["momentum"] = Momentum;
        state["centered"] = Centered ? 1 : 0;
    }

    /// <inheritdoc/>
    protected override OptimizerOptions Read(Reader state) => (RMSpropOptions)base.Read(state) with
    {
        Alpha = state.Number("alpha", Alpha),
        Eps = state.Number("eps", Eps),
        Momentum = state.Number("momentum", Momentum),
        Centered = state.Flag("centered", Centered),
    };
}
