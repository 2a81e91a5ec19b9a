using Glassbox.Tracking;
using Microsoft.AspNetCore.Http;

namespace Glassbox.Dashboard;

/// <summary>
/// The filters of the runs table, from its query string: <c>name</c> (a case-insensitive substring of the run's
/// name), <c>experiment</c> (exact), <c>status</c> (running, finished, failed or killed), <c>tag</c> (<c>KEY</c>:
/// the run has that tag; <c>KEY=VALUE</c>: with exactly that value) and <c>limit</c> (the most rows, newest first).
/// </summary>
internal sealed record RunFilter(string? Name, string? Experiment, RunStatus? Status, string? TagKey, string? TagValue, int Limit)
{
    /// <summary>The rows shown when the query gives no limit.</summary>
    public const int DefaultLimit = 200;

    /// <summary>The query parameters the runs page takes.</summary>
    public static readonly string[] Keys = ["name", "experiment", "status", "tag", "limit"];

    /// <summary>No filter, the default limit.</summary>
    public static RunFilter None { get; } = new(null, null, null, null, null, DefaultLimit);

    /// <summary>True when a filter other than the limit is set.</summary>
    public bool Any => Name is not null || Experiment is not null || Status is not null || TagKey is not null;

    /// <summary>Parses the query string; a 400 <see cref="HttpProblem"/> names anything it cannot use.</summary>
    public static RunFilter Parse(IQueryCollection query)
    {
        QueryText.AllowOnly(query, "the runs page", Keys);
        RunStatus? status = null;
        if (QueryText.Single(query, "status") is string s)
            status = RunStatusText.TryParse(s, out var st) ? st
                : throw HttpProblem.BadRequest($"status must be running, finished, failed or killed, got '{QueryText.Clip(s)}'");
        string? tagKey = null, tagValue = null;
        if (QueryText.Single(query, "tag") is string t)
        {
            int eq = t.IndexOf('=');
            (tagKey, tagValue) = eq < 0 ? (t, null) : (t[..eq], t[(eq + 1)..]);
            if (tagKey.Length == 0) throw HttpProblem.BadRequest($"tag must be KEY or KEY=VALUE with a non-empty KEY, got '{QueryText.Clip(t)}'");
        }
        return new RunFilter(QueryText.Single(query, "name"), QueryText.Single(query, "experiment"), status, tagKey, tagValue,
            QueryText.Int(query, "limit", DefaultLimit, 1, 100_000));
    }

    /// <summary>True when the run's name passes the name filter (experiment and status are filtered by the store).</summary>
    public bool MatchesName(RunSummary run) => Name is null || run.Name.Contains(Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the run's tags pass the tag filter.</summary>
    public bool MatchesTags(IReadOnlyList<KeyValuePair<string, string>> tags) =>
        TagKey is null || tags.Any(t => t.Key == TagKey && (TagValue is null || t.Value == TagValue));
}
