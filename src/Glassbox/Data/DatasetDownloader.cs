namespace Glassbox.Data;

/// <summary>
/// Downloads one file to a temporary name beside its destination, verifies its checksum, then moves it into
/// place atomically, so a dataset folder never contains a partial or unverified file under its real name.
/// </summary>
internal static class DatasetDownloader
{
    private static readonly Lazy<HttpClient> Shared = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(60) });

    /// <summary>The client used when the caller injects none.</summary>
    public static HttpClient Default => Shared.Value;

    /// <summary>Downloads <paramref name="file"/> into <paramref name="folder"/>; returns null on success, else why it failed.</summary>
    public static string? TryDownload(HttpClient http, DatasetFile file, string folder)
    {
        if (file.Url is null) return "no public download address";
        Directory.CreateDirectory(folder);
        string dest = Path.Combine(folder, file.Name);
        string tmp = Path.Combine(folder, $".{file.Name}.{Environment.ProcessId}.{Guid.NewGuid():N}.part");
        try
        {
            using (var response = http.GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult())
            {
                if (!response.IsSuccessStatusCode)
                    return $"{file.Url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                using var body = response.Content.ReadAsStream();
                using var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                body.CopyTo(fs);
            }
            string actual;
            try { actual = ContentHash.Compute(tmp, file.HashDecompressed); }
            catch (InvalidDataException e) { return $"the download from {file.Url} is not a valid gzip file ({e.Message})"; }
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
                return $"the download from {file.Url} failed SHA-256 verification (expected {file.Sha256}, got {actual})";
            File.Move(tmp, dest, overwrite: true);
            return null;
        }
        catch (HttpRequestException e) { return $"network error fetching {file.Url}: {e.Message}"; }
        catch (TaskCanceledException) { return $"timed out fetching {file.Url} after {http.Timeout.TotalSeconds:0} s"; }
        catch (OperationCanceledException) { return $"cancelled fetching {file.Url}"; }
        catch (IOException e) { return $"I/O error while downloading {file.Url}: {e.Message}"; }
        finally
        {
            try { if (File.Exists(tmp)) File.Delete(tmp); } catch (IOException) { }
        }
    }
}
