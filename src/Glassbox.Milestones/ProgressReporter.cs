using System.Diagnostics;
using System.Globalization;

namespace Glassbox.Milestones;

/// <summary>
/// A live one-line progress display on standard error: epoch, step bar, loss, accuracy, samples/s and ETA.
/// On a terminal the line is redrawn in place; otherwise (CI logs) a plain line is written at most every
/// two seconds and at the end of each epoch, so logs stay readable.
/// </summary>
public sealed class ProgressReporter
{
    private readonly TextWriter err;
    private readonly bool interactive;
    private readonly Stopwatch sinceLast = Stopwatch.StartNew();
    private readonly Stopwatch epochClock = new();
    private bool quiet;

    /// <summary>Creates a reporter writing to standard error.</summary>
    public ProgressReporter(bool quiet = false) : this(System.Console.Error, !System.Console.IsErrorRedirected, quiet) { }

    /// <summary>Creates a reporter writing to <paramref name="err"/>; <paramref name="interactive"/> redraws the line in place.</summary>
    public ProgressReporter(TextWriter err, bool interactive, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(err);
        this.err = err;
        this.interactive = interactive;
        this.quiet = quiet;
    }

    /// <summary>Marks the start of an epoch (resets the samples/s clock).</summary>
    public void StartEpoch() => epochClock.Restart();

    /// <summary>Reports progress within an epoch.</summary>
    public void Step(int epoch, int epochs, int step, int steps, long samplesSeen, double loss, double? accuracy = null)
    {
        if (quiet) return;
        bool last = step == steps;
        if (!interactive && !last && sinceLast.Elapsed.TotalSeconds < 2) return;
        if (interactive && !last && sinceLast.Elapsed.TotalMilliseconds < 100) return;
        sinceLast.Restart();
        double secs = epochClock.Elapsed.TotalSeconds;
        double rate = secs > 0 ? samplesSeen / secs : 0;
        double eta = step > 0 ? secs / step * (steps - step) : 0;
        int width = 24, filled = steps > 0 ? (int)((long)width * step / steps) : width;
        string bar = new string('#', filled) + new string('.', width - filled);
        string acc = accuracy is double a ? string.Create(CultureInfo.InvariantCulture, $" acc {a * 100:0.00}%") : "";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch}/{epochs} [{bar}] {step}/{steps} loss {loss:0.0000}{acc} {rate:0} samples/s ETA {TimeSpan.FromSeconds(eta):m\\:ss}");
        if (interactive) { err.Write("\r" + line.PadRight(100)); if (last) err.WriteLine(); }
        else err.WriteLine(line);
    }

    /// <summary>Writes a free-form status line.</summary>
    public void Info(string message)
    {
        if (!quiet) err.WriteLine(message);
    }
}
