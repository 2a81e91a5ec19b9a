using System.Text;
using Glassbox.Tracking;

namespace Glassbox.Dashboard;

/// <summary>One of a run's artifacts as the run page shows it.</summary>
/// <param name="Number">Its position in the run's artifact list, from 0 (the <c>n</c> of <c>/runs/{id}/artifacts/{n}</c>).</param>
/// <param name="Record">What the run recorded.</param>
/// <param name="State">How the file looks now (<see cref="ArtifactFiles.State"/>).</param>
/// <param name="Matrix">The confusion matrix it holds, for a <see cref="ConfusionMatrixArtifact.Kind"/> artifact that could be read.</param>
/// <param name="Problem">Why a confusion-matrix artifact could not be read, else null.</param>
internal sealed record ArtifactView(int Number, ArtifactRecord Record, string State, ConfusionMatrixArtifact? Matrix, string? Problem);

/// <summary>
/// <c>/runs/{id}</c>: everything recorded about one run — its status and provenance, parameters, each metric's
/// summary and curve (one SVG chart per metric key), tags, pictures, confusion matrices and the list of artifacts.
/// </summary>
internal static class RunPage
{
    /// <summary>The page; <paramref name="histories"/> holds each metric key's points in step order.</summary>
    public static string Render(RunDetails d, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> histories, IReadOnlyList<ArtifactView> artifacts, string databasePath)
    {
        var r = d.Run;
        var sb = new StringBuilder();
        sb.Append($"<h1>Run {r.Id}: <span id=\"run-name\">{Html.Encode(r.Name)}</span> {PageLayout.StatusBadge(r.Status)}</h1>");
        sb.Append("<table class=\"facts\"><tbody>");
        Fact(sb, "experiment", r.Experiment is null ? "—" : $"<a href=\"/?experiment={Html.QueryValue(r.Experiment)}\">{Html.Encode(r.Experiment)}</a>");
        Fact(sb, "status", PageLayout.StatusBadge(r.Status) + (r.Message is null ? "" : $" <span class=\"message\">{Html.Encode(r.Message)}</span>"));
        Fact(sb, "started (UTC)", Html.Time(r.StartTime));
        Fact(sb, "ended (UTC)", r.EndTime is { } end ? Html.Time(end) : "—");
        Fact(sb, "duration", Html.Duration(r.Duration));
        Fact(sb, "git commit", r.GitCommit is null ? "—" : $"<span class=\"mono\">{Html.Encode(r.GitCommit)}</span>");
        Fact(sb, "process", $"{r.Pid} on {Html.Encode(r.Host)}");
        sb.Append("</tbody></table>");

        sb.Append("<h2>Parameters</h2>");
        if (d.Params.Count == 0) sb.Append("<p class=\"muted\">none recorded</p>");
        else
        {
            sb.Append("<table id=\"params\"><thead><tr><th>key</th><th>value</th><th>type</th></tr></thead><tbody>");
            foreach (var (key, value) in d.Params)
                sb.Append($"<tr><td class=\"mono\">{Html.Encode(key)}</td><td class=\"mono\">{Html.Encode(value.ToString())}</td><td class=\"muted\">{Html.Encode(value.Type)}</td></tr>");
            sb.Append("</tbody></table>");
        }

        sb.Append("<h2>Metrics</h2>");
        if (d.Metrics.Count == 0) sb.Append("<p class=\"muted\">none recorded</p>");
        else
        {
            sb.Append("<table id=\"metrics\"><thead><tr><th>key</th><th>last</th><th>at step</th><th>best</th><th>min</th><th>max</th><th>values</th></tr></thead><tbody>");
            foreach (var m in d.Metrics)
                sb.Append($"<tr><td class=\"mono\">{Html.Encode(m.Key)}</td><td class=\"num\">{Html.Number(m.Last)}</td><td class=\"num\">{m.LastStep}</td><td class=\"num\" title=\"{(m.LowerIsBetter ? "lowest" : "highest")}\">{Html.Number(m.Best)}</td><td class=\"num\">{Html.Number(m.Min)}</td><td class=\"num\">{Html.Number(m.Max)}</td><td class=\"num\">{m.Count}</td></tr>");
            sb.Append("</tbody></table>");
            var curves = d.Metrics.Where(m => m.Count > 1).ToList();
            if (curves.Count > 0)
            {
                sb.Append("<h2>Curves</h2><div class=\"charts\">");
                foreach (var m in curves)
                {
                    var points = histories[m.Key];
                    var series = new ChartSeries(m.Key, ChartPalette.Color(0), points.Select(p => ((double)p.Step, p.Value)).ToList());
                    sb.Append($"<figure class=\"curve\" data-metric=\"{Html.Encode(m.Key)}\"><figcaption>{Html.Encode(m.Key)} <span class=\"muted\">{points.Count} values{(SvgLineChart.IsReduced([series]) ? $", drawn with the lowest and highest of each of {SvgLineChart.MaxVertices / 2} stretches" : "")}</span></figcaption>");
                    sb.Append(SvgLineChart.Render($"{m.Key} over steps", [series]));
                    sb.Append("</figure>");
                }
                sb.Append("</div>");
            }
        }

        sb.Append("<h2>Tags</h2>");
        if (d.Tags.Count == 0) sb.Append("<p class=\"muted\">none recorded</p>");
        else
        {
            sb.Append("<table id=\"tags\"><thead><tr><th>key</th><th>value</th></tr></thead><tbody>");
            foreach (var (key, value) in d.Tags)
                sb.Append($"<tr><td class=\"mono\">{Html.Encode(key)}</td><td class=\"mono\"><a href=\"/?tag={Html.QueryValue(key + "=" + value)}\">{Html.Encode(value)}</a></td></tr>");
            sb.Append("</tbody></table>");
        }

        var pictures = artifacts.Where(a => ArtifactFiles.PictureType(a.Record.Path) is not null && a.State == "present").ToList();
        if (pictures.Count > 0)
        {
            sb.Append("<h2>Pictures</h2><div class=\"pictures\">");
            foreach (var a in pictures)
            {
                string name = Html.Encode(Path.GetFileName(a.Record.Path));
                sb.Append($"<figure><figcaption>{name}</figcaption><img src=\"/runs/{r.Id}/artifacts/{a.Number}\" alt=\"{name}\" loading=\"lazy\"></figure>");
            }
            sb.Append("</div>");
        }

        var matrices = artifacts.Where(a => a.Record.Kind == ConfusionMatrixArtifact.Kind).ToList();
        if (matrices.Count > 0)
        {
            sb.Append("<h2>Confusion matrices</h2><div class=\"charts\">");
            foreach (var a in matrices)
                sb.Append(a.Matrix is not null ? ConfusionMatrixView.Render(a.Matrix, Path.GetFileName(a.Record.Path))
                    : $"<p class=\"problem\">{Html.Encode(a.Problem)}</p>");
            sb.Append("</div>");
        }

        sb.Append("<h2>Artifacts</h2>");
        if (artifacts.Count == 0) sb.Append("<p class=\"muted\">none recorded</p>");
        else
        {
            sb.Append("<table id=\"artifacts\"><thead><tr><th>n</th><th>kind</th><th>file (hover: recorded path)</th><th>size</th><th>SHA-256</th><th>now</th></tr></thead><tbody>");
            foreach (var a in artifacts)
            {
                string name = Html.Encode(Path.GetFileName(a.Record.Path));
                string link = ArtifactFiles.PictureType(a.Record.Path) is not null && a.State == "present" ? $"<a href=\"/runs/{r.Id}/artifacts/{a.Number}\">{name}</a>" : name;
                sb.Append($"<tr><td class=\"num\">{a.Number}</td><td>{Html.Encode(a.Record.Kind)}</td><td class=\"mono\" title=\"{Html.Encode(a.Record.Path)}\">{link}</td><td class=\"num\">{Html.Bytes(a.Record.Size)}</td><td class=\"mono\" title=\"{Html.Encode(a.Record.Sha256)}\">{Html.Encode(a.Record.Sha256[..Math.Min(12, a.Record.Sha256.Length)])}…</td><td>{Html.Encode(a.State)}</td></tr>");
            }
            sb.Append("</tbody></table>");
        }
        return PageLayout.Render($"Run {r.Id}: {r.Name}", databasePath, sb.ToString());
    }

    private static void Fact(StringBuilder sb, string label, string html) => sb.Append($"<tr><th>{label}</th><td>{html}</td></tr>");
}
