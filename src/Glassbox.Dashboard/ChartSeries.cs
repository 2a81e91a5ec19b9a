namespace Glassbox.Dashboard;

/// <summary>One curve of a chart: its label (a metric key or a run), colour and points (step, value) in step order.</summary>
/// <param name="Label">Written as the polyline's <c>data-series</c> attribute (HTML-encoded) and its tooltip.</param>
/// <param name="Color">A CSS colour, e.g. <c>#1f77b4</c>; it comes from <see cref="ChartPalette"/>, never from the database.</param>
/// <param name="Points">The points; a NaN or infinite value is a gap in the curve.</param>
internal sealed record ChartSeries(string Label, string Color, IReadOnlyList<(double X, double Y)> Points);

/// <summary>Ten colours that stay apart from each other on white, for curves of different runs on one chart.</summary>
internal static class ChartPalette
{
    private static readonly string[] Colors =
        ["#1f6fb4", "#e8711a", "#2c9a3c", "#cf2a2b", "#8d62b8", "#8a5548", "#d86bb8", "#6f6f6f", "#aab31f", "#1eb0c2"];

    /// <summary>The colour of the <paramref name="i"/>-th curve (they repeat after ten).</summary>
    public static string Color(int i) => Colors[i % Colors.Length];
}
