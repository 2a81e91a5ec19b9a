using System.Globalization;

namespace Glassbox.Plotting;

/// <summary>Renders a <see cref="LineChart"/> to pixels (PNG), with the same layout as its SVG.</summary>
public static class LineChartRaster
{
    /// <summary>Draws the chart into a new image.</summary>
    public static Image Render(LineChart chart)
    {
        int w = chart.Width, h = chart.Height;
        var img = new Image(w, h, Rgb.White);
        var (x0, x1, y0, y1) = chart.Bounds();
        int L = LineChart.Left, T = LineChart.Top;
        double pw = w - LineChart.Left - LineChart.Right, ph = h - LineChart.Top - LineChart.Bottom;
        double PX(double v) => L + (v - x0) / (x1 - x0) * pw;
        double PY(double v) => T + ph - (v - y0) / (y1 - y0) * ph;
        string Label(double v, bool log) => (log ? Math.Pow(10, v) : v).ToString("G4", CultureInfo.InvariantCulture);
        var grid = new Rgb(229, 229, 229); var ink = new Rgb(51, 51, 51);

        foreach (var t in LineChart.NiceTicks(x0, x1, wholeSteps: chart.LogX))
        {
            int px = (int)Math.Round(PX(t));
            img.FillRect(px, T, 1, (int)ph, grid);
            var s = Label(t, chart.LogX);
            BitmapFont.Draw(img, px - BitmapFont.MeasureWidth(s) / 2, (int)(T + ph + 6), s, ink);
        }
        foreach (var t in LineChart.NiceTicks(y0, y1, wholeSteps: chart.LogY))
        {
            int py = (int)Math.Round(PY(t));
            img.FillRect(L, py, (int)pw, 1, grid);
            var s = Label(t, chart.LogY);
            BitmapFont.Draw(img, L - 6 - BitmapFont.MeasureWidth(s), py - 3, s, ink);
        }
        // frame
        img.FillRect(L, T, (int)pw, 1, ink); img.FillRect(L, (int)(T + ph), (int)pw + 1, 1, ink);
        img.FillRect(L, T, 1, (int)ph, ink); img.FillRect((int)(L + pw), T, 1, (int)ph, ink);
        BitmapFont.Draw(img, (w - BitmapFont.MeasureWidth(chart.Title, 2)) / 2, 10, chart.Title, Rgb.Black, 2);
        BitmapFont.Draw(img, (int)(L + pw / 2 - BitmapFont.MeasureWidth(chart.XLabel) / 2.0), h - 16, chart.XLabel, ink);
        BitmapFont.Draw(img, 4, T - 14, chart.YLabel, ink);

        for (int s = 0; s < chart.Series.Count; s++)
        {
            var (name, xs, ys) = chart.Series[s];
            var color = Parse(LineChart.Palette[s % LineChart.Palette.Length]);
            (double x, double y)? prev = null;
            for (int i = 0; i < xs.Length; i++)
            {
                double tx = chart.TX(xs[i]), ty = chart.TY(ys[i]);
                if (!double.IsFinite(tx) || !double.IsFinite(ty)) { prev = null; continue; }
                var cur = (PX(tx), PY(ty));
                if (prev is { } p) Line(img, p.x, p.y, cur.Item1, cur.Item2, color);
                else img.FillCircle(cur.Item1, cur.Item2, 1.5, color);
                prev = cur;
            }
            int ly = T + 10 + s * 20;
            img.FillRect((int)(L + pw + 12), ly - 1, 24, 3, color);
            BitmapFont.Draw(img, (int)(L + pw + 42), ly - 3, name, ink);
        }
        return img;
    }

    /// <summary>Writes the chart as a PNG.</summary>
    public static void SavePng(this LineChart chart, string path) => Render(chart).Save(path);

    /// <summary>A 2-pixel-wide line, stepping one pixel along the longer axis (DDA).</summary>
    private static void Line(Image img, double xa, double ya, double xb, double yb, Rgb c)
    {
        int steps = (int)Math.Ceiling(Math.Max(Math.Abs(xb - xa), Math.Abs(yb - ya))) + 1;
        for (int i = 0; i <= steps; i++)
        {
            double t = (double)i / steps;
            int x = (int)Math.Round(xa + (xb - xa) * t), y = (int)Math.Round(ya + (yb - ya) * t);
            img.FillRect(x, y, 2, 2, c);
        }
    }

    private static Rgb Parse(string hex) => new(
        byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber), byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber), byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber));
}
