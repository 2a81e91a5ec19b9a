namespace Glassbox.Optim;

/// <summary>Hyperparameters of <see cref="Adam"/> (<c>torch.optim.Adam</c>), with PyTorch's defaults.</summary>
public record AdamOptions : OptimizerOptions, IMomentumOptions
{
    /// <summary>Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, no AMSGrad.</summary>
    public AdamOptions() => Lr = 1e-3;

    /// <summary>Decay rates of the first and second moment estimates (<c>betas</c>), each in [0, 1).</summary>
    public (double Beta1, double Beta2) Betas { get; init; } = (0.9, 0.999);

    /// <summary>Added to the denominator after bias correction, for stability (<c>eps</c>).</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>Use the running maximum of the second moment (AMSGrad, <c>amsgrad</c>).</summary>
    public bool Amsgrad { get; init; }

    /// <summary>β₁, the coefficient OneCycleLR cycles.</summary>
    double IMomentumOptions.Momentum => Betas.Beta1;

    /// <inheritdoc/>
    public OptimizerOptions WithMomentum(double momentum) => this with { Betas = (momentum, Betas.Beta2) };

    /// <inheritdoc/>
    public override void Validate(string optimizer)
    {
        base.Validate(optimizer);
        Check(Eps >= 0, optimizer, "eps", Eps, ">= 0");
        Check(Betas.Beta1 >= 0 && Betas.Beta1 < 1, optimizer, "beta1", Betas.Beta1, "[0, 1)");
        Check(Betas.Beta2 >= 0 && Betas.Beta2 < 1, optimizer, "beta2", Betas.Beta2, "[0, 1)");
    }

    /// <inheritdoc/>
    protected override void Write(IDictionary<string, double> state)
    {
        state["lr"] = Lr;
        state["beta1"] = Betas.Beta1;
        state["beta2"] = Betas.Beta2;
        state["eps"] = Eps;
        state["weight_decay"] = WeightDecay;
        state["amsgrad"] = Amsgrad ? 1 : 0;
    }

    /// <inheritdoc/>
    protected override OptimizerOptions Read(Reader state) => (AdamOptions)base.Read(state) with
    {
        Betas = (state.Number("beta1", Betas.Beta1), state.Number("beta2", Betas.Beta2)),
        Eps = state.Number("eps", Eps),
        Amsgrad = state.Flag("amsgrad", Amsgrad),
    };
}

/// <summary>
/// Hyperparameters of <see cref="AdamW"/> (<c>torch.optim.AdamW</c>): Adam's, with PyTorch's AdamW default weight
/// decay of 1e-2 — a separate record so that <c>new AdamW(ps, new AdamWOptions())</c> cannot silently get Adam's 0.
/// </summary>
public sealed record AdamWOptions : AdamOptions
{
    /// <summary>Defaults: Adam's, with weight decay 1e-2.</summary>
    public AdamWOptions() => WeightDecay = 1e-2;
}
