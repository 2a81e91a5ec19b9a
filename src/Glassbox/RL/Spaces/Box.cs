using System.Globalization;

namespace Glassbox.RL.Spaces;

/// <summary>
/// A float32 box <c>low ≤ x ≤ high</c> elementwise (Gymnasium's <c>Box(low, high, dtype=float32)</c>), flat
/// (<see cref="Shape"/> is one-dimensional). Infinite bounds are allowed.
/// </summary>
/// <remarks>
/// <see cref="Sample"/> follows Gymnasium's order of draws: first the unbounded coordinates (normal), then those
/// bounded only below and only above (exponential), then the bounded ones (<c>uniform(low, high)</c> in double,
/// element by element, cast to float32). The bounded part is NumPy-exact, so a fully bounded box (every action
/// space here) samples exactly what Gymnasium samples; the normal and exponential draws are not NumPy's ziggurat
/// (see <see cref="Seeding.NumpyGenerator"/>).
/// </remarks>
public sealed class Box : Space<float[]>
{
    private readonly float[] low, high;

    /// <summary>A box with per-coordinate bounds (copied); <c>low[i] ≤ high[i]</c> and neither is NaN.</summary>
    public Box(float[] low, float[] high)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length != high.Length) throw new ArgumentException($"Box: low has {low.Length} entries but high has {high.Length}");
        for (int i = 0; i < low.Length; i++)
            if (!(low[i] <= high[i])) throw new ArgumentException($"Box: low[{i}] = {low[i]} is not ≤ high[{i}] = {high[i]}");
        this.low = (float[])low.Clone();
        this.high = (float[])high.Clone();
    }

    /// <summary>A box of <paramref name="size"/> coordinates sharing scalar bounds.</summary>
    public Box(float low, float high, int size) : this(Enumerable.Repeat(low, size).ToArray(), Enumerable.Repeat(high, size).ToArray()) { }

    /// <summary>The shape, <c>[size]</c>.</summary>
    public int[] Shape => [low.Length];

    /// <summary>Number of coordinates.</summary>
    public int Size => low.Length;

    /// <summary>The lower bounds (a copy).</summary>
    public float[] Low => (float[])low.Clone();

    /// <summary>The upper bounds (a copy).</summary>
    public float[] High => (float[])high.Clone();

    /// <summary>Lower bound of coordinate <paramref name="i"/>.</summary>
    public float LowAt(int i) => low[i];

    /// <summary>Upper bound of coordinate <paramref name="i"/>.</summary>
    public float HighAt(int i) => high[i];

    /// <summary>Whether every coordinate has finite bounds on both sides.</summary>
    public bool IsBounded => low.All(float.IsFinite) && high.All(float.IsFinite);

    /// <inheritdoc/>
    public override float[] Sample()
    {
        int n = low.Length;
        var s = new double[n];
        var g = NpRandom;
        for (int i = 0; i < n; i++)
            if (float.IsNegativeInfinity(low[i]) && float.IsPositiveInfinity(high[i])) s[i] = g.StandardNormal();
        for (int i = 0; i < n; i++)
            if (!float.IsNegativeInfinity(low[i]) && float.IsPositiveInfinity(high[i])) s[i] = Exponential(g) + low[i];
        for (int i = 0; i < n; i++)
            if (float.IsNegativeInfinity(low[i]) && !float.IsPositiveInfinity(high[i])) s[i] = -Exponential(g) + high[i];
        for (int i = 0; i < n; i++)
            if (!float.IsNegativeInfinity(low[i]) && !float.IsPositiveInfinity(high[i])) s[i] = g.Uniform(low[i], high[i]);
        var r = new float[n];
        for (int i = 0; i < n; i++) r[i] = (float)s[i];
        return r;
    }

    private static double Exponential(Seeding.NumpyGenerator g) => -Math.Log(1.0 - g.Random());

    /// <inheritdoc/>
    public override bool Contains(float[] value)
    {
        if (value is null || value.Length != low.Length) return false;
        for (int i = 0; i < value.Length; i++)
            if (!(value[i] >= low[i] && value[i] <= high[i])) return false;   // NaN fails both comparisons
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        static string Arr(float[] a) => "[" + string.Join(" ", a.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
        return $"Box({Arr(low)}, {Arr(high)}, ({low.Length},), float32)";
    }
}
