namespace Glassbox.RL.Models;

/// <summary>
/// Hyperparameters of <see cref="ProbabilisticEnsemble"/>. Defaults follow the MBPO paper's dynamics model (Janner et al.
/// 2019, Appendix C, itself the PETS model of Chua et al. 2018): 7 members of which the 5 best on a holdout set are used,
/// four hidden layers of 200 SiLU ("swish") units, Adam at 1e-3, minibatch 256, 20% of the data (at most 5,000 rows)
/// held out, training stopped when no member improved its holdout error by more than 1% for 5 epochs.
/// </summary>
public sealed record EnsembleOptions
{
    /// <summary>Number of independently initialised members E (7).</summary>
    public int Members { get; init; } = 7;
    /// <summary>Number of elites, the members with the lowest holdout error that predictions draw from (5).</summary>
    public int Elites { get; init; } = 5;
    /// <summary>Width of every hidden layer (200).</summary>
    public int Hidden { get; init; } = 200;
    /// <summary>Number of hidden layers (4).</summary>
    public int HiddenLayers { get; init; } = 4;
    /// <summary>Adam learning rate (1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>L2 weight decay handed to Adam (PyTorch's coupled <c>weight_decay</c>); 0 by default.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Minibatch size per member and gradient step (256).</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Fraction of the data held out for early stopping and elite selection (0.2).</summary>
    public double HoldoutFraction { get; init; } = 0.2;
    /// <summary>Cap on the holdout size (5,000), so that evaluating it stays cheap as the data grows.</summary>
    public int MaxHoldout { get; init; } = 5000;
    /// <summary>Upper bound on the epochs of one <see cref="ProbabilisticEnsemble.Fit"/> (a compute cap; early stopping usually ends sooner).</summary>
    public int MaxEpochs { get; init; } = 200;
    /// <summary>Stop after this many epochs in a row in which no member improved its holdout error by <see cref="MinRelativeImprovement"/> (5).</summary>
    public int Patience { get; init; } = 5;
    /// <summary>Relative holdout improvement that counts as progress (0.01, i.e. 1%).</summary>
    public double MinRelativeImprovement { get; init; } = 0.01;
    /// <summary>
    /// Weight of the penalty Σ max log σ² − Σ min log σ² on the learned variance bounds (0.01, PETS): it pulls the bounds
    /// towards each other so that they settle just outside the range of log-variances the data needs.
    /// </summary>
    public double BoundPenalty { get; init; } = 0.01;
    /// <summary>Initial upper bound of the (standardised) log-variance (0.5, PETS).</summary>
    public double InitialMaxLogVar { get; init; } = 0.5;
    /// <summary>Initial lower bound of the (standardised) log-variance (−10, PETS).</summary>
    public double InitialMinLogVar { get; init; } = -10;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Members < 1) throw new ArgumentException($"EnsembleOptions: Members must be at least 1, got {Members}");
        if (Elites < 1 || Elites > Members) throw new ArgumentException($"EnsembleOptions: Elites must be in [1, Members = {Members}], got {Elites}");
        if (Hidden < 1 || HiddenLayers < 1) throw new ArgumentException($"EnsembleOptions: Hidden and HiddenLayers must be positive, got {Hidden} and {HiddenLayers}");
        if (!(LearningRate > 0)) throw new ArgumentException($"EnsembleOptions: LearningRate must be positive, got {LearningRate}");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"EnsembleOptions: WeightDecay must be non-negative, got {WeightDecay}");
        if (BatchSize < 1) throw new ArgumentException($"EnsembleOptions: BatchSize must be positive, got {BatchSize}");
        if (!(HoldoutFraction > 0 && HoldoutFraction < 1)) throw new ArgumentException($"EnsembleOptions: HoldoutFraction must be in (0, 1), got {HoldoutFraction}");
        if (MaxHoldout < 1 || MaxEpochs < 1 || Patience < 1) throw new ArgumentException($"EnsembleOptions: MaxHoldout, MaxEpochs and Patience must be positive, got {MaxHoldout}, {MaxEpochs}, {Patience}");
        if (!(MinRelativeImprovement >= 0)) throw new ArgumentException($"EnsembleOptions: MinRelativeImprovement must be non-negative, got {MinRelativeImprovement}");
        if (!(BoundPenalty >= 0)) throw new ArgumentException($"EnsembleOptions: BoundPenalty must be non-negative, got {BoundPenalty}");
        if (!(InitialMaxLogVar > InitialMinLogVar)) throw new ArgumentException($"EnsembleOptions: InitialMaxLogVar ({InitialMaxLogVar}) must exceed InitialMinLogVar ({InitialMinLogVar})");
    }
}
