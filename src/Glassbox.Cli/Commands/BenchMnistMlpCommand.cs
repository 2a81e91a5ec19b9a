using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glassbox.Milestones;
using Glassbox.Milestones.Recipes;
using Glassbox.Data;
using Glassbox.Optim;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench mnist-mlp [--json] [--epochs N] [--data-dir DIR]</c>: the side-by-side recipe of
/// tools/reference/bench_mnist_mlp_torch.py — MLP 784-512-256-10 ReLU, Adam lr 1e-3, batch 128, standardised inputs,
/// one epoch of the 60k training images — timed per epoch (data already in memory), then test accuracy.
/// </summary>
public static class BenchMnistMlpCommand
{
    /// <summary>Runs the benchmark.</summary>
    public static int Run(Args args)
    {
        args.CheckKnown("json", "epochs", "data-dir", "seed");
        int epochs = int.Parse(args.Option("epochs") ?? "1", CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(args.Option("seed") ?? "0", CultureInfo.InvariantCulture);
        var data = DatasetRegistry.Mnist(args.Option("data-dir"), flatten: true);
        var (xTrain, xTest) = MnistMlp.Standardize(data.Train.Images, data.Test.Images);
        var gen = new Generator(seed);
        var model = MnistMlp.Build(gen);
        var opt = new Adam(model.Parameters(), lr: 1e-3);
        var loader = new DataLoader(new TensorDataset(xTrain, data.Train.Labels), batchSize: 128, shuffle: true, generator: gen);
        var times = new List<double>();
        long allocBefore = GC.GetTotalAllocatedBytes(precise: true);
        int steps = 0;
        for (int e = 0; e < epochs; e++)
        {
            var (_, _, secs, _) = MnistMlp.TrainEpoch(model, opt, loader);
            times.Add(secs);
            steps += loader.Count;
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
        var (acc, _) = MnistMlp.Evaluate(model, xTest, data.Test.Labels);
        using var proc = Process.GetCurrentProcess();
        var result = new Dictionary<string, object>
        {
            ["bench"] = "mnist-mlp", ["seconds_per_epoch"] = Math.Round(times.Min(), 3), ["epochs"] = epochs,
            ["test_accuracy"] = Math.Round(acc, 4), ["peak_working_set_mb"] = Math.Round(proc.PeakWorkingSet64 / 1048576.0, 1),
            ["managed_bytes_allocated_per_step"] = allocated / Math.Max(steps, 1), ["threads"] = Threads.Count,
        };
        if (args.Flag("json")) Console.WriteLine(JsonSerializer.Serialize(result));
        else foreach (var (k, v) in result) Console.WriteLine($"{k,-34} {v}");
        return 0;
    }
}
