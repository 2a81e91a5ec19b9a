namespace Glassbox.RL.Algorithms;

/// <summary>
/// Hyperparameters of <see cref="Cql"/>'s conservative term, defaulting to Kumar et al. 2020 (CQL(H), the settings of
/// their continuous-control experiments and of the authors' <c>CQL</c> code: 10 sampled actions per source, temperature
/// 1). The SAC underneath is configured separately by <see cref="SacOptions"/>.
/// </summary>
public sealed record CqlOptions
{
    /// <summary>
    /// Weight α of the conservative term (the authors' <c>min_q_weight</c>; 5.0, their choice for the Gym tasks). With
    /// <see cref="LagrangeThreshold"/> set it multiplies the gap inside the Lagrangian term instead.
    /// </summary>
    public double Alpha { get; init; } = 5.0;

    /// <summary>
    /// Actions N sampled per state from each of the three proposals (uniform, π(·|s), π(·|s′)) for the log-sum-exp
    /// estimate (10, the paper's).
    /// </summary>
    public int SampledActions { get; init; } = 10;

    /// <summary>
    /// Target τ of the Lagrangian variant (the authors' <c>target_action_gap</c>), or null for a fixed α (the default).
    /// When set, the term becomes α′·(α·gap − τ) with α′ = exp(log α′) ≥ 0 raised by gradient ascent while α·gap exceeds τ
    /// and lowered while it is below: the critics are pushed down only as far as the gap asks.
    /// </summary>
    public double? LagrangeThreshold { get; init; }

    /// <summary>Adam learning rate of log α′ in the Lagrangian variant (3e-4, the authors').</summary>
    public double AlphaPrimeLr { get; init; } = 3e-4;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!(Alpha >= 0) || double.IsInfinity(Alpha)) throw new ArgumentException($"CqlOptions: Alpha must be finite and non-negative, got {Alpha}");
        if (SampledActions <= 0) throw new ArgumentException($"CqlOptions: SampledActions must be positive, got {SampledActions}");
        if (LagrangeThreshold is double t && !double.IsFinite(t)) throw new ArgumentException($"CqlOptions: LagrangeThreshold must be finite, got {t}");
        if (!(AlphaPrimeLr > 0)) throw new ArgumentException($"CqlOptions: AlphaPrimeLr must be positive, got {AlphaPrimeLr}");
    }
}
