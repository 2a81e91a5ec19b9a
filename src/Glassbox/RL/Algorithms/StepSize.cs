namespace Glassbox.RL.Algorithms;

/// <summary>
/// The step size α of a tabular update Q(s, a) ← Q(s, a) + α · (target − Q(s, a)). Either a schedule over episodes
/// (a constant α tracks a changing target and is what TD control usually uses), or a function of n(s, a), the
/// number of updates that pair has received including this one: 1/n makes Q(s, a) the plain average of its targets
/// (Monte Carlo's "sample average"), and 1/n^ω with ½ &lt; ω ≤ 1 satisfies the Robbins–Monro conditions
/// Σα = ∞, Σα² &lt; ∞ under which tabular Q-learning converges.
/// </summary>
public abstract record StepSize
{
    /// <summary>α for an update in episode <paramref name="episode"/> that is the <paramref name="visits"/>-th of its pair (≥ 1).</summary>
    public abstract double ValueAt(int episode, int visits);

    /// <summary>The same α for every update.</summary>
    public static StepSize Constant(double alpha) =>
        alpha is > 0 and <= 1 ? new Scheduled(EpisodeSchedule.Constant(alpha)) : throw new ArgumentOutOfRangeException(nameof(alpha), $"StepSize.Constant: α must lie in (0, 1], got {alpha}");

    /// <summary>α from a schedule over episodes.</summary>
    public static StepSize FromSchedule(EpisodeSchedule schedule) => new Scheduled(schedule ?? throw new ArgumentNullException(nameof(schedule)));

    /// <summary>α = 1/n(s, a): the running mean of the targets.</summary>
    public static StepSize SampleAverage() => new Polynomial(1.0);

    /// <summary>α = 1/n(s, a)^ω, with ω in (½, 1] for Robbins–Monro convergence.</summary>
    public static StepSize PolynomialDecay(double omega) =>
        omega is > 0.5 and <= 1 ? new Polynomial(omega) : throw new ArgumentOutOfRangeException(nameof(omega), $"StepSize.PolynomialDecay: ω must lie in (0.5, 1], got {omega}");

    private sealed record Scheduled(EpisodeSchedule Schedule) : StepSize
    {
        public override double ValueAt(int episode, int visits) => Schedule.ValueAt(episode);
    }

    private sealed record Polynomial(double Omega) : StepSize
    {
        public override double ValueAt(int episode, int visits) => Omega == 1.0 ? 1.0 / visits : Math.Pow(visits, -Omega);
    }
}
