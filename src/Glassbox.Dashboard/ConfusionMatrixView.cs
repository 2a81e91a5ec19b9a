using System.Globalization;
using System.Text;
using Glassbox.Tracking;

namespace Glassbox.Dashboard;

/// <summary>
/// Draws a <see cref="ConfusionMatrixArtifact"/> as an HTML table: rows are the true classes, columns the predicted
/// ones, each cell its count on a blue whose strength is the cell's share of its row. Shading by row (recall) rather
/// than by the largest cell keeps a rare class's mistakes as visible as a common one's. The last column is each class's
/// recall, and the caption gives the accuracy (the diagonal over the total).
/// </summary>
internal static class ConfusionMatrixView
{
    /// <summary>The most classes drawn as a table; a larger matrix is summarised instead (a 1,000-column table helps no one).</summary>
    public const int MaxClasses = 60;

    /// <summary>The table (or the summary) for <paramref name="cm"/>, captioned with <paramref name="title"/> (plain text).</summary>
    public static string Render(ConfusionMatrixArtifact cm, string title)
    {
        int k = cm.Labels.Count;
        double total = cm.Matrix.Sum(r => r.Sum()), diagonal = Enumerable.Range(0, k).Sum(i => cm.Matrix[i][i]);
        string accuracy = total > 0 ? (diagonal / total).ToString("0.0000", CultureInfo.InvariantCulture) : "—";
        var sb = new StringBuilder();
        sb.Append($"<figure class=\"confusion\"><figcaption>{Html.Encode(title)} <span class=\"muted\">{k} classes, {Html.Number(total)} samples, accuracy {accuracy}</span></figcaption>");
        if (k > MaxClasses)
        {
            sb.Append($"<p class=\"note\">Too many classes to draw as a table (more than {MaxClasses}).</p></figure>");
            return sb.ToString();
        }
        sb.Append("<table class=\"confusion\"><thead><tr><th>true \\ predicted</th>");
        foreach (var label in cm.Labels) sb.Append($"<th>{Html.Encode(label)}</th>");
        sb.Append("<th>recall</th></tr></thead><tbody>");
        for (int i = 0; i < k; i++)
        {
            double rowTotal = cm.Matrix[i].Sum();
            sb.Append($"<tr><th class=\"true\">{Html.Encode(cm.Labels[i])}</th>");
            for (int j = 0; j < k; j++)
            {
                double v = cm.Matrix[i][j], share = rowTotal > 0 ? v / rowTotal : 0;
                string alpha = (0.85 * share).ToString("0.###", CultureInfo.InvariantCulture);
                string ink = share > 0.55 ? "#fff" : "#1d2330";
                sb.Append($"<td style=\"background: rgba(31, 95, 168, {alpha}); color: {ink}\"{(i == j ? " class=\"diag\"" : "")}>{Html.Number(v)}</td>");
            }
            sb.Append($"<td>{(rowTotal > 0 ? (cm.Matrix[i][i] / rowTotal).ToString("0.000", CultureInfo.InvariantCulture) : "—")}</td></tr>");
        }
        sb.Append("</tbody></table></figure>");
        return sb.ToString();
    }
}
