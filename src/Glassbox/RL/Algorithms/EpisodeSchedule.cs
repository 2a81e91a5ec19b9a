namespace Glassbox.RL.Algorithms;

/// <summary>
/// A number that changes with the episode index k = 0, 1, 2, … — the exploration rate ε or the step size α of the
/// tabular control methods. Constant for textbook runs (S&amp;B's Example 6.6 uses ε = 0.1 and α = 0.5 throughout);
/// decaying schedules give GLIE exploration (ε_k → 0) or Robbins–Monro step sizes.
/// </summary>
public abstract record EpisodeSchedule
{
    /// <summary>The value for episode <paramref name="episode"/> (0-based).</summary>
    public abstract double ValueAt(int episode);

    /// <summary>The same value every episode.</summary>
    public static EpisodeSchedule Constant(double value) => new ConstantSchedule(value);

    /// <summary>From <paramref name="start"/> to <paramref name="end"/> in a straight line over <paramref name="episodes"/> episodes, then <paramref name="end"/>.</summary>
    public static EpisodeSchedule Linear(double start, double end, int episodes) =>
        episodes > 0 ? new LinearSchedule(start, end, episodes) : throw new ArgumentOutOfRangeException(nameof(episodes), $"EpisodeSchedule.Linear: episodes must be positive, got {episodes}");

    /// <summary>start · decay^k, never below <paramref name="minimum"/>.</summary>
    public static EpisodeSchedule Exponential(double start, double decay, double minimum = 0) =>
        decay is > 0 and <= 1 ? new ExponentialSchedule(start, decay, minimum) : throw new ArgumentOutOfRangeException(nameof(decay), $"EpisodeSchedule.Exponential: decay must lie in (0, 1], got {decay}");

    /// <summary>start / (1 + k): ε_k → 0 slowly enough that every pair keeps being tried (GLIE).</summary>
    public static EpisodeSchedule Harmonic(double start) => new HarmonicSchedule(start);

    private sealed record ConstantSchedule(double Value) : EpisodeSchedule
    {
        public override double ValueAt(int episode) => Value;
    }

    private sealed record LinearSchedule(double Start, double End, int Episodes) : EpisodeSchedule
    {
        public override double ValueAt(int episode) => episode >= Episodes ? End : Start + (End - Start) * episode / Episodes;
    }

    private sealed record ExponentialSchedule(double Start, double Decay, double Minimum) : EpisodeSchedule
    {
        public override double ValueAt(int episode) => Math.Max(Minimum, Start * Math.Pow(Decay, episode));
    }

    private sealed record HarmonicSchedule(double Start) : EpisodeSchedule
    {
        public override double ValueAt(int episode) => Start / (1.0 + episode);
    }
}
