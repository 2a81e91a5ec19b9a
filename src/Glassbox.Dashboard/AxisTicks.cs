namespace Glassbox.Dashboard;

/// <summary>
/// "Nice" tick positions for a chart axis: multiples of 1, 2 or 5 × 10^k, about five of them across the range, so
/// the labels read as round numbers whatever the data.
/// </summary>
internal static class AxisTicks
{
    /// <summary>
    /// The axis range to draw for data spanning [<paramref name="min"/>, <paramref name="max"/>]: the data range itself,
    /// widened when it is a single value (by 10% of its size, or by 1 around zero) so that a flat curve sits in the
    /// middle instead of dividing by a zero span.
    /// </summary>
    public static (double Lo, double Hi) Range(double min, double max)
    {
        if (max > min) return (min, max);
        double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
        return (min - pad, max + pad);
    }

    /// <summary>The step between ticks: the 1-2-5 value nearest above <c>span / target</c>.</summary>
    public static double Step(double span, int target = 5)
    {
        double raw = span / target;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double norm = raw / magnitude; // in [1, 10)
        double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>
    /// The tick values inside [<paramref name="lo"/>, <paramref name="hi"/>] (<paramref name="lo"/> &lt;
    /// <paramref name="hi"/>), each computed as an integer times the step (not by repeated addition, which drifts).
    /// With <paramref name="integers"/> (step numbers), the step is at least 1.
    /// </summary>
    public static IReadOnlyList<double> Ticks(double lo, double hi, bool integers = false)
    {
        double step = Step(hi - lo);
        if (integers) step = Math.Max(1, Math.Round(step));
        var ticks = new List<double>();
        double first = Math.Ceiling(lo / step - 1e-9);
        for (double i = first; i * step <= hi + step * 1e-9 && ticks.Count < 50; i++) ticks.Add(i * step);
        return ticks;
    }
}
