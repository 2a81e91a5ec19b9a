using System.Text;
using Glassbox.Tracking;

namespace Glassbox.Dashboard;

/// <summary>
/// <c>/compare?ids=a,b,c</c>: several runs side by side — one chart per metric key with a curve per run (each run
/// keeps its colour on every chart), the parameters with the rows that differ highlighted, and each metric's last and
/// best value per run.
/// </summary>
internal static class ComparePage
{
    /// <summary>The page for <paramref name="runs"/>; <paramref name="histories"/>[i] holds run i's points per metric key.</summary>
    public static string Render(IReadOnlyList<RunDetails> runs, IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>> histories, string databasePath)
    {
        var sb = new StringBuilder();
        sb.Append($"<h1>Comparing {runs.Count} runs</h1>");
        sb.Append("<table id=\"compared\"><thead><tr><th>curve</th><th>id</th><th>name</th><th>experiment</th><th>status</th><th>started (UTC)</th><th>duration</th></tr></thead><tbody>");
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i].Run;
            sb.Append($"<tr data-run-id=\"{r.Id}\"><td><span class=\"swatch\" style=\"background: {ChartPalette.Color(i)}\"></span></td><td class=\"num\"><a href=\"/runs/{r.Id}\">{r.Id}</a></td><td><a href=\"/runs/{r.Id}\">{Html.Encode(r.Name)}</a></td><td>{Html.Encode(r.Experiment ?? "—")}</td><td>{PageLayout.StatusBadge(r.Status)}</td><td>{Html.Time(r.StartTime)}</td><td class=\"num\">{Html.Duration(r.Duration)}</td></tr>");
        }
        sb.Append("</tbody></table>");

        var metricKeys = runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        var curveKeys = metricKeys.Where(k => runs.Any(r => r.Metrics.FirstOrDefault(m => m.Key == k)?.Count > 1)).ToList();
        if (curveKeys.Count > 0)
        {
            sb.Append("<h2>Curves</h2><div class=\"charts\">");
            foreach (var key in curveKeys)
            {
                var series = new List<ChartSeries>();
                for (int i = 0; i < runs.Count; i++)
                    if (histories[i].TryGetValue(key, out var points))
                        series.Add(new ChartSeries($"run {runs[i].Run.Id}", ChartPalette.Color(i), points.Select(p => ((double)p.Step, p.Value)).ToList()));
                sb.Append($"<figure class=\"curve\" data-metric=\"{Html.Encode(key)}\"><figcaption>{Html.Encode(key)} <span class=\"muted\">{series.Count} of {runs.Count} runs{(SvgLineChart.IsReduced(series) ? ", long curves reduced" : "")}</span></figcaption>");
                sb.Append(SvgLineChart.Render($"{key} over steps", series));
                sb.Append("</figure>");
            }
            sb.Append("</div>");
        }

        sb.Append("<h2>Parameters</h2>");
        var paramKeys = runs.SelectMany(r => r.Params.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (paramKeys.Count == 0) sb.Append("<p class=\"muted\">none recorded</p>");
        else
        {
            int differing = paramKeys.Count(k => Differs(runs, k));
            sb.Append($"<p class=\"note\">{differing} of {paramKeys.Count} parameters differ (highlighted); — means the run did not record it.</p>");
            sb.Append("<table id=\"params\"><thead><tr><th>key</th>");
            foreach (var r in runs) sb.Append($"<th>run {r.Run.Id}</th>");
            sb.Append("</tr></thead><tbody>");
            foreach (var key in paramKeys)
            {
                sb.Append($"<tr data-key=\"{Html.Encode(key)}\"{(Differs(runs, key) ? " class=\"differs\"" : "")}><td class=\"mono\">{Html.Encode(key)}</td>");
                foreach (var r in runs)
                    sb.Append(Param(r, key) is { } v ? $"<td class=\"mono\">{Html.Encode(v.ToString())}</td>" : "<td class=\"muted\">—</td>");
                sb.Append("</tr>");
            }
            sb.Append("</tbody></table>");
        }

        sb.Append("<h2>Metrics</h2>");
        if (metricKeys.Count == 0) sb.Append("<p class=\"muted\">none recorded</p>");
        else
        {
            sb.Append("<table id=\"metrics\"><thead><tr><th>key</th>");
            foreach (var r in runs) sb.Append($"<th>run {r.Run.Id} last</th><th>best</th>");
            sb.Append("</tr></thead><tbody>");
            foreach (var key in metricKeys)
            {
                sb.Append($"<tr><td class=\"mono\">{Html.Encode(key)}</td>");
                foreach (var r in runs)
                    sb.Append(r.Metrics.FirstOrDefault(m => m.Key == key) is { } m
                        ? $"<td class=\"num\">{Html.Number(m.Last)}</td><td class=\"num\">{Html.Number(m.Best)}</td>"
                        : "<td class=\"muted\">—</td><td class=\"muted\">—</td>");
                sb.Append("</tr>");
            }
            sb.Append("</tbody></table>");
        }
        return PageLayout.Render($"Compare runs {string.Join(", ", runs.Select(r => r.Run.Id))}", databasePath, sb.ToString());
    }

    /// <summary>True when some run lacks <paramref name="key"/> or two runs record it with different text or type.</summary>
    internal static bool Differs(IReadOnlyList<RunDetails> runs, string key) => runs.Select(r => Param(r, key)).Distinct().Count() > 1;

    private static ParamValue? Param(RunDetails r, string key) => r.Params.FirstOrDefault(p => p.Key == key) is { Key: not null } p ? p.Value : null;
}
