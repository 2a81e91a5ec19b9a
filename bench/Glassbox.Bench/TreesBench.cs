using System.Diagnostics;
using Glassbox;
using Glassbox.Data;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Tree;

/// <summary>
/// `dotnet run -c Release --project bench/Glassbox.Bench -- trees [dt] [rf] [hgb] [gb]`: fit time and test accuracy on the
/// first 10k Fashion-MNIST training images (784 features, pixels / 255), tested on the 10k test images — the same
/// workloads as tools/reference/bench_classical_trees.py (scikit-learn side).
/// </summary>
internal static class TreesBench
{
    public static void Run(string[] which)
    {
        if (which.Length == 0) which = ["dt", "rf", "hgb"];
        var fm = DatasetRegistry.FashionMnist(dataDir: "/work/shared/datasets", flatten: true, download: false);
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
                default: throw new ArgumentException($"trees bench: unknown model '{w}' (dt, rf, hgb, gb)");
            }
        }
    }

    private static void Report(string name, double seconds, double acc, string extra) =>
        Console.WriteLine($"{name}: fit {seconds:F2} s, test accuracy {acc:F4}{extra}");
}
