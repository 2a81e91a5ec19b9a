using System.Globalization;
using System.Net;
using System.Text;
using Glassbox.Data.Frame;

namespace Glassbox.Milestones.Eda;

/// <summary>
/// Renders an <see cref="EdaReport"/> as one self-contained HTML page: inline CSS and inline SVG charts, no script
/// and no external resource (the report must open on a machine without internet, and from an e-mail attachment).
/// Every string that comes from the data — column names, category values, the file name — is HTML-encoded, so a
/// hostile header such as <c>&lt;script&gt;</c> is shown as text and never runs.
/// </summary>
public static class EdaHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string H(string s) => WebUtility.HtmlEncode(s);

    private static string F(double v, string format = "0.###") => double.IsNaN(v) ? "–" : v.ToString(format, Inv);

    /// <summary>Writes the report to <paramref name="path"/> atomically (a temporary file renamed over it), creating its folder.</summary>
    public static void Write(EdaReport report, string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(tmp, Render(report), new UTF8Encoding(false));
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { /* the original error matters more */ }
            throw;
        }
    }

    /// <summary>The report's HTML.</summary>
    public static string Render(EdaReport r)
    {
        var df = r.Frame;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>EDA: ").Append(H(Path.GetFileName(r.Source))).Append("</title>\n<style>")
          .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}")
          .Append("table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}")
          .Append("td.l,th.l{text-align:left}.cards{display:flex;flex-wrap:wrap;gap:16px}.card{border:1px solid #ddd;padding:8px;border-radius:4px}")
          .Append(".card h3{font-size:14px;margin:0 0 4px}.muted{color:#777;font-size:12px}svg text{font-family:system-ui,sans-serif}</style></head><body>\n");
        sb.Append("<h1>Exploratory data analysis: ").Append(H(Path.GetFileName(r.Source))).Append("</h1>\n<p>")
          .Append(df.RowCount).Append(" rows × ").Append(df.Columns.Count).Append(" columns; target <b>").Append(H(r.Target)).Append("</b> (")
          .Append(H(r.TargetDescription)).Append(": ").Append(F(r.TargetMean)).Append(").</p>\n");

        sb.Append("<h2>Summary</h2>\n<table><tr><th class=\"l\">column</th><th class=\"l\">type</th><th>missing</th><th>missing %</th><th>distinct</th>")
          .Append("<th>mean</th><th>std</th><th>min</th><th>median</th><th>max</th><th class=\"l\">most frequent</th></tr>\n");
        foreach (var c in r.Columns)
        {
            sb.Append("<tr><td class=\"l\">").Append(H(c.Name)).Append("</td><td class=\"l\">").Append(c.Kind).Append("</td><td>").Append(c.Missing)
              .Append("</td><td>").Append(F(100.0 * c.Missing / Math.Max(1, df.RowCount), "0.0")).Append("</td><td>").Append(c.Distinct)
              .Append("</td><td>").Append(F(c.Mean)).Append("</td><td>").Append(F(c.Std)).Append("</td><td>").Append(F(c.Min))
              .Append("</td><td>").Append(F(c.Median)).Append("</td><td>").Append(F(c.Max)).Append("</td><td class=\"l\">")
              .Append(c.TopValues.Count > 0 && c.Kind != ColumnKind.Numeric ? $"{H(c.TopValues[0].Value)} ({c.TopValues[0].Count})" : "").Append("</td></tr>\n");
        }
        sb.Append("</table>\n");

        sb.Append("<h2>Missing values</h2>\n");
        var withMissing = r.Columns.Where(c => c.Missing > 0).ToList();
        if (withMissing.Count == 0) sb.Append("<p>No column has missing values.</p>\n");
        else sb.Append(Bars(withMissing.Select(c => c.Name).ToList(), withMissing.Select(c => (double)c.Missing / df.RowCount).ToList(), "0.0%", 1.0));

        sb.Append("<h2>Target ").Append(H(r.TargetDescription)).Append(" per category</h2>\n<p class=\"muted\">Overall: ").Append(F(r.TargetMean))
          .Append(". Bars show the target's mean within each category (n = rows in it with a present target).</p>\n<div class=\"cards\">\n");
        foreach (var (name, rates) in r.TargetRates)
        {
            sb.Append("<div class=\"card\"><h3>").Append(H(name)).Append("</h3>\n<table><tr><th class=\"l\">").Append(H(name)).Append("</th><th>n</th><th>")
              .Append(H(r.Target)).Append(" mean</th></tr>\n");
            foreach (var t in rates)
                sb.Append("<tr><td class=\"l\">").Append(H(t.Category)).Append("</td><td>").Append(t.Count).Append("</td><td>").Append(F(t.TargetMean)).Append("</td></tr>\n");
            sb.Append("</table>\n");
            double hi = Math.Max(1e-12, rates.Max(t => Math.Abs(t.TargetMean)));
            sb.Append(Bars(rates.Select(t => t.Category).ToList(), rates.Select(t => t.TargetMean).ToList(), "0.###", hi)).Append("</div>\n");
        }
        sb.Append("</div>\n");

        sb.Append("<h2>Correlations</h2>\n");
        if (r.NumericNames.Count >= 2)
            sb.Append("<h3>Pearson r of the numeric columns</h3>\n<p class=\"muted\">Over the rows where both are present (pandas' <code>df.corr()</code>).</p>\n")
              .Append(Heatmap(r.NumericNames, r.Pearson, -1));
        if (r.CategoricalNames.Count >= 2)
            sb.Append("<h3>Cramér's V of the categorical columns</h3>\n<p class=\"muted\">0 = independent, 1 = one determines the other.</p>\n")
              .Append(Heatmap(r.CategoricalNames, r.CramersV, 0));

        sb.Append("<h2>Distributions</h2>\n<div class=\"cards\">\n");
        foreach (var c in r.Columns)
        {
            sb.Append("<div class=\"card\"><h3>").Append(H(c.Name)).Append("</h3><div class=\"muted\">").Append(c.Kind).Append(", ").Append(c.Missing).Append(" missing, ")
              .Append(c.Distinct).Append(" distinct</div>\n");
            if (c.HistogramCounts.Length > 0 && c.Distinct > EdaReport.MaxCategories) sb.Append(HistogramSvg(c.HistogramEdges, c.HistogramCounts));
            else if (c.TopValues.Count > 0)
                sb.Append(Bars(c.TopValues.Select(t => t.Value).ToList(), c.TopValues.Select(t => (double)t.Count).ToList(), "0", c.TopValues.Max(t => t.Count)));
            sb.Append("</div>\n");
        }
        sb.Append("</div>\n<p class=\"muted\">Written by glassbox eda.</p>\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>Horizontal bars, one per label, scaled to <paramref name="max"/>, each with its value printed.</summary>
    private static string Bars(IReadOnlyList<string> labels, IReadOnlyList<double> values, string format, double max)
    {
        const int labelW = 140, barW = 220, rowH = 18;
        int h = labels.Count * rowH + 4;
        var sb = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelW + barW + 60}\" height=\"{h}\" role=\"img\">");
        for (int i = 0; i < labels.Count; i++)
        {
            double v = values[i];
            double w = double.IsNaN(v) || max <= 0 ? 0 : Math.Max(0, v) / max * barW;
            int y = i * rowH + 2;
            string label = labels[i].Length > 22 ? labels[i][..21] + "…" : labels[i];
            string text = format.EndsWith('%') ? v.ToString(format, Inv) : F(v, format);
            sb.Append($"<text x=\"{labelW - 4}\" y=\"{y + 13}\" font-size=\"11\" text-anchor=\"end\">{H(label)}</text>")
              .Append($"<rect x=\"{labelW}\" y=\"{y + 2}\" width=\"{w.ToString("0.#", Inv)}\" height=\"{rowH - 4}\" fill=\"#4c78a8\"/>")
              .Append($"<text x=\"{(labelW + w + 4).ToString("0.#", Inv)}\" y=\"{y + 13}\" font-size=\"11\">{H(text)}</text>");
        }
        return sb.Append("</svg>\n").ToString();
    }

    /// <summary>A histogram as adjacent columns with the range printed under it.</summary>
    private static string HistogramSvg(double[] edges, int[] counts)
    {
        const int w = 360, h = 140, bottom = 20;
        int peak = Math.Max(1, counts.Max());
        double bw = (double)w / counts.Length;
        var sb = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" role=\"img\">");
        for (int k = 0; k < counts.Length; k++)
        {
            double bh = (double)counts[k] / peak * (h - bottom - 14);
            sb.Append($"<rect x=\"{(k * bw).ToString("0.#", Inv)}\" y=\"{(h - bottom - bh).ToString("0.#", Inv)}\" width=\"{(bw - 1).ToString("0.#", Inv)}\" height=\"{bh.ToString("0.#", Inv)}\" fill=\"#4c78a8\">")
              .Append($"<title>[{F(edges[k], "0.###")}, {F(edges[k + 1], "0.###")}): {counts[k]}</title></rect>");
        }
        sb.Append($"<text x=\"0\" y=\"{h - 4}\" font-size=\"11\">{F(edges[0], "0.##")}</text>")
          .Append($"<text x=\"{w}\" y=\"{h - 4}\" font-size=\"11\" text-anchor=\"end\">{F(edges[^1], "0.##")}</text>")
          .Append($"<text x=\"{w}\" y=\"11\" font-size=\"11\" text-anchor=\"end\">peak {peak}</text>");
        return sb.Append("</svg>\n").ToString();
    }

    /// <summary>A square matrix of values in [<paramref name="lo"/>, 1] as coloured, annotated cells (blue negative, red positive).</summary>
    private static string Heatmap(IReadOnlyList<string> names, double[,] m, double lo)
    {
        const int cell = 44, label = 130;
        int n = names.Count;
        var sb = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{label + n * cell + 10}\" height=\"{label + n * cell + 10}\" role=\"img\">");
        for (int i = 0; i < n; i++)
        {
            string name = names[i].Length > 18 ? names[i][..17] + "…" : names[i];
            sb.Append($"<text x=\"{label - 4}\" y=\"{label + i * cell + cell / 2 + 4}\" font-size=\"11\" text-anchor=\"end\">{H(name)}</text>")
              .Append($"<text transform=\"translate({label + i * cell + cell / 2 + 4},{label - 4}) rotate(-60)\" font-size=\"11\">{H(name)}</text>");
            for (int j = 0; j < n; j++)
            {
                double v = m[i, j];
                string fill = double.IsNaN(v) ? "#eee" : Color(lo < 0 ? v : v * 2 - 1);
                sb.Append($"<rect x=\"{label + j * cell}\" y=\"{label + i * cell}\" width=\"{cell - 1}\" height=\"{cell - 1}\" fill=\"{fill}\"/>")
                  .Append($"<text x=\"{label + j * cell + cell / 2}\" y=\"{label + i * cell + cell / 2 + 4}\" font-size=\"11\" text-anchor=\"middle\">{F(v, "0.00")}</text>");
            }
        }
        return sb.Append("</svg>\n").ToString();
    }

    /// <summary>A diverging blue–white–red colour for t in [−1, 1].</summary>
    private static string Color(double t)
    {
        t = Math.Clamp(t, -1, 1);
        (int r, int g, int b) = t >= 0
            ? ((int)(255 - t * (255 - 214)), (int)(255 - t * (255 - 96)), (int)(255 - t * (255 - 77)))
            : ((int)(255 + t * (255 - 67)), (int)(255 + t * (255 - 147)), (int)(255 + t * (255 - 195)));
        return $"#{r:x2}{g:x2}{b:x2}";
    }
}
