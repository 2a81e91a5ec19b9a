using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Glassbox.Dashboard.Tests;

/// <summary>Reads what a test needs out of a page: the polylines of one chart, the rows of the runs table.</summary>
internal static partial class PageHtml
{
    /// <summary>The polylines of the chart in <c>&lt;figure data-metric="KEY"&gt;</c>: each one's data-series label (decoded) and its points in pixels.</summary>
    public static List<(string Series, List<(double X, double Y)> Points)> Polylines(string html, string metric)
    {
        int at = html.IndexOf($"<figure class=\"curve\" data-metric=\"{EncodeLikeTheServer(metric)}\">", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no chart for metric {metric}");
        int end = html.IndexOf("</figure>", at, StringComparison.Ordinal);
        var figure = html[at..end];
        return PolylineRegex().Matches(figure).Select(m => (
            WebUtility.HtmlDecode(m.Groups[1].Value),
            m.Groups[2].Value.Split(' ').Select(p =>
            {
                var xy = p.Split(',');
                return (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture));
            }).ToList())).ToList();
    }

    /// <summary>The run ids of the runs table, in order.</summary>
    public static List<long> RunIds(string html) =>
        RowRegex().Matches(html).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    /// <summary>The encoding the dashboard applies (&amp; &lt; &gt; " ').</summary>
    public static string EncodeLikeTheServer(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    [GeneratedRegex("<polyline class=\"series\" data-series=\"([^\"]*)\"[^>]* points=\"([^\"]*)\"")]
    private static partial Regex PolylineRegex();

    [GeneratedRegex("<tr data-run-id=\"(\\d+)\">")]
    private static partial Regex RowRegex();
}
