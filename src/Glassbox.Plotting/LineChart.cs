using System.Globalization;
using System.Text;

namespace Glassbox.Plotting;

/// <summary>
/// A line chart of one or more series (learning curves, validation curves, coefficient paths), rendered to
/// SVG. Axes get "nice" tick values (1, 2 or 5 × 10ᵏ steps) so a person can read values off the chart.
/// </summary>
public sealed class LineChart
{
    private readonly List<(string name, double[] x, double[] y)> series = [];

    /// <summary>Chart title.</summary>
    public string Title { get; init; } = "";
    /// <summary>Label under the x axis.</summary>
    public string XLabel { get; init; } = "";
    /// <summary>Label beside the y axis.</summary>
    public string YLabel { get; init; } = "";
    /// <summary>Plot the y axis on a log₁₀ scale (for losses spanning decades).</summary>
    public bool LogY { get; init; }
    /// <summary>Plot the x axis on a log₁₀ scale (for regularisation paths over α).</summary>
    public bool LogX { get; init; }
    /// <summary>Width in pixels.</summary>
    public int Width { get; init; } = 720;
    /// <summary>Height in pixels.</summary>
    public int Height { get; init; } = 440;

    /// <summary>Series colours, in order (a colour-blind-safe palette).</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F", "#BCBD22"];

    /// <summary>Adds a series; x and y must have equal length.</summary>
    public LineChart Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"LineChart.Add: series '{name}' has {x.Count} x values but {y.Count} y values");
        series.Add((name, x.ToArray(), y.ToArray()));
        return this;
    }

    /// <summary>The series added so far.</summary>
    public IReadOnlyList<(string name, double[] x, double[] y)> Series => series;

    internal const int Left = 70, Right = 160, Top = 40, Bottom = 50;

    /// <summary>Data-space bounds after log transforms, padded so lines do not touch the frame.</summary>
    internal (double x0, double x1, double y0, double y1) Bounds()
    {
        var xs = series.SelectMany(s => s.x).Select(TX).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        var ys = series.SelectMany(s => s.y).Select(TY).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double x0 = xs.Min(), x1 = xs.Max(), y0 = ys.Min(), y1 = ys.Max();
        if (x1 == x0) { x0 -= 0.5; x1 += 0.5; }
        if (y1 == y0) { y0 -= 0.5; y1 += 0.5; }
        double pad = (y1 - y0) * 0.05;
        return (x0, x1, y0 - pad, y1 + pad);
    }

    internal double TX(double v) => LogX ? (v > 0 ? Math.Log10(v) : double.NaN) : v;
    internal double TY(double v) => LogY ? (v > 0 ? Math.Log10(v) : double.NaN) : v;

    /// <summary>Tick positions at 1/2/5 × 10ᵏ steps covering [lo, hi] with about <paramref name="target"/> ticks.</summary>
    public static double[] NiceTicks(double lo, double hi, int target = 6, bool wholeSteps = false)
    {
        double raw = (hi - lo) / Math.Max(target, 1);
        if (wholeSteps) raw = Math.Max(raw, 1); // log axes: ticks at whole decades only
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        var ticks = new List<double>();
        // k·step accumulates binary rounding (3 × 0.2 = 0.6000000000000001); 12 significant digits give the decimal tick.
        for (long k = (long)Math.Ceiling(lo / step); k * step <= hi + step * 1e-9; k++)
            ticks.Add(double.Parse((k * step).ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        return ticks.ToArray();
    }

    /// <summary>Renders the chart as an SVG document.</summary>
    public string ToSvg()
    {
        var (x0, x1, y0, y1) = Bounds();
        double pw = Width - Left - Right, ph = Height - Top - Bottom;
        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        double PX(double v) => Left + (v - x0) / (x1 - x0) * pw;
        double PY(double v) => Top + ph - (v - y0) / (y1 - y0) * ph;
        string Label(double v, bool log) => (log ? Math.Pow(10, v) : v).ToString("G4", CultureInfo.InvariantCulture);

        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        sb.Append($"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(Title)}</text>\n");
        foreach (var t in NiceTicks(x0, x1, wholeSteps: LogX))
            sb.Append($"<line x1=\"{F(PX(t))}\" y1=\"{Top}\" x2=\"{F(PX(t))}\" y2=\"{Top + ph}\" stroke=\"#e5e5e5\"/><text x=\"{F(PX(t))}\" y=\"{F(Top + ph + 16)}\" text-anchor=\"middle\">{Label(t, LogX)}</text>\n");
        foreach (var t in NiceTicks(y0, y1, wholeSteps: LogY))
            sb.Append($"<line x1=\"{Left}\" y1=\"{F(PY(t))}\" x2=\"{F(Left + pw)}\" y2=\"{F(PY(t))}\" stroke=\"#e5e5e5\"/><text x=\"{Left - 6}\" y=\"{F(PY(t) + 4)}\" text-anchor=\"end\">{Label(t, LogY)}</text>\n");
        sb.Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{F(pw)}\" height=\"{F(ph)}\" fill=\"none\" stroke=\"#333\"/>\n");
        sb.Append($"<text x=\"{F(Left + pw / 2)}\" y=\"{Height - 10}\" text-anchor=\"middle\">{Escape(XLabel)}</text>\n");
        sb.Append($"<text transform=\"translate(16,{F(Top + ph / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(YLabel)}</text>\n");
        for (int s = 0; s < series.Count; s++)
        {
            var (name, xs, ys) = series[s];
            string color = Palette[s % Palette.Length];
            var pts = new StringBuilder();
            for (int i = 0; i < xs.Length; i++)
            {
                double px = TX(xs[i]), py = TY(ys[i]);
                if (double.IsFinite(px) && double.IsFinite(py)) pts.Append($"{F(PX(px))},{F(PY(py))} ");
            }
            sb.Append($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{pts.ToString().TrimEnd()}\"/>\n");
            double ly = Top + 10 + s * 20;
            sb.Append($"<line x1=\"{F(Left + pw + 12)}\" y1=\"{F(ly)}\" x2=\"{F(Left + pw + 36)}\" y2=\"{F(ly)}\" stroke=\"{color}\" stroke-width=\"3\"/><text x=\"{F(Left + pw + 42)}\" y=\"{F(ly + 4)}\">{Escape(name)}</text>\n");
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>Writes the SVG to <paramref name="path"/> atomically.</summary>
    public void SaveSvg(string path)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, ToSvg());
        File.Move(tmp, path, overwrite: true);
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
