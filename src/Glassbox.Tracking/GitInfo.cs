using System.ComponentModel;
using System.Diagnostics;

namespace Glassbox.Tracking;

/// <summary>The commit a run was made from: <c>git rev-parse HEAD</c> in a folder, or null when that cannot be had.</summary>
internal static class GitInfo
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The commit id of HEAD (40 hex digits, 64 in a SHA-256 repository) in <paramref name="folder"/>, or null: no git installed, not a repository, a
    /// repository without commits, or git taking more than a few seconds. Never throws — a run must not fail because
    /// the machine has no git.
    /// </summary>
    public static string? HeadCommit(string folder)
    {
        try
        {
            var psi = new ProcessStartInfo("git")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            psi.ArgumentList.Add("rev-parse");
            psi.ArgumentList.Add("HEAD");
            using var p = Process.Start(psi);
            if (p is null) return null;
            p.StandardInput.Close();
            var errTask = p.StandardError.ReadToEndAsync();
            var outTask = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(Patience))
            {
                try { p.Kill(); } catch (InvalidOperationException) { }
                return null;
            }
            string text = outTask.GetAwaiter().GetResult().Trim();
            _ = errTask.GetAwaiter().GetResult();
            return p.ExitCode == 0 && text.Length is 40 or 64 && text.All(Uri.IsHexDigit) ? text.ToLowerInvariant() : null;
        }
        catch (Win32Exception) { return null; }          // git is not installed
        catch (IOException) { return null; }
        catch (InvalidOperationException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
