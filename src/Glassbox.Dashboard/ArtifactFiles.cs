using System.Security.Cryptography;
using Glassbox.Tracking;

namespace Glassbox.Dashboard;

/// <summary>
/// Reads a run's artifact files for the pages — only ever at the path recorded in the run database, found by the run
/// id and the artifact's position in that run's list. No part of a URL becomes a file path, so a request cannot name
/// a file the run did not record (no <c>..</c>, no absolute path, no symlink trick in the URL can reach one).
/// </summary>
/// <remarks>
/// Only pictures (PNG, JPEG, GIF, WebP, BMP, judged by the recorded path's extension) are served; a checkpoint or a
/// CSV is listed on the run page but not sent. SVG is not served although tracking records it as a picture: an SVG
/// file may carry script, and served from the dashboard's origin it would run with the dashboard's rights. Before a
/// file is sent its bytes are hashed and compared with the SHA-256 recorded with the run: a file changed or replaced
/// since then is refused (409) rather than shown as the run's.
/// </remarks>
internal static class ArtifactFiles
{
    /// <summary>The largest picture served (a chart or a sample grid is far smaller).</summary>
    public const long MaxPictureBytes = 64L << 20;

    /// <summary>The MIME type of a servable picture, by the path's extension; null for anything else.</summary>
    public static string? PictureType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".bmp" => "image/bmp",
        _ => null,
    };

    /// <summary>How the recorded file looks now, from its size alone (hashing every checkpoint on each page view would be slow): "present", "missing" or "changed size".</summary>
    public static string State(ArtifactRecord artifact)
    {
        var info = new FileInfo(artifact.Path);
        return !info.Exists ? "missing" : info.Length != artifact.Size ? $"changed: now {Html.Bytes(info.Length)}" : "present";
    }

    /// <summary>
    /// The bytes of artifact <paramref name="n"/> of <paramref name="run"/>, read from its recorded path, at most
    /// <paramref name="maxBytes"/> long and with the recorded SHA-256; otherwise a <see cref="HttpProblem"/> saying why.
    /// </summary>
    public static byte[] ReadVerified(long run, int n, ArtifactRecord artifact, long maxBytes)
    {
        var info = new FileInfo(artifact.Path);
        if (!info.Exists) throw HttpProblem.NotFound($"artifact {n} of run {run} is no longer at its recorded path {artifact.Path}");
        if (info.Length > maxBytes) throw new HttpProblem(413, $"artifact {n} of run {run} is {Html.Bytes(info.Length)}, more than the dashboard shows ({Html.Bytes(maxBytes)})");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(artifact.Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw HttpProblem.NotFound($"artifact {n} of run {run} cannot be read from {artifact.Path}: {e.Message}");
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, artifact.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new HttpProblem(409, $"artifact {n} of run {run} at {artifact.Path} has changed since the run recorded it (its SHA-256 differs); it is not shown as the run's");
        return bytes;
    }
}
