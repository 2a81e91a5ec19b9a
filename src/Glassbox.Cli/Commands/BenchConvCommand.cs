using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glassbox.Milestones.Bench;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench conv [--json] [--only lenet,resnet20,layers] [--epochs N] [--steps N] [--data-dir DIR]</c>:
/// the Glassbox side of tools/reference/bench_cnn_torch.py (same recipes, same timing), one result per recipe.
/// </summary>
public static class BenchConvCommand
{
    /// <summary>What <c>glassbox bench conv</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench conv", """
        usage: glassbox bench conv [--json] [--only lenet,resnet20,layers] [--epochs N] [--steps N] [--seed N] [--data-dir DIR]

          --json          print each result as one JSON line
          --only LIST     recipes to run (default all): lenet (LeNet-5 MNIST epoch), resnet20 (CIFAR ResNet-20
                          training images/s on random data), layers (conv2d forward+backward GFLOPS of 5 shapes)
          --epochs N      LeNet epochs to time (1 to 100; default 1); the fastest is reported
          --steps N       timed ResNet-20 steps after 3 warm-up steps (1 to 10000; default 20)
          --seed N        seed of initialisation, data and shuffling (non-negative integer; default 0)
          --data-dir DIR  data folder for MNIST (else $GLASSBOX_DATA, else the per-user cache)
        """, ["json"], ["only", "epochs", "steps", "seed", "data-dir"], 0);

    private static readonly string[] Recipes = ["lenet", "resnet20", "layers"];

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench conv</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        int epochs = args.Int("epochs", 1, min: 1, max: 100);
        int steps = args.Int("steps", 20, min: 1, max: 10000);
        ulong seed = args.ULong("seed", 0);
        var only = args.List("only") ?? Recipes;
        foreach (var name in only)
            if (!Recipes.Contains(name)) throw new UsageException(Spec, $"unknown recipe '{name}' in --only; expected lenet, resnet20 or layers");
        bool json = args.Flag("json");

        if (only.Contains("lenet"))
        {
            var (secs, acc, parameters) = ConvBenchmark.LeNetEpoch(ctx.DataDir(args), epochs, seed);
            BenchOutput.Print(ctx, json, new()
            {
                ["bench"] = "lenet", ["framework"] = "glassbox", ["threads"] = Threads.Count, ["seconds_per_epoch"] = Math.Round(secs, 3),
                ["images_per_s"] = Math.Round(60000 / secs, 1), ["epochs"] = epochs, ["test_accuracy"] = Math.Round(acc, 4),
                ["params"] = parameters, ["peak_working_set_mb"] = BenchOutput.PeakMb(),
            });
        }
        if (only.Contains("resnet20"))
        {
            var (ips, sps, last, parameters) = ConvBenchmark.ResNet20Steps(steps, seed);
            BenchOutput.Print(ctx, json, new()
            {
                ["bench"] = "resnet20", ["framework"] = "glassbox", ["threads"] = Threads.Count, ["images_per_s"] = Math.Round(ips, 1),
                ["s_per_step"] = Math.Round(sps, 4), ["steps"] = steps, ["batch"] = 128, ["params"] = parameters,
                ["last_loss"] = Math.Round(last, 4), ["peak_working_set_mb"] = BenchOutput.PeakMb(),
            });
        }
        if (only.Contains("layers"))
        {
            var rows = ConvBenchmark.Layers.Select(s =>
            {
                var (secs, gflops) = ConvBenchmark.Layer(s, seed);
                return new Dictionary<string, object> { ["layer"] = s.Name, ["seconds"] = Math.Round(secs, 5), ["gflops"] = Math.Round(gflops, 2) };
            }).ToList();
            if (json) BenchOutput.Print(ctx, true, new() { ["bench"] = "conv-layers", ["framework"] = "glassbox", ["threads"] = Threads.Count, ["layers"] = rows });
            else foreach (var r in rows) ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r["layer"],-28} {r["gflops"],8} GFLOPS  {r["seconds"]} s"));
        }
        return 0;
    }
}
