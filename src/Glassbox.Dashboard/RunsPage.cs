using System.Text;
using Glassbox.Tracking;

namespace Glassbox.Dashboard;

/// <summary>
/// <c>/</c>: the runs table, newest first, with the filter form (name, experiment, status, tag, limit) and a
/// checkbox per run whose form opens <c>/compare</c> with the runs ticked.
/// </summary>
internal static class RunsPage
{
    /// <summary>How many metrics and tags a row lists before "…".</summary>
    private const int Shown = 4;

    /// <summary>The page for <paramref name="runs"/> (already filtered); <paramref name="more"/> when the limit cut the list.</summary>
    public static string Render(RunFilter filter, IReadOnlyList<RunDetails> runs, bool more, string databasePath, bool databaseExists)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Runs</h1>");
        sb.Append("<form class=\"filters\" method=\"get\" action=\"/\">");
        sb.Append($"<label>name contains<input name=\"name\" value=\"{Html.Encode(filter.Name)}\"></label>");
        sb.Append($"<label>experiment<input name=\"experiment\" value=\"{Html.Encode(filter.Experiment)}\"></label>");
        sb.Append("<label>status<select name=\"status\"><option value=\"\">any</option>");
        foreach (var s in Enum.GetValues<RunStatus>())
        {
            var text = s.ToText();
            sb.Append($"<option value=\"{text}\"{(filter.Status == s ? " selected" : "")}>{text}</option>");
        }
        sb.Append("</select></label>");
        string tag = filter.TagKey is null ? "" : filter.TagValue is null ? filter.TagKey : $"{filter.TagKey}={filter.TagValue}";
        sb.Append($"<label>tag (KEY or KEY=VALUE)<input name=\"tag\" value=\"{Html.Encode(tag)}\"></label>");
        sb.Append($"<label>limit<input name=\"limit\" type=\"number\" min=\"1\" value=\"{filter.Limit}\" style=\"width:6em\"></label>");
        sb.Append("<button type=\"submit\">Filter</button>");
        if (filter.Any) sb.Append("<a href=\"/\">clear</a>");
        sb.Append("</form>");

        if (!databaseExists)
        {
            sb.Append("<p class=\"muted\">No run database yet: the first <code>glassbox milestone</code> run creates it.</p>");
            return PageLayout.Render("Runs", databasePath, sb.ToString());
        }
        sb.Append($"<p class=\"muted\" id=\"count\">{runs.Count} run{(runs.Count == 1 ? "" : "s")}{(filter.Any ? " match" + (runs.Count == 1 ? "es" : "") : "")}{(more ? $" shown; the limit of {filter.Limit} cut the list" : "")}.</p>");
        if (runs.Count == 0) return PageLayout.Render("Runs", databasePath, sb.ToString());

        sb.Append("<form method=\"get\" action=\"/compare\">");
        sb.Append($"<p><button type=\"submit\">Compare the ticked runs</button> <span class=\"note\">(2 to {QueryText.MaxCompared})</span></p>");
        sb.Append("<table id=\"runs\"><thead><tr><th></th><th>id</th><th>name</th><th>experiment</th><th>status</th><th>started (UTC)</th><th>duration</th><th>last metrics</th><th>tags</th></tr></thead><tbody>");
        foreach (var d in runs)
        {
            var r = d.Run;
            sb.Append($"<tr data-run-id=\"{r.Id}\">");
            sb.Append($"<td><input type=\"checkbox\" name=\"ids\" value=\"{r.Id}\" aria-label=\"compare run {r.Id}\"></td>");
            sb.Append($"<td class=\"num\"><a href=\"/runs/{r.Id}\">{r.Id}</a></td>");
            sb.Append($"<td class=\"name\"><a href=\"/runs/{r.Id}\">{Html.Encode(r.Name)}</a></td>");
            sb.Append(r.Experiment is null ? "<td></td>" : $"<td><a href=\"/?experiment={Html.QueryValue(r.Experiment)}\">{Html.Encode(r.Experiment)}</a></td>");
            sb.Append($"<td>{PageLayout.StatusBadge(r.Status)}</td>");
            sb.Append($"<td>{Html.Time(r.StartTime)}</td><td class=\"num\">{Html.Duration(r.Duration)}</td>");
            sb.Append("<td class=\"mono\">");
            sb.AppendJoin("<br>", d.Metrics.Take(Shown).Select(m => $"{Html.Encode(m.Key)} = {Html.Number(m.Last)}"));
            if (d.Metrics.Count > Shown) sb.Append($"<br><span class=\"muted\">… {d.Metrics.Count - Shown} more</span>");
            sb.Append("</td><td class=\"mono\">");
            sb.AppendJoin("<br>", d.Tags.Take(Shown).Select(t => $"{Html.Encode(t.Key)} = {Html.Encode(t.Value)}"));
            if (d.Tags.Count > Shown) sb.Append($"<br><span class=\"muted\">… {d.Tags.Count - Shown} more</span>");
            sb.Append("</td></tr>");
        }
        sb.Append("</tbody></table></form>");
        return PageLayout.Render("Runs", databasePath, sb.ToString());
    }
}
