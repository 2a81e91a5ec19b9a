using System.Diagnostics;
using Glassbox;
using Glassbox.Data;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Tree;

/// <summary>
/// `dotnet run -c Release --project bench/Glassbox.Bench -- trees [dt] [rf] [hgb] [hgb-ab]`: fit time and test accuracy on the
/// first 10k Fashion-MNIST training images (784 features, pixels / 255), tested on the 10k test images (HGB_ITER overrides
/// HistGradientBoosting's max_iter = 100 for quick runs; `hgb-ab` times its histogram kernels' scalar and vector
/// paths alternately) — the same
/// workloads as tools/reference/bench_classical_trees.py (scikit-learn side).
/// </summary>
internal static class TreesBench
{
    public static void Run(string[] which)
    {
        if (which.Length == 0) which = ["dt", "rf", "hgb"];
        var fm = DatasetRegistry.FashionMnist(flatten: true, download: false);
        var x = fm.Train.Images.Narrow(0, 0, 10000).To(DType.Float64).ContiguousRaw();
        var y = fm.Train.Labels.Narrow(0, 0, 10000).To(DType.Int64).ContiguousRaw();
        var xt = fm.Test.Images.To(DType.Float64).ContiguousRaw();
        var yt = fm.Test.Labels.To(DType.Int64).ContiguousRaw();
        Console.WriteLine($"X {string.Join("x", x.ShapeArray)}, test {string.Join("x", xt.ShapeArray)}, threads {Glassbox.Kernels.Par.MaxThreads}");
        foreach (var w in which)
        {
            var sw = Stopwatch.StartNew();
            double acc;
            string extra = "";
            switch (w)
            {
                case "dt":
                    {
                        var m = new DecisionTreeClassifier(randomState: 0).Fit(x, y);
                        sw.Stop();
                        acc = m.Score(xt, yt);
                        extra = $", depth {m.GetDepth()}, leaves {m.GetNLeaves()}";
                        Report("DecisionTreeClassifier(random_state=0)", sw.Elapsed.TotalSeconds, acc, extra);
                        break;
                    }
                case "rf":
                    {
                        var m = new RandomForestClassifier(nEstimators: 100, randomState: 0).Fit(x, y);
                        sw.Stop();
                        acc = m.Score(xt, yt);
                        Report("RandomForestClassifier(n_estimators=100, random_state=0)", sw.Elapsed.TotalSeconds, acc, extra);
                        break;
                    }
                case "hgb":
                    {
                        var m = new HistGradientBoostingClassifier(maxIter: int.Parse(Environment.GetEnvironmentVariable("HGB_ITER") ?? "100"), randomState: 0).Fit(x, y);
                        sw.Stop();
                        acc = m.Score(xt, yt);
                        Report("HistGradientBoostingClassifier(max_iter=100)", sw.Elapsed.TotalSeconds, acc, extra);
                        break;
                    }
                case "sort":
                    SortBench(x);
                    break;
                case "hgb-ab":
                    HgbKernelAb(x, y);
                    break;
                default: throw new ArgumentException($"trees bench: unknown model '{w}' (dt, rf, hgb, hgb-ab, sort)");
            }
        }
    }

    /// <summary>The splitter's sort (<see cref="KeySort"/>) against the library sort on Fashion-MNIST pixel columns
    /// gathered for node-sized random subsets (many ties: 256 levels, most pixels 0).</summary>
    private static void SortBench(Tensor x)
    {
        var col = new ColumnData(x.ToDoubleArray(), x.Shape[0], x.Shape[1]);
        var g = new Generator(1);
        foreach (int m in new[] { 10000, 1000, 100 })
        {
            var subsets = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, 10000).OrderBy(_ => g.NextDouble()).Take(m).ToArray()).ToArray();
            var keys = new float[m];
            var items = new int[m];
            foreach (var (name, sort) in new (string, SortFn)[] { ("KeySort", KeySort.Sort), ("Span.Sort", KeySort.SortReference) })
            {
                var sw = Stopwatch.StartNew();
                long sorts = 0;
                for (int rep = 0; rep < 20000 / m + 1; rep++)
                    foreach (var sub in subsets)
                        for (int f = 0; f < col.P; f += 7)
                        {
                            for (int q = 0; q < m; q++) { items[q] = sub[q]; keys[q] = col.Col[f * col.N + sub[q]]; }
                            sort(keys, items);
                            sorts++;
                        }
                Console.WriteLine($"sort m={m,6} {name,-10} {sw.Elapsed.TotalMilliseconds * 1000 / sorts,9:F2} µs per sort (gather included)");
            }
        }
    }

    /// <summary>
    /// `trees hgb-ab`: the HistGradientBoostingClassifier fit (same workload as `hgb`: 10k images, max_iter = 100 or
    /// HGB_ITER, 31 leaves) with the histogram kernels' scalar and 256-bit vector paths, alternated three times so that
    /// a loaded machine's drift hits both alike. Reports wall and process CPU seconds of each fit, the median ratio,
    /// and checks that both paths fitted the same model (identical training-set scores).
    /// </summary>
    private static void HgbKernelAb(Tensor x, Tensor y)
    {
        int n = x.Shape[0], p = x.Shape[1];
        var xr = x.ToDoubleArray();
        var yr = y.ToDoubleArray();
        int iters = int.Parse(Environment.GetEnvironmentVariable("HGB_ITER") ?? "100");
        var s = new HistSettings(iters, 0.1, 31, null, 20, 0.0, 255, null, 0.1, 10, 1e-7, 0);
        var wall = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        var cpu = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        double[]? first = null;
        for (int rep = 0; rep < 3; rep++)
            foreach (bool vec in new[] { false, true })
            {
                var proc = Process.GetCurrentProcess();
                var cpu0 = proc.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var fit = HistBoosting.Fit(xr, n, p, HistBoosting.Loss.Multinomial, yr, 10, s, vectorizedKernels: vec);
                sw.Stop();
                proc.Refresh();
                double c = (proc.TotalProcessorTime - cpu0).TotalSeconds;
                wall[vec].Add(sw.Elapsed.TotalSeconds); cpu[vec].Add(c);
                var raw = HistBoosting.Raw(xr, n, p, fit.Baseline, fit.Trees);
                first ??= raw;
                if (!raw.AsSpan().SequenceEqual(first)) throw new InvalidOperationException("hgb-ab: the scalar and vector kernels fitted different models");
                Console.WriteLine($"hgb {(vec ? "vector" : "scalar")}: fit {sw.Elapsed.TotalSeconds:F2} s wall, {c:F2} s CPU");
            }
        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        Console.WriteLine($"hgb-ab ({iters} iterations, threads {Glassbox.Kernels.Par.MaxThreads}): scalar/vector median ratio {Median(wall[false]) / Median(wall[true]):F2} wall, " +
            $"{Median(cpu[false]) / Median(cpu[true]):F2} CPU; identical models");
    }

    private delegate void SortFn(Span<float> keys, Span<int> items);

    private static void Report(string name, double seconds, double acc, string extra) =>
        Console.WriteLine($"{name}: fit {seconds:F2} s, test accuracy {acc:F4}{extra}");
}
