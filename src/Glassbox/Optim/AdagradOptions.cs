namespace Glassbox.Optim;

/// <summary>Hyperparameters of <see cref="Adagrad"/> (<c>torch.optim.Adagrad</c>), with PyTorch's defaults.</summary>
public sealed record AdagradOptions : OptimizerOptions
{
    /// <summary>Defaults: lr 1e-2, no lr decay or weight decay, accumulator starting at 0, eps 1e-10.</summary>
    public AdagradOptions() => Lr = 1e-2;

    /// <summary>Learning-rate decay: step t uses lr / (1 + (t − 1)·lr_decay) (<c>lr_decay</c>).</summary>
    public double LrDecay { get; init; }

    /// <summary>Starting value of the squared-gradient sum (<c>initial_accumulator_value</c>).</summary>
    public double InitialAccumulatorValue { get; init; }

    /// <summary>Added to the root of the sum, for stability (<c>eps</c>).</summary>
    public double Eps { get; init; } = 1e-10;

    /// <inheritdoc/>
    public override void Validate(string optimizer)
    {
        base.Validate(optimizer);
        Check(LrDecay >= 0, optimizer, "lr_decay", LrDecay, ">= 0");
        Check(InitialAccumulatorValue >= 0, optimizer, "initial_accumulator_value", InitialAccumulatorValue, ">= 0");
        Check(Eps >= 0, optimizer, "eps", Eps, ">= 0");
    }

    /// <inheritdoc/>
    protected override void Write(IDictionary<string, double> state)
    {
        state["lr"] = Lr;
        state["lr_decay"] = LrDecay;
        state["weight_decay"] = WeightDecay;
        state["initial_accumulator_value"] = InitialAccumulatorValue;
        state["eps"] = Eps;
    }

    /// <inheritdoc/>
    protected override OptimizerOptions Read(Reader state) => (AdagradOptions)base.Read(state) with
    {
        LrDecay = state.Number("lr_decay", LrDecay),
        InitialAccumulatorValue = state.Number("initial_accumulator_value", InitialAccumulatorValue),
        Eps = state.Number("eps", Eps),
    };
}
