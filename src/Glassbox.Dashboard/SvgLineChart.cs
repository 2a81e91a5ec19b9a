using System.Globalization;
using System.Text;

namespace Glassbox.Dashboard;

/// <summary>
/// Draws line charts as inline SVG, on the server: axes with round-number ticks and grid lines, the step on x, the
/// value on y, and one <c>&lt;polyline class="series"&gt;</c> per curve (per unbroken part of a curve: a NaN or
/// infinite value is a gap, because joining across it would draw a value that was never logged). A part of one point
/// also gets a dot, since a one-point line is invisible.
/// </summary>
/// <remarks>
/// <para>Every logged point becomes a vertex, up to <see cref="MaxVertices"/> per curve: a browser draws tens of
/// thousands of vertices slowly and a chart 640 pixels wide cannot show them. A longer curve is cut into that many
/// buckets of consecutive points by half, and each bucket gives its lowest and highest point in step order, so spikes
/// survive the reduction (a stride over the points would drop them); the caption says so.</para>
/// <para>No text on the chart comes from the database unencoded; the caller encodes nothing itself.</para>
/// </remarks>
internal static class SvgLineChart
{
    /// <summary>The most vertices one curve is drawn with.</summary>
    public const int MaxVertices = 2000;

    private const int Width = 640, Height = 300;
    private const double Left = 64, Right = 16, Top = 12, Bottom = 40;

    /// <summary>The SVG element of a chart of <paramref name="series"/>; <paramref name="title"/> is its accessible name.</summary>
    public static string Render(string title, IReadOnlyList<ChartSeries> series, string xLabel = "step")
    {
        var finite = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var sb = new StringBuilder();
        sb.Append($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Html.Encode(title)}\">");
        sb.Append($"<title>{Html.Encode(title)}</title>");
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        if (finite.Count == 0)
        {
            sb.Append($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"empty\">no finite values to draw</text></svg>");
            return sb.ToString();
        }
        var (x0, x1) = AxisTicks.Range(finite.Min(p => p.X), finite.Max(p => p.X));
        var (y0, y1) = AxisTicks.Range(finite.Min(p => p.Y), finite.Max(p => p.Y));
        double X(double x) => Left + (x - x0) / (x1 - x0) * plotW;
        double Y(double y) => Top + (1 - (y - y0) / (y1 - y0)) * plotH;

        sb.Append("<g class=\"grid\">");
        foreach (var t in AxisTicks.Ticks(y0, y1))
            sb.Append($"<line x1=\"{F(Left)}\" x2=\"{F(Left + plotW)}\" y1=\"{F(Y(t))}\" y2=\"{F(Y(t))}\"/>");
        foreach (var t in AxisTicks.Ticks(x0, x1, integers: true))
            sb.Append($"<line x1=\"{F(X(t))}\" x2=\"{F(X(t))}\" y1=\"{F(Top)}\" y2=\"{F(Top + plotH)}\"/>");
        sb.Append("</g><g class=\"axis\">");
        sb.Append($"<line x1=\"{F(Left)}\" x2=\"{F(Left)}\" y1=\"{F(Top)}\" y2=\"{F(Top + plotH)}\"/>");
        sb.Append($"<line x1=\"{F(Left)}\" x2=\"{F(Left + plotW)}\" y1=\"{F(Top + plotH)}\" y2=\"{F(Top + plotH)}\"/>");
        foreach (var t in AxisTicks.Ticks(y0, y1))
            sb.Append($"<line x1=\"{F(Left - 4)}\" x2=\"{F(Left)}\" y1=\"{F(Y(t))}\" y2=\"{F(Y(t))}\"/><text class=\"ytick\" x=\"{F(Left - 7)}\" y=\"{F(Y(t) + 4)}\" text-anchor=\"end\">{Html.Number(t)}</text>");
        foreach (var t in AxisTicks.Ticks(x0, x1, integers: true))
            sb.Append($"<line x1=\"{F(X(t))}\" x2=\"{F(X(t))}\" y1=\"{F(Top + plotH)}\" y2=\"{F(Top + plotH + 4)}\"/><text class=\"xtick\" x=\"{F(X(t))}\" y=\"{F(Top + plotH + 17)}\" text-anchor=\"middle\">{Html.Number(t)}</text>");
        sb.Append($"<text class=\"xlabel\" x=\"{F(Left + plotW / 2)}\" y=\"{Height - 4}\" text-anchor=\"middle\">{Html.Encode(xLabel)}</text>");
        sb.Append("</g>");

        foreach (var s in series)
        {
            string label = Html.Encode(s.Label);
            foreach (var part in Parts(s.Points))
            {
                var drawn = Reduce(part);
                sb.Append($"<polyline class=\"series\" data-series=\"{label}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.8\" points=\"");
                for (int i = 0; i < drawn.Count; i++)
                {
                    if (i > 0) sb.Append(' ');
                    sb.Append(F(X(drawn[i].X))).Append(',').Append(F(Y(drawn[i].Y)));
                }
                sb.Append($"\"><title>{label}</title></polyline>");
                if (drawn.Count == 1)
                    sb.Append($"<circle class=\"dot\" cx=\"{F(X(drawn[0].X))}\" cy=\"{F(Y(drawn[0].Y))}\" r=\"3\" fill=\"{s.Color}\"/>");
            }
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The unbroken runs of finite points of a curve, in order.</summary>
    internal static List<List<(double X, double Y)>> Parts(IReadOnlyList<(double X, double Y)> points)
    {
        var parts = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? current = null;
        foreach (var p in points)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y)) { current = null; continue; }
            if (current is null) parts.Add(current = []);
            current.Add(p);
        }
        return parts;
    }

    /// <summary>
    /// The points themselves when there are at most <see cref="MaxVertices"/>; otherwise, for each of
    /// <see cref="MaxVertices"/>/2 buckets of consecutive points, its lowest and highest point in their order.
    /// </summary>
    internal static List<(double X, double Y)> Reduce(List<(double X, double Y)> points)
    {
        if (points.Count <= MaxVertices) return points;
        int buckets = MaxVertices / 2;
        var kept = new List<(double X, double Y)>(MaxVertices);
        for (int b = 0; b < buckets; b++)
        {
            int from = (int)((long)points.Count * b / buckets), to = (int)((long)points.Count * (b + 1) / buckets);
            int lo = from, hi = from;
            for (int i = from + 1; i < to; i++)
            {
                if (points[i].Y < points[lo].Y) lo = i;
                if (points[i].Y > points[hi].Y) hi = i;
            }
            if (lo == hi) kept.Add(points[lo]);
            else { kept.Add(points[Math.Min(lo, hi)]); kept.Add(points[Math.Max(lo, hi)]); }
        }
        return kept;
    }

    /// <summary>True when some part of some curve has more than <see cref="MaxVertices"/> points (the caption then says the curve is reduced).</summary>
    public static bool IsReduced(IEnumerable<ChartSeries> series) => series.Any(s => Parts(s.Points).Any(p => p.Count > MaxVertices));

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
