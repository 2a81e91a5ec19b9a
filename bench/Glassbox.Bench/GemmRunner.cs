using Glassbox.Kernels;
using Glassbox.Milestones.Bench;

namespace Glassbox.Bench;

/// <summary>
/// Plain-text GEMM throughput table: sizes × threads × {sgemm, dgemm}, measured by
/// <see cref="GemmBenchmark.Measure"/> (warm-up, best of several reps, 2·n³ flops per product).
/// </summary>
public static class GemmRunner
{
    /// <summary>
    /// Parses <c>[--sizes 256,512,...] [--threads 1,2] [--json] [--isa Scalar|Vector128|Avx2|Avx512]</c> and
    /// prints the table (--isa narrows the micro-kernel family, to compare the fallbacks on one machine).
    /// </summary>
    public static int Run(string[] args)
    {
        int[] sizes = [256, 512, 1024, 2048], threads = [1, 2];
        bool json = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sizes": sizes = ParseList(args[++i]); break;
                case "--threads": threads = ParseList(args[++i]); break;
                case "--json": json = true; break;
                case "--isa": Gemm.ForceIsa = Enum.Parse<GemmIsa>(args[++i], ignoreCase: true); break;
                default: Console.Error.WriteLine($"bench gemm: unknown argument '{args[i]}' (expected --sizes, --threads, --json, --isa)"); return 2;
            }
        }
        if (!json) Console.WriteLine($"{"op",-6} {"n",5} {"threads",7} {"GFLOPS",8} {"cpuGFLOPS",9}   (kernel family: {Gemm.Isa})");
        foreach (var op in new[] { "sgemm", "dgemm" })
            foreach (var n in sizes)
                foreach (var t in threads)
                {
                    var r = GemmBenchmark.Measure(op, n, t);
                    Console.WriteLine(json ? r.ToJson() : $"{r.Op,-6} {r.N,5} {r.Threads,7} {r.Gflops,8:F1} {r.CpuGflops,9:F1}");
                }
        return 0;
    }

    private static int[] ParseList(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
}
