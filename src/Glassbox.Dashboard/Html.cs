using System.Globalization;
using System.Text;

namespace Glassbox.Dashboard;

/// <summary>
/// HTML encoding and the few formatting rules every page shares. Every string that comes from the run database or
/// the request (run names, parameter keys and values, tags, metric keys, paths, messages, query values) passes through
/// <see cref="Encode"/> before it reaches a page: a run named <c>&lt;script&gt;</c> is shown as text, never run.
/// </summary>
internal static class Html
{
    /// <summary>
    /// Escapes <c>&amp; &lt; &gt; " '</c>, which makes <paramref name="text"/> safe both as element content and inside a
    /// quoted attribute value (every attribute on these pages is quoted). Null gives the empty string.
    /// </summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            } ?? c.ToString());
        }
        return sb.ToString();
    }

    /// <summary>A query-string value, percent-encoded, then HTML-encoded for use inside an <c>href</c>.</summary>
    public static string QueryValue(string text) => Encode(Uri.EscapeDataString(text));

    /// <summary>A number for people: up to 6 significant digits, invariant culture; NaN and infinities spelled out.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+inf" : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A UTC time as <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A duration as <c>1h 02m</c>, <c>3m 04s</c> or <c>5.2 s</c>; an em dash when unknown (still running).</summary>
    public static string Duration(TimeSpan? span) => span switch
    {
        null => "—",
        { TotalHours: >= 1 } d => $"{(int)d.TotalHours}h {d.Minutes:00}m",
        { TotalMinutes: >= 1 } d => $"{(int)d.TotalMinutes}m {d.Seconds:00}s",
        { } d => d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
    };

    /// <summary>A byte count as <c>512 B</c>, <c>12.3 KiB</c>, <c>4.5 MiB</c> or <c>1.2 GiB</c>.</summary>
    public static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1024 * 1024 => (n / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (n / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (n / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
    };
}
