using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glassbox.Milestones.Bench;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench char-gpt [--json] [--steps N] [--seed N] [--data-dir DIR]</c>: training tokens/s of the char-gpt
/// recipe, the Glassbox side of tools/reference/bench_char_gpt_torch.py.
/// </summary>
public static class BenchCharGptCommand
{
    /// <summary>What <c>glassbox bench char-gpt</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench char-gpt", """
        usage: glassbox bench char-gpt [--json] [--steps N] [--seed N] [--data-dir DIR]

          --json          print the result as one JSON line
          --steps N       timed training steps after 10 warm-up steps (1 to 100000; default 50)
          --seed N        seed of initialisation and batches (non-negative integer; default 0)
          --data-dir DIR  data folder holding tinyshakespeare/ (else $GLASSBOX_DATA, else the per-user cache)
        """, ["json"], ["steps", "seed", "data-dir"], 0);

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench char-gpt</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        int steps = args.Int("steps", 50, min: 1, max: 100000);
        ulong seed = args.ULong("seed", 0);
        bool json = args.Flag("json");
        var r = CharGptBenchmark.Run(ctx.DataDir(args), steps, seed);
        using var proc = Process.GetCurrentProcess();
        var result = new Dictionary<string, object>
        {
            ["bench"] = "char-gpt", ["framework"] = "glassbox", ["threads"] = Threads.Count,
            ["tokens_per_s"] = Math.Round(r.TokensPerSecond, 1), ["s_per_step"] = Math.Round(r.SecondsPerStep, 4), ["steps"] = r.Steps,
            ["batch"] = 12, ["block"] = 64, ["params"] = r.Parameters, ["last_loss"] = Math.Round(r.LastLoss, 4),
            ["forward_s"] = Math.Round(r.Phases.Forward, 3), ["backward_s"] = Math.Round(r.Phases.Backward, 3),
            ["optimizer_s"] = Math.Round(r.Phases.Optimizer, 3), ["data_s"] = Math.Round(r.Phases.Data, 3),
            ["peak_working_set_mb"] = Math.Round(proc.PeakWorkingSet64 / 1048576.0, 1),
        };
        if (json) ctx.Out.WriteLine(JsonSerializer.Serialize(result));
        else foreach (var (k, v) in result) ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k,-24} {v}"));
        return 0;
    }
}
