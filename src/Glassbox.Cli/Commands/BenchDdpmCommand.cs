using System.Globalization;
using System.Text.Json;
using Glassbox.Milestones.Bench;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench ddpm [--json] [--batch 64] [--steps 20] [--samples 64]</c>: training images/s and DDIM-50 sampling
/// images/s of the <c>mnist-ddpm</c> U-Net; the Glassbox side of tools/reference/bench_ddpm_torch.py.
/// </summary>
public static class BenchDdpmCommand
{
    /// <summary>What <c>glassbox bench ddpm</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench ddpm", """
        usage: glassbox bench ddpm [--json] [--batch N] [--steps N] [--samples N] [--seed N]

          --json         print the result as one JSON line
          --batch N      training batch (default 64)
          --steps N      timed training steps after one warm-up (default 20)
          --samples N    images generated together by the timed DDIM-50 run (default 64)
          --seed N       seed of the weights and inputs (default 0)
        """, ["json"], ["batch", "steps", "samples", "seed"], 0);

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench ddpm</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        int batch = args.Int("batch", 64, min: 1, max: 4096);
        int steps = args.Int("steps", 20, min: 1, max: 100000);
        int samples = args.Int("samples", 64, min: 1, max: 100000);
        ulong seed = args.ULong("seed", 0);
        var r = DdpmBenchmark.Run(batch, steps, samples, seed: seed);
        if (args.Flag("json"))
            ctx.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["bench"] = "ddpm", ["framework"] = "glassbox", ["threads"] = Threads.Count, ["channels"] = "32/64/64",
                ["parameters"] = r.Parameters, ["batch"] = batch, ["steps"] = steps,
                ["train_images_per_s"] = Math.Round(r.TrainImagesPerSecond, 2), ["train_step_seconds"] = Math.Round(r.TrainStepSeconds, 4),
                ["ddim_steps"] = DdpmBenchmark.SampleSteps, ["sample_images"] = samples, ["sample_images_per_s"] = Math.Round(r.SampleImagesPerSecond, 3),
            }));
        else
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"DDPM U-Net 32/64/64 ({r.Parameters:N0} parameters): training {r.TrainImagesPerSecond:F1} images/s (batch {batch}, {r.TrainStepSeconds * 1000:F1} ms/step); DDIM-{DdpmBenchmark.SampleSteps} sampling {r.SampleImagesPerSecond:F2} images/s ({samples} images)"));
        return 0;
    }
}
