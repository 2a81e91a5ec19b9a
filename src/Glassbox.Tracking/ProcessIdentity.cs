using System.Diagnostics;
using System.Globalization;

namespace Glassbox.Tracking;

/// <summary>
/// Tells whether the process that started a run is still the same living process: a process id alone is not enough,
/// because ids are reused, so each run also stores a start token that a new process with the same id cannot have.
/// </summary>
/// <remarks>
/// <para>On Linux the token is <c>linux:BOOT_ID:TICKS</c>: the kernel's boot id and the process start time in clock
/// ticks since boot (field 22 of <c>/proc/PID/stat</c>). Both are exact integers read from the kernel, so the
/// comparison is exact; .NET's <see cref="Process.StartTime"/> is derived from the boot time and can differ by
/// milliseconds between readings. A zombie (state <c>Z</c>: exited, not yet reaped by its parent) counts as gone.</para>
/// <para>Elsewhere the token is <c>clr:TICKS</c>, the UTC start time from <see cref="Process.StartTime"/>, in
/// milliseconds, which Windows and macOS report from a stored value.</para>
/// </remarks>
internal static class ProcessIdentity
{
    // Declared first: static initialisers run in textual order, and CurrentToken below reads it.
    private static string BootId { get; } = ReadBootId();

    /// <summary>This process's id.</summary>
    public static int CurrentId => Environment.ProcessId;

    /// <summary>This process's start token.</summary>
    public static string CurrentToken { get; } = TokenOf(Environment.ProcessId) ?? "unknown";

    /// <summary>The start token of process <paramref name="pid"/>, or null when no such live process exists.</summary>
    public static string? TokenOf(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string stat;
            try { stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"); }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
            int close = stat.LastIndexOf(')');
            if (close < 0) return null;
            var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // fields[0] is field 3 (state); start time is field 22, so fields[19].
            if (fields.Length < 20 || fields[0] == "Z" || fields[0] == "X") return null;
            return $"linux:{BootId}:{fields[19]}";
        }
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.HasExited) return null;
            long ms = p.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerMillisecond;
            return "clr:" + ms.ToString(CultureInfo.InvariantCulture);
        }
        catch (ArgumentException) { return null; }       // no such process
        catch (InvalidOperationException) { return null; } // exited while being read
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    /// <summary>True when process <paramref name="pid"/> is alive and started at <paramref name="token"/>.</summary>
    public static bool IsAlive(int pid, string token) => TokenOf(pid) is { } t && t == token;

    private static string ReadBootId()
    {
        try { return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(); }
        catch (IOException) { return "-"; }
        catch (UnauthorizedAccessException) { return "-"; }
    }
}
