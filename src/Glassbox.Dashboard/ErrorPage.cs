namespace Glassbox.Dashboard;

/// <summary>The page of a request that got no answer: the status, what was wrong (encoded: it often quotes the URL) and a way back.</summary>
internal static class ErrorPage
{
    /// <summary>The HTML document for <paramref name="status"/> with <paramref name="message"/> (plain text).</summary>
    public static string Render(int status, string message, string databasePath)
    {
        string title = status switch
        {
            400 => "Bad request",
            404 => "Not found",
            405 => "Method not allowed",
            409 => "Changed since recorded",
            413 => "Too large",
            421 => "Wrong host",
            _ => "Internal error",
        };
        return PageLayout.Render($"{status} {title}", databasePath,
            $"<h1>{status} · {title}</h1><p class=\"problem\" id=\"problem\">{Html.Encode(message)}</p><p><a href=\"/\">All runs</a></p>");
    }
}
