namespace Glassbox.Serving;

/// <summary>
/// A request the server refuses: the HTTP status (4xx, or 503 when the queue is full) and a message naming what is
/// wrong, sent back as <c>{"error": message}</c>.
/// </summary>
public sealed class RequestException : Exception
{
    /// <summary>Creates the refusal.</summary>
    public RequestException(int status, string message, Exception? inner = null) : base(message, inner) => Status = status;

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }
}
