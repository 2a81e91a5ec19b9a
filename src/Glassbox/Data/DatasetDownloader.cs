using System.Diagnostics;

namespace Glassbox.Data;

/// <summary>
/// Downloads one file to a temporary name beside its destination, verifies its checksum, then moves it into
/// place atomically, so a dataset folder never contains a partial or unverified file under its real name.
/// </summary>
/// <remarks>
/// <para>Timeouts: <see cref="HttpClient.Timeout"/> only covers the wait for the response headers; once they
/// have arrived, reading the body can block forever on a stalled connection. Every read of the body therefore
/// runs under an idle timeout that restarts whenever bytes arrive: a slow but moving download proceeds, a silent
/// one fails after the idle time.</para>
/// <para>Temporary files are named <c>.NAME.PID.GUID.part</c>. They are deleted when a download fails; those left
/// by a process that was killed are deleted by <see cref="CleanStaleTemps"/> the next time the registry uses the
/// folder (fetching or loading).</para>
/// </remarks>
internal static class DatasetDownloader
{
    private static readonly Lazy<HttpClient> Shared = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(60) });

    /// <summary>Idle timeout used when the client has an infinite <see cref="HttpClient.Timeout"/>.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    private const string TempSuffix = ".part";

    /// <summary>The client used when the caller injects none.</summary>
    public static HttpClient Default => Shared.Value;

    /// <summary>
    /// Downloads <paramref name="file"/> into <paramref name="folder"/>; returns null on success, else why it failed.
    /// <paramref name="idleTimeout"/> (default: the client's <see cref="HttpClient.Timeout"/>, or
    /// <see cref="DefaultIdleTimeout"/> when that is infinite) bounds the wait for each piece of the body.
    /// </summary>
    public static string? TryDownload(HttpClient http, DatasetFile file, string folder, TimeSpan? idleTimeout = null)
    {
        if (file.Url is null) return "no public download address";
        Directory.CreateDirectory(folder);
        TimeSpan idle = idleTimeout ?? (http.Timeout == Timeout.InfiniteTimeSpan ? DefaultIdleTimeout : http.Timeout);
        string dest = Path.Combine(folder, file.Name);
        string tmp = Path.Combine(folder, $".{file.Name}.{Environment.ProcessId}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            string? failure = FetchToAsync(http, file.Url, tmp, idle).GetAwaiter().GetResult();
            if (failure is not null) return failure;
            string actual;
            string? problem;
            try { (actual, problem) = ContentHash.Inspect(tmp, file.HashDecompressed); }
            catch (InvalidDataException e) { return $"the download from {file.Url} is not a valid gzip file ({e.Message})"; }
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
                return $"the download from {file.Url} failed SHA-256 verification (expected {file.Sha256}, got {actual})";
            if (problem is not null) return $"the download from {file.Url} is malformed: {problem}";
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

    /// <summary>Streams the body of <paramref name="url"/> into <paramref name="tmp"/>; null on success, else why it stopped.</summary>
    private static async Task<string?> FetchToAsync(HttpClient http, string url, string tmp, TimeSpan idle)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            return $"{url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        using var idleCts = new CancellationTokenSource();
        await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 16];
        long received = 0;
        while (true)
        {
            idleCts.CancelAfter(idle);
            int n;
            try
            {
                // WaitAsync abandons the read even if the stream ignores the token; disposing the response then
                // tears the connection down.
                n = await body.ReadAsync(buffer, idleCts.Token).AsTask().WaitAsync(idleCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idleCts.IsCancellationRequested)
            {
                return $"the download from {url} stalled: no data for {idle.TotalSeconds:0.#} s after {received} bytes";
            }
            if (n == 0) break;
            await fs.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
            received += n;
        }
        return null;
    }

    /// <summary>
    /// Deletes temporary files in <paramref name="folder"/> left by processes that no longer run (a killed download
    /// or write cannot clean up after itself): the downloader's <c>.NAME.PID.GUID.part</c> and
    /// <see cref="Idx.Write"/>'s <c>NAME.tmp-PID-GUID</c>, and folders <c>.NAME.PID.GUID.part</c> of an interrupted archive
    /// extraction. Files of this process and of live processes are kept,
    /// since they may be writes in progress; names of any other pattern are never touched. Returns how many were deleted.
    /// </summary>
    public static int CleanStaleTemps(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        int deleted = 0;
        foreach (string path in Directory.EnumerateFiles(folder))
        {
            if (OwnerProcess(Path.GetFileName(path)) is not int pid) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try { File.Delete(path); deleted++; }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        // Archive extraction (CifarArchive) writes into a folder named like a download: .NAME.PID.GUID.part.
        foreach (string path in Directory.EnumerateDirectories(folder))
        {
            string name = Path.GetFileName(path);
            if (!name.EndsWith(TempSuffix, StringComparison.Ordinal) || OwnerProcess(name) is not int pid) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try { Directory.Delete(path, recursive: true); deleted++; }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return deleted;
    }

    /// <summary>The PID in a temporary name of either pattern (GUID: 32 hex digits), or null for any other name.</summary>
    private static int? OwnerProcess(string name)
    {
        string pid, guid;
        int tmp = name.LastIndexOf(".tmp-", StringComparison.Ordinal);
        if (name.StartsWith('.') && name.EndsWith(TempSuffix, StringComparison.Ordinal))
        {
            string[] parts = name[..^TempSuffix.Length].Split('.');
            if (parts.Length < 4) return null;
            (pid, guid) = (parts[^2], parts[^1]);
        }
        else if (tmp > 0)
        {
            string[] parts = name[(tmp + 5)..].Split('-');
            if (parts.Length != 2) return null;
            (pid, guid) = (parts[0], parts[1]);
        }
        else return null;
        if (guid.Length != 32 || !Guid.TryParseExact(guid, "N", out _)) return null;
        return int.TryParse(pid, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int p) ? p : null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
