using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Glassbox.Dashboard;

/// <summary>
/// Reads ids and query-string values strictly: anything a page cannot use — an unknown parameter, a repeated one, an
/// id that is not a positive integer — is a <see cref="HttpProblem"/> 400 that names the value, never a guess and
/// never a 500. An empty value counts as absent, because an HTML form sends its empty fields as <c>name=</c>.
/// </summary>
internal static class QueryText
{
    /// <summary>The most runs one comparison overlays (the chart palette has this many distinct colours).</summary>
    public const int MaxCompared = 10;

    /// <summary>Refuses any parameter of <paramref name="query"/> that is not one of <paramref name="allowed"/>.</summary>
    public static void AllowOnly(IQueryCollection query, string page, params string[] allowed)
    {
        foreach (var key in query.Keys)
            if (!allowed.Contains(key, StringComparer.Ordinal))
                throw HttpProblem.BadRequest(allowed.Length == 0
                    ? $"unknown query parameter '{Clip(key)}': {page} takes none"
                    : $"unknown query parameter '{Clip(key)}': {page} takes {string.Join(", ", allowed)}");
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent or empty; 400 when given twice.</summary>
    public static string? Single(IQueryCollection query, string key)
    {
        if (!query.TryGetValue(key, out var values)) return null;
        var given = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (given.Count > 1) throw HttpProblem.BadRequest($"query parameter '{key}' is given {given.Count} times; give it once");
        return given.Count == 1 ? given[0] : null;
    }

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int Int(IQueryCollection query, string key, int fallback, int min, int max)
    {
        var text = Single(query, key);
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max) return v;
        throw HttpProblem.BadRequest($"'{key}' must be an integer from {min} to {max}, got '{Clip(text)}'");
    }

    /// <summary>A run id as it appears in a path or list: a positive decimal integer (no sign, no spaces).</summary>
    public static long RunId(string? text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0) return id;
        throw HttpProblem.BadRequest($"a run id is a positive integer, got '{Clip(text)}'");
    }

    /// <summary>An artifact number: its position (from 0) among the run's recorded artifacts.</summary>
    public static int ArtifactNumber(string? text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return n;
        throw HttpProblem.BadRequest($"an artifact number is a non-negative integer (its position in the run's artifact list), got '{Clip(text)}'");
    }

    /// <summary>
    /// The run ids of <c>?ids=1,2,3</c>; repeated <c>ids</c> parameters (what a form of checkboxes sends) are joined.
    /// From 2 to <see cref="MaxCompared"/> distinct ids.
    /// </summary>
    public static IReadOnlyList<long> RunIds(IQueryCollection query)
    {
        var words = query.TryGetValue("ids", out var values)
            ? values.SelectMany(v => (v ?? "").Split(',')).Select(w => w.Trim()).Where(w => w.Length > 0).ToList()
            : [];
        if (words.Count == 0) throw HttpProblem.BadRequest("which runs? give their ids as ?ids=1,2 (at least two)");
        if (words.Count > MaxCompared) throw HttpProblem.BadRequest($"{words.Count} runs given; compare at most {MaxCompared} at once");
        var ids = words.Select(RunId).ToList();
        var twice = ids.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw HttpProblem.BadRequest($"run {twice.Key} is given twice");
        if (ids.Count < 2) throw HttpProblem.BadRequest($"a comparison needs at least two runs, got only run {ids[0]}");
        return ids;
    }

    /// <summary>At most 80 characters of <paramref name="text"/> for an error message (a hostile URL may be long).</summary>
    public static string Clip(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..77] + "...";
}
