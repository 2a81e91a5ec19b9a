using System.Globalization;

namespace Glassbox.Tracking;

/// <summary>
/// Times in the database: UTC text <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (ISO 8601, fixed width), readable in any SQLite
/// tool and ordered correctly by plain text comparison — so <c>MAX(wall_time)</c> is the latest time.
/// </summary>
internal static class TimeText
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Of(DateTime utc) => utc.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

    public static string Now() => Of(DateTime.UtcNow);

    public static DateTime Parse(string text, string path) =>
        DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t : throw new RunStoreException(path, $"corrupt: time '{text}' is not of the form {Format.Replace("'", "")}");
}
