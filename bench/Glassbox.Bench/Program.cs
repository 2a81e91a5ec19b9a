using BenchmarkDotNet.Running;
using Glassbox.Bench;

// Modes:
//   dotnet run -c Release --project bench/Glassbox.Bench -- gemm [--sizes 256,512] [--threads 1,2] [--json]
//       quick side-by-side table (the same measurement as `glassbox bench gemm` and tools/reference/bench_gemm_numpy.py)
//   dotnet run -c Release --project bench/Glassbox.Bench -- micro
//       elementwise add/exp/softmax in GB/s and autograd overhead per op in µs (quick runners)
//   dotnet run -c Release --project bench/Glassbox.Bench -- decomp
//       PCA and t-SNE fit times (tools/reference/bench_classical_decomp.py is the scikit-learn side)
//   dotnet run -c Release --project bench/Glassbox.Bench -- svm-cluster
//       SVC, KMeans and GaussianMixture fit times (tools/reference/bench_classical_svm_cluster.py is the scikit-learn side)
//   dotnet run -c Release --project bench/Glassbox.Bench -- trees [dt] [rf] [hgb] [hgb-ab]
//       tree models on 10k Fashion-MNIST (tools/reference/bench_classical_trees.py is the scikit-learn side)
//   dotnet run -c Release --project bench/Glassbox.Bench -- onnx [--seconds S] [--threads N] [--json]
//       LeNet-5 and the MNIST MLP, batch 1 and 64: Glassbox vs ONNX Runtime on the exported file (docs/export.md)
//   dotnet run -c Release --project bench/Glassbox.Bench -- csv [--mb 100] [--repeats 3] [--file PATH]
//       DataFrame.ReadCsv vs Sep on a generated mixed-type CSV file (docs/dataframe.md)
//   dotnet run -c Release --project bench/Glassbox.Bench -- [BenchmarkDotNet arguments, e.g. --filter *Gemm*]
//       the BenchmarkDotNet classes (statistically careful, slow)
if (args.Length > 0 && args[0] == "gemm") return GemmRunner.Run(args[1..]);
if (args.Length > 0 && args[0] == "decomp") { DecompBench.Run(); return 0; }
if (args.Length > 0 && args[0] == "svm-cluster") { SvmClusterTiming.Run(args[1..]); return 0; }
if (args.Length > 0 && args[0] == "trees") { TreesBench.Run(args[1..]); return 0; }
if (args.Length > 0 && args[0] == "onnx") return OnnxLatencyBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "csv") return CsvBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "micro") { MicroRunner.Run(); return 0; }
BenchmarkSwitcher.FromAssembly(typeof(GemmRunner).Assembly).Run(args);
return 0;
