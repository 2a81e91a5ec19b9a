namespace Glassbox.Dashboard;

/// <summary>
/// The document every page shares: a header with the database in use, the page's body, and one inline style sheet.
/// Nothing is loaded from elsewhere (no CDN, no web fonts, no script): the pages work on a machine without a network,
/// and the Content-Security-Policy the server sends forbids scripts outright.
/// </summary>
internal static class PageLayout
{
    /// <summary>
    /// The complete HTML document; <paramref name="title"/> is plain text, <paramref name="body"/> already HTML. The
    /// header names the database file, with its full path as the tooltip (a screenshot then shows no folder names).
    /// </summary>
    public static string Render(string title, string databasePath, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Html.Encode(title)} · Glassbox</title>
        <style>{Style}</style>
        </head>
        <body>
        <header><a class="brand" href="/">Glassbox runs</a><span class="db" title="{Html.Encode(databasePath)}">{Html.Encode(Path.GetFileName(databasePath))}</span></header>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;

    /// <summary>A status word as a coloured badge.</summary>
    public static string StatusBadge(Tracking.RunStatus status)
    {
        var text = Tracking.RunStatusText.ToText(status);
        return $"<span class=\"status status-{text}\">{text}</span>";
    }

    private const string Style = """
        body { font: 14px/1.45 system-ui, "DejaVu Sans", sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
        header { background: #1d2330; color: #fff; padding: 10px 20px; display: flex; gap: 24px; align-items: baseline; }
        header a.brand { color: #fff; font-weight: 600; font-size: 16px; text-decoration: none; }
        header .db { color: #aab2c0; font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
        main { padding: 16px 20px; max-width: 1400px; }
        h1 { font-size: 20px; margin: 4px 0 12px; }
        h2 { font-size: 16px; margin: 22px 0 8px; }
        a { color: #1f5fa8; }
        table { border-collapse: collapse; background: #fff; margin-bottom: 8px; }
        th, td { border: 1px solid #dde1e7; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #eef1f5; font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.differs td { background: #fff4d6; }
        tr.differs td:first-child::before { content: "≠ "; color: #b26b00; font-weight: 600; }
        .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
        .muted { color: #6b7380; }
        .status { padding: 1px 7px; border-radius: 9px; font-size: 12px; font-weight: 600; }
        .status-running { background: #dbeafe; color: #1e40af; }
        .status-finished { background: #dcfce7; color: #166534; }
        .status-failed { background: #fee2e2; color: #991b1b; }
        .status-killed { background: #ede9fe; color: #5b21b6; }
        form.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-bottom: 12px; }
        form.filters label { display: flex; flex-direction: column; font-size: 12px; color: #4b5360; }
        input, select, button { font: inherit; padding: 3px 6px; }
        .charts { display: flex; flex-wrap: wrap; gap: 14px; }
        figure { margin: 0; background: #fff; border: 1px solid #dde1e7; padding: 6px; }
        figcaption { font-size: 13px; font-weight: 600; margin: 2px 4px 4px; }
        figcaption .muted { font-weight: normal; }
        svg.chart { display: block; }
        svg.chart .grid line { stroke: #eceff3; }
        svg.chart .axis line { stroke: #6b7380; }
        svg.chart text { font-size: 11px; fill: #4b5360; }
        .pictures { display: flex; flex-wrap: wrap; gap: 14px; }
        .pictures img { max-width: 560px; max-height: 480px; display: block; background: #fff; }
        .swatch { display: inline-block; width: 14px; height: 4px; margin-right: 6px; vertical-align: middle; }
        table.confusion td { text-align: right; min-width: 36px; font-variant-numeric: tabular-nums; }
        table.confusion th.true { text-align: right; }
        .problem { background: #fff; border-left: 4px solid #cf2a2b; padding: 10px 14px; }
        .note { color: #6b7380; font-size: 12px; }
        """;
}
