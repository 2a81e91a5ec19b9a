using System.Diagnostics;
using Glassbox;
using Glassbox.Data;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Tree;

/// <summary>
/// `dotnet run -c Release --project bench/Glassbox.Bench -- trees [dt] [rf] [hgb]`: fit time and test accuracy on the
/// first 10k Fashion-MNIST training images (784 features, pixels / 255), tested on the 10k test images (HGB_ITER overrides
/// HistGradientBoosting's max_iter = 100 for quick runs) — the same
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
                default: throw new ArgumentException($"trees bench: unknown model '{w}' (dt, rf, hgb, sort)");
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

    private delegate void SortFn(Span<float> keys, Span<int> items);

    private static void Report(string name, double seconds, double acc, string extra) =>
        Console.WriteLine($"{name}: fit {seconds:F2} s, test accuracy {acc:F4}{extra}");
}
