using System.Diagnostics;
using Glassbox.Kernels;

namespace Glassbox.Milestones.Bench;

/// <summary>One GEMM throughput measurement: square n×n·n×n product, in GFLOPS (2·n³ flops per call).</summary>
/// <param name="Op">"sgemm" (float32) or "dgemm" (float64).</param>
/// <param name="N">Matrix size.</param>
/// <param name="Threads">Threads the product ran on.</param>
/// <param name="Gflops">Best of the timed repetitions, 2·n³ / seconds / 10⁹.</param>
/// <param name="Seconds">Time of that best repetition.</param>
/// <param name="CpuGflops">
/// The same from consumed CPU time instead of wall time (best rep, 2·n³·threads / process CPU seconds; NaN
/// where the OS clock is unavailable). On a loaded machine the wall clock counts time the scheduler gave to
/// other processes; CPU time does not, so it shows what the kernel does when it runs (an upper estimate).
/// </param>
public readonly record struct GemmMeasurement(string Op, int N, int Threads, double Gflops, double Seconds, double CpuGflops)
{
    /// <summary>One JSON line, e.g. {"op":"sgemm","n":1024,"threads":2,"gflops":180.1}.</summary>
    public string ToJson() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{{\"op\":\"{Op}\",\"n\":{N},\"threads\":{Threads},\"gflops\":{Gflops:F1}}}");
}

/// <summary>
/// The one place that times <see cref="Gemm"/> (used by <c>glassbox bench gemm</c> and the bench project), so
/// every report measures the same way as <c>tools/reference/bench_gemm_numpy.py</c>: random operands in
/// [−1, 1), C = A·B (α = 1, β = 0, no transposes), a warm-up call, then the best of several timed calls
/// until about <c>minSeconds</c> have passed (at least 3). Best-of is the right statistic for a throughput
/// ceiling on a shared machine: interference only ever makes a run slower.
/// </summary>
public static class GemmBenchmark
{
    /// <summary>Measures SGEMM (<paramref name="dtype"/> = "sgemm") or DGEMM ("dgemm") at size n on the given thread count.</summary>
    public static GemmMeasurement Measure(string dtype, int n, int threads, double minSeconds = 0.5)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"gemm benchmark: n must be ≥ 1, got {n}");
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), $"gemm benchmark: threads must be ≥ 1, got {threads}");
        int saved = Threads.Count;
        Threads.Count = threads;
        try
        {
            var rng = new Generator(42);
            Action call;
            switch (dtype)
            {
                case "sgemm":
                {
                    var a = new float[n * n]; var b = new float[n * n]; var c = new float[n * n];
                    for (int i = 0; i < a.Length; i++) { a[i] = rng.NextFloat() * 2 - 1; b[i] = rng.NextFloat() * 2 - 1; }
                    call = () => Gemm.Sgemm(c, n, a, n, false, b, n, false, n, n, n);
                    break;
                }
                case "dgemm":
                {
                    var a = new double[n * n]; var b = new double[n * n]; var c = new double[n * n];
                    for (int i = 0; i < a.Length; i++) { a[i] = rng.NextDouble() * 2 - 1; b[i] = rng.NextDouble() * 2 - 1; }
                    call = () => Gemm.Dgemm(c, n, a, n, false, b, n, false, n, n, n);
                    break;
                }
                default: throw new ArgumentException($"gemm benchmark: dtype must be \"sgemm\" or \"dgemm\", got \"{dtype}\"", nameof(dtype));
            }
            // Warm up: JIT to the final tier, grow the per-thread packing buffers, fault in the pages.
            for (int i = 0; i < 3; i++) call();
            double best = double.MaxValue, bestCpu = double.MaxValue, total = 0;
            for (int rep = 0; rep < 3 || total < minSeconds; rep++)
            {
                double cpu0 = ProcessCpuSeconds();
                long t0 = Stopwatch.GetTimestamp();
                call();
                double s = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                bestCpu = Math.Min(bestCpu, ProcessCpuSeconds() - cpu0);
                best = Math.Min(best, s); total += s;
                if (rep >= 200) break;
            }
            double flops = 2.0 * n * n * (double)n;
            return new GemmMeasurement(dtype, n, threads, flops / best / 1e9, best, flops * threads / bestCpu / 1e9);
        }
        finally { Threads.Count = saved; }
    }

    // CLOCK_PROCESS_CPUTIME_ID: nanosecond CPU time of all threads (Process.TotalProcessorTime ticks in 10 ms on Linux).
    private static unsafe double ProcessCpuSeconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        long* ts = stackalloc long[2];
        return ClockGetTime(2, ts) == 0 ? ts[0] + ts[1] * 1e-9 : double.NaN;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern unsafe int ClockGetTime(int clock, long* ts);
}
