using Glassbox.Kernels;
using Glassbox.Milestones.Bench;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench gemm [--json] [--sizes 256,512,1024,2048] [--threads 1,2]</c>: GEMM throughput of
/// <see cref="Gemm"/> for square n×n products, per dtype × size × thread count. The measurement itself is
/// <see cref="GemmBenchmark.Measure"/> (warm-up, best of several reps, 2·n³ flops), the same protocol as
/// <c>tools/reference/bench_gemm_numpy.py</c>, so the two outputs compare line by line.
/// </summary>
public static class BenchGemmCommand
{
    /// <summary>
    /// Runs the benchmark. <paramref name="args"/> are the arguments after <c>bench gemm</c> (a leading
    /// "bench" / "gemm" is skipped if present). With --json prints one line per measurement, e.g.
    /// <c>{"op":"sgemm","n":1024,"threads":2,"gflops":183.2}</c>; otherwise an aligned table. Returns 0, or 2
    /// for bad arguments.
    /// </summary>
    public static int Run(string[] args)
    {
        int start = 0;
        if (start < args.Length && args[start] == "bench") start++;
        if (start < args.Length && args[start] == "gemm") start++;
        int[] sizes = [256, 512, 1024, 2048], threads = [1, 2];
        bool json = false;
        for (int i = start; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": json = true; break;
                case "--sizes" when i + 1 < args.Length && TryParseList(args[i + 1], out var s): sizes = s; i++; break;
                case "--threads" when i + 1 < args.Length && TryParseList(args[i + 1], out var t): threads = t; i++; break;
                default:
                    Console.Error.WriteLine($"bench gemm: bad argument '{args[i]}'. Usage: glassbox bench gemm [--json] [--sizes 256,512,...] [--threads 1,2,...] (positive integers)");
                    return 2;
            }
        }
        if (!json) Console.WriteLine($"{"op",-6} {"n",5} {"threads",7} {"GFLOPS",8}");
        foreach (var op in new[] { "sgemm", "dgemm" })
            foreach (int n in sizes)
                foreach (int t in threads)
                {
                    var r = GemmBenchmark.Measure(op, n, t);
                    Console.WriteLine(json ? r.ToJson() : $"{r.Op,-6} {r.N,5} {r.Threads,7} {r.Gflops,8:F1}");
                }
        return 0;
    }

    private static bool TryParseList(string text, out int[] values)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out values[i]) || values[i] < 1) return false;
        return parts.Length > 0;
    }
}
