using System.Globalization;

namespace Glassbox.ML.Options;

/// <summary>
/// What values one hyperparameter accepts, as data (scikit-learn's <c>_parameter_constraints</c>): checked by
/// <see cref="Estimator{TSelf}"/> before every Fit and when a model file is loaded, and quoted in the error message.
/// Build them with <see cref="Is"/>.
/// </summary>
public sealed class Constraint
{
    private readonly Func<object?, bool> allows;

    internal Constraint(Func<object?, bool> allows, string text, bool nullable = false)
    {
        this.allows = allows;
        Text = text;
        Nullable = nullable;
    }

    /// <summary>The allowed values in words ("an int ≥ 1", "a finite number in (0, 1]"), for the error message.</summary>
    public string Text { get; }

    /// <summary>Whether null is allowed.</summary>
    public bool Nullable { get; }

    /// <summary>True when <paramref name="value"/> is allowed.</summary>
    public bool Allows(object? value) => value is null ? Nullable : allows(value);

    /// <summary>The same constraint, with null also allowed (a parameter whose default is None in scikit-learn).</summary>
    public Constraint OrNull() => new(allows, "null or " + Text, nullable: true);
}

/// <summary>The constraints of hyperparameter tables: <c>Is.Int(min: 1)</c>, <c>Is.Real(0, 1, minOpen: true)</c>, …</summary>
public static class Is
{
    /// <summary>An integer (int or long) in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Constraint Int(long min = long.MinValue, long max = long.MaxValue) => new(
        v => v switch { int i => i >= min && i <= max, long l => l >= min && l <= max, _ => false },
        min == long.MinValue && max == long.MaxValue ? "an integer"
        : max == long.MaxValue ? $"an integer ≥ {F(min)}"
        : min == long.MinValue ? $"an integer ≤ {F(max)}"
        : $"an integer in [{F(min)}, {F(max)}]");

    /// <summary>
    /// A finite number in the interval from <paramref name="min"/> to <paramref name="max"/> (null: unbounded on that
    /// side), each end closed unless marked open. NaN is never allowed: every comparison with it is false, so a NaN
    /// would pass any check written as "reject when v &lt; min".
    /// </summary>
    public static Constraint Real(double? min = null, double? max = null, bool minOpen = false, bool maxOpen = false)
    {
        string text = (min, max) switch
        {
            (null, null) => "a finite number",
            ({ } lo, null) => $"a finite number {(minOpen ? ">" : "≥")} {F(lo)}",
            (null, { } hi) => $"a finite number {(maxOpen ? "<" : "≤")} {F(hi)}",
            ({ } lo, { } hi) => $"a number in {(minOpen ? "(" : "[")}{F(lo)}, {F(hi)}{(maxOpen ? ")" : "]")}",
        };
        return new(v =>
        {
            double d = v switch { double x => x, float x => x, int x => x, long x => x, _ => double.NaN };
            if (!double.IsFinite(d)) return false;
            if (min is { } lo && (minOpen ? d <= lo : d < lo)) return false;
            if (max is { } hi && (maxOpen ? d >= hi : d > hi)) return false;
            return true;
        }, text);
    }

    /// <summary>A defined member of the enum (a cast such as <c>(Criterion)42</c> is not).</summary>
    public static Constraint Defined<TEnum>() where TEnum : struct, Enum =>
        new(v => v is TEnum e && Enum.IsDefined(e), "one of " + SklearnNames.Allowed(typeof(TEnum)));

    /// <summary>One of the listed enum members (the rest of the enum is valid elsewhere but not here).</summary>
    public static Constraint OneOf<TEnum>(params TEnum[] allowed) where TEnum : struct, Enum =>
        new(v => v is TEnum e && allowed.Contains(e), "one of " + string.Join(", ", allowed.Select(a => $"\"{SklearnNames.Of(a)}\"")));

    /// <summary>A random seed: an integer in [0, 2³² − 1], as NumPy's <c>RandomState</c> takes.</summary>
    public static Constraint Seed => Int(0, uint.MaxValue);

    /// <summary>Any value satisfying <paramref name="predicate"/>, described by <paramref name="text"/> (for checks
    /// that are not a range: a non-empty array, a valid option type, …).</summary>
    public static Constraint Where<T>(Func<T, bool> predicate, string text) => new(v => v is T t && predicate(t), text);

    private static string F(double v) => v.ToString(CultureInfo.InvariantCulture);

    private static string F(long v) => v.ToString(CultureInfo.InvariantCulture);
}
