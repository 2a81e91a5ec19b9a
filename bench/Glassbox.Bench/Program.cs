using BenchmarkDotNet.Running;
using Glassbox.Bench;
using Glassbox.Kernels;

// Two modes:
//   dotnet run -c Release --project bench/Glassbox.Bench -- gemm [--sizes 256,512] [--threads 1,2] [--json]
//       quick side-by-side table (the same measurement as `glassbox bench gemm` and tools/reference/bench_gemm_numpy.py)
//   dotnet run -c Release --project bench/Glassbox.Bench -- [BenchmarkDotNet arguments, e.g. --filter *Gemm*]
//       the BenchmarkDotNet classes (statistically careful, slow)
if (args.Length > 0 && args[0] == "gemm") return GemmRunner.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(GemmRunner).Assembly).Run(args);
return 0;
