using System.Diagnostics;
using Xunit.Abstractions;

namespace Glassbox.Tests.Fuzz;

/// <summary>
/// Runs a file reader over generated inputs for a fixed time budget and collects every contract violation:
/// an exception other than the reader's documented format errors, or an allocation larger than the file justifies.
/// </summary>
/// <remarks>
/// Case <c>i</c> is generated from <c>new Random(seed + i)</c>, so a failure report (seed, case, description) is
/// reproducible on its own; only the number of cases run depends on the machine's speed. The budget defaults to
/// <see cref="DefaultSeconds"/> and can be changed with the <c>GLASSBOX_FUZZ_SECONDS</c> environment variable
/// (e.g. a long overnight run). The allocation bound is <c>perByte × file size + slack</c>, measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> around the load alone.
/// </remarks>
public sealed class FuzzRunner(ITestOutputHelper output, string format, string folder)
{
    /// <summary>Seconds per format when GLASSBOX_FUZZ_SECONDS is unset.</summary>
    public const double DefaultSeconds = 5;

    /// <summary>Cases that run whatever the budget, so a loaded machine still checks a fixed, seeded set.</summary>
    public const int MinCases = 100;

    /// <summary>Upper bound on cases, so a very fast machine does not spend the whole budget on one format.</summary>
    public int MaxCases { get; init; } = 200_000;

    /// <summary>Bytes of allocation allowed per byte of input file.</summary>
    public double AllocationPerByte { get; init; } = 64;

    /// <summary>Bytes of allocation allowed regardless of file size (fixed buffers, parser state).</summary>
    public long AllocationSlack { get; init; } = 1 << 20;

    /// <summary>Counts of the last <see cref="Run"/>.</summary>
    public int Cases { get; private set; }

    private static TimeSpan Budget()
    {
        string? env = Environment.GetEnvironmentVariable("GLASSBOX_FUZZ_SECONDS");
        return TimeSpan.FromSeconds(double.TryParse(env, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 ? s : DefaultSeconds);
    }

    /// <summary>
    /// Generates cases with <paramref name="generate"/>, writes each to a file named <paramref name="fileName"/> in the
    /// folder, calls <paramref name="load"/> on it and checks the outcome: <paramref name="isFormatError"/> must accept any
    /// exception thrown; <paramref name="checkLoaded"/> (optional) validates a successful load and returns an error or null.
    /// Fails the test listing up to 10 violations.
    /// </summary>
    public void Run(int seed, string fileName, Func<Random, (byte[] Bytes, string What)> generate,
        Func<string, object?> load, Func<Exception, bool> isFormatError, Func<object?, byte[], string?>? checkLoaded = null)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, fileName);
        var failures = new List<string>();
        var budget = Budget();
        var clock = Stopwatch.StartNew();
        int loaded = 0, rejected = 0;
        long worstBytes = 0, worstFile = 0;
        var loadTime = new Stopwatch();
        int i = 0;
        // The first MinCases cases always run, so every machine checks at least the same seeded inputs however loaded
        // it is; the budget only decides how many more a fast machine adds.
        for (; i < MaxCases && (i < MinCases || clock.Elapsed < budget) && failures.Count < 10; i++)
        {
            var (bytes, what) = generate(new Random(seed + i));
            File.WriteAllBytes(path, bytes);
            long before = GC.GetAllocatedBytesForCurrentThread();
            object? result = null;
            Exception? error = null;
            loadTime.Start();
            try { result = load(path); }
            catch (Exception e) { error = e; }
            loadTime.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > worstBytes) (worstBytes, worstFile) = (allocated, bytes.Length);
            string where = $"case {i} (seed {seed + i}, {bytes.Length} bytes: {what})";
            double limit = AllocationPerByte * bytes.Length + AllocationSlack;
            if (allocated > limit)
                failures.Add($"{where}: allocated {allocated} bytes, more than {AllocationPerByte} × {bytes.Length} + {AllocationSlack}");
            if (error is null)
            {
                loaded++;
                if (checkLoaded?.Invoke(result, bytes) is { } bad) failures.Add($"{where}: loaded but {bad}");
            }
            else if (isFormatError(error))
            {
                rejected++;
                if (!error.Message.Contains(path, StringComparison.Ordinal))
                    failures.Add($"{where}: the message does not name the file: {error.Message}");
            }
            else failures.Add($"{where}: {error.GetType().Name}: {error.Message}");
        }
        Cases = i;
        TestReport.Line($"fuzz {format}: {i} cases in {clock.Elapsed.TotalSeconds:0.0} s, {loaded} loaded, {rejected} rejected");
        output.WriteLine($"{format}: {i} cases in {clock.Elapsed.TotalSeconds:0.0} s (seed {seed}): {loaded} loaded, {rejected} rejected as malformed, " +
            $"{failures.Count} violations; {loadTime.Elapsed.TotalSeconds:0.0} s inside the reader; largest allocation {worstBytes} bytes " +
            $"(for a {worstFile}-byte file; limit {AllocationPerByte} × size + {AllocationSlack})");
        Assert.True(failures.Count == 0, $"{format} fuzzing found {failures.Count} violations:\n" + string.Join("\n", failures));
        Assert.True(i >= MinCases || failures.Count > 0, $"{format}: only {i} cases ran");
    }
}
