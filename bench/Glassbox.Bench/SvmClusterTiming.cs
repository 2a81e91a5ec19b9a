using System.Diagnostics;
using System.IO.Compression;
using Glassbox;
using Glassbox.Data;
using Glassbox.ML.Cluster;
using Glassbox.ML.Mixture;
using Glassbox.ML.Svm;

/// <summary>
/// Glassbox side of tools/reference/bench_classical_svm_cluster.py (single runs, same data and settings):
/// SVC(C=10) on the first 10k Fashion-MNIST training images (accuracy on the 10k test set), KMeans(10) on all 60k,
/// GaussianMixture(10, diag) on 10k. Run: <c>dotnet run -c Release --project bench/Glassbox.Bench -- svm-cluster [folder]</c>.
/// </summary>
internal static class SvmClusterTiming
{
    public static void Run(string[] args)
    {
        string root = args.Length > 0 ? args[0] : DataDirectory.ForDataset("fashion-mnist");
        var (x, y) = (Images(Path.Combine(root, "train-images-idx3-ubyte.gz")), Labels(Path.Combine(root, "train-labels-idx1-ubyte.gz")));
        var (xt, yt) = (Images(Path.Combine(root, "t10k-images-idx3-ubyte.gz")), Labels(Path.Combine(root, "t10k-labels-idx1-ubyte.gz")));
        Console.WriteLine($"load avg at start: {File.ReadAllText("/proc/loadavg").Trim()}; threads {Environment.ProcessorCount}");
        var x10 = x.Narrow(0, 0, 10000).Contiguous();
        var y10 = y.Narrow(0, 0, 10000).Contiguous();
        var which = args.Length > 1 ? args[1..] : ["svc", "kmeans", "gmm"];

        if (which.Contains("svc"))
        {
            var sw = Stopwatch.StartNew();
            var svc = new SVC(c: 10).Fit(x10, y10);
            double fit = sw.Elapsed.TotalSeconds;
            sw.Restart();
            double acc = svc.Score(xt, yt);
            Console.WriteLine($"SVC(C=10) fit 10k: {fit:F2} s, n_SV={svc.Support.Shape[0]}, test accuracy {acc:F4} (predict 10k: {sw.Elapsed.TotalSeconds:F2} s)");
        }
        if (which.Contains("kmeans"))
        {
            var sw = Stopwatch.StartNew();
            var km = new KMeans(10, nInit: 10, randomState: 0).Fit(x);
            Console.WriteLine($"KMeans(10, n_init=10) fit 60k: {sw.Elapsed.TotalSeconds:F2} s, inertia {km.Inertia:F2}, n_iter {km.NIter}");
        }
        if (which.Contains("gmm"))
        {
            var sw = Stopwatch.StartNew();
            var gm = new GaussianMixture(10, CovarianceType.Diag, randomState: 0).Fit(x10);
            Console.WriteLine($"GaussianMixture(10, diag) fit 10k: {sw.Elapsed.TotalSeconds:F2} s, n_iter {gm.NIter}, lower_bound {gm.LowerBound:F4}, converged {gm.Converged}");
        }
        Console.WriteLine($"load avg at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    private static Tensor Images(string path)
    {
        var b = Gunzip(path);
        int n = (b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7];
        var d = new double[n * 784];
        for (int i = 0; i < d.Length; i++) d[i] = b[16 + i] / 255.0;
        return Tensor.FromArray(d, n, 784);
    }

    private static Tensor Labels(string path)
    {
        var b = Gunzip(path);
        var r = new long[b.Length - 8];
        for (int i = 0; i < r.Length; i++) r[i] = b[8 + i];
        return Tensor.FromArray(r, r.Length);
    }
}
