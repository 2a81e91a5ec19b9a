using System.Diagnostics;
using Glassbox;
using Glassbox.Data;
using Glassbox.ML.Decomposition;
using Glassbox.ML.Manifold;

/// <summary>
/// `dotnet run -c Release --project bench/Glassbox.Bench -- decomp`: PCA(50) on the 60k Fashion-MNIST training images
/// (784 features, pixels in [0, 1]) for each solver, and TSNE (Barnes–Hut, perplexity 30) on the first 2000 images after
/// PCA(50) — the same workloads as tools/reference/bench_classical_decomp.py.
/// </summary>
internal static class DecompBench
{
    public static void Run()
    {
        var data = DatasetRegistry.FashionMnist(flatten: true, download: false).Train;
        var x = data.Images.To(DType.Float64).ContiguousRaw(); // the loader already scales pixels to [0, 1]
        Console.WriteLine($"X {string.Join("x", x.ShapeArray)}");
        foreach (var solver in new[] { SvdSolver.Randomized, SvdSolver.CovarianceEigh })
        {
            var sw = Stopwatch.StartNew();
            var m = new PCA(50, svdSolver: solver, randomState: 0).Fit(x);
            Console.WriteLine($"PCA(50) {Glassbox.ML.Options.SklearnNames.Of(solver)}: {sw.Elapsed.TotalSeconds:F2} s, explained variance ratio sum {m.ExplainedVarianceRatio.Sum().Item():F6}, ev[0] {m.ExplainedVariance[0]:F6}, ev[49] {m.ExplainedVariance[49]:F8}");
        }
        var x2k = x.Narrow(0, 0, 2000).ContiguousRaw();
        var z = new PCA(50, randomState: 0).Fit(x2k).Transform(x2k);
        var sw2 = Stopwatch.StartNew();
        var t = new TSNE(perplexity: 30, randomState: 0).Fit(z);
        Console.WriteLine($"TSNE barnes_hut 2000x50: {sw2.Elapsed.TotalSeconds:F2} s, KL {t.KlDivergence:F4}, iterations {t.NIterFitted + 1}");
    }
}
