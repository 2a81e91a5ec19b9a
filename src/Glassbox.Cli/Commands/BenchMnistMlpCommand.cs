using System.Diagnostics;
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
    /// <summary>What <c>glassbox bench mnist-mlp</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench mnist-mlp", """
        usage: glassbox bench mnist-mlp [--json] [--epochs N] [--seed N] [--data-dir DIR]

          --json          print the result as one JSON line
          --epochs N      epochs to time (integer from 1 to 1000; default 1); the fastest one is reported
          --seed N        seed of the initialisation and the shuffling (non-negative integer; default 0)
          --data-dir DIR  data folder (else $GLASSBOX_DATA, else the per-user cache)
        """, ["json"], ["epochs", "seed", "data-dir"], 0);

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench mnist-mlp</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        int epochs = args.Int("epochs", 1, min: 1, max: 1000);
        ulong seed = args.ULong("seed", 0);
        var data = DatasetRegistry.Mnist(ctx.DataDir(args), flatten: true);
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
            var (_, _, secs, _) = ClassifierTraining.TrainEpoch(model, opt, loader);
            times.Add(secs);
            steps += loader.Count;
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
        var (acc, _) = ClassifierTraining.Evaluate(model, xTest, data.Test.Labels);
        using var proc = Process.GetCurrentProcess();
        var result = new Dictionary<string, object>
        {
            ["bench"] = "mnist-mlp", ["seconds_per_epoch"] = Math.Round(times.Min(), 3), ["epochs"] = epochs,
            ["test_accuracy"] = Math.Round(acc, 4), ["peak_working_set_mb"] = Math.Round(proc.PeakWorkingSet64 / 1048576.0, 1),
            ["managed_bytes_allocated_per_step"] = allocated / Math.Max(steps, 1), ["threads"] = Threads.Count,
        };
        if (args.Flag("json")) ctx.Out.WriteLine(JsonSerializer.Serialize(result));
        else foreach (var (k, v) in result) ctx.Out.WriteLine($"{k,-34} {v}");
        return 0;
    }
}
