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
    /// The largest size accepted: three float64 16384² matrices already take 6 GiB, so a larger value is far more
    /// likely a typo than a benchmark anyone means to run.
    /// </summary>
    public const int MaxSize = 16384;

    /// <summary>What <c>glassbox bench gemm</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench gemm", $$"""
        usage: glassbox bench gemm [--json] [--sizes 256,512,1024,2048] [--threads 1,2]

          --json              one JSON line per measurement, e.g. {"op":"sgemm","n":1024,"threads":2,"gflops":183.2}
          --sizes N,...       matrix sizes n of the n×n products (integers from 1 to {{MaxSize}})
          --threads T,...     thread counts (integers from 1 to 1024)
        """, ["json"], ["sizes", "threads"], 0);

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench gemm</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        int[] sizes = args.IntList("sizes", [256, 512, 1024, 2048], min: 1, max: MaxSize);
        int[] threads = args.IntList("threads", [1, 2], min: 1, max: 1024);
        bool json = args.Flag("json");
        if (!json) ctx.Out.WriteLine($"{"op",-6} {"n",5} {"threads",7} {"GFLOPS",8}");
        foreach (var op in new[] { "sgemm", "dgemm" })
            foreach (int n in sizes)
                foreach (int t in threads)
                {
                    var r = GemmBenchmark.Measure(op, n, t);
                    ctx.Out.WriteLine(json ? r.ToJson() : $"{r.Op,-6} {r.N,5} {r.Threads,7} {r.Gflops,8:F1}");
                }
        return 0;
    }
}
