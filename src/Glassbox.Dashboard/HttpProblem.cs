namespace Glassbox.Dashboard;

/// <summary>
/// A request the dashboard cannot answer with a page: a bad query string or id (400), a run or artifact that does not
/// exist (404), a method other than GET (405), a Host header it does not serve (421). The message is shown to the
/// person on an error page, so it names the value and what would be accepted.
/// </summary>
internal sealed class HttpProblem(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status code.</summary>
    public int Status { get; } = status;

    /// <summary>A 400 with <paramref name="message"/>.</summary>
    public static HttpProblem BadRequest(string message) => new(400, message);

    /// <summary>A 404 with <paramref name="message"/>.</summary>
    public static HttpProblem NotFound(string message) => new(404, message);
}
