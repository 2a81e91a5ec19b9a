using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glassbox.Milestones.Bench;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench lstm [--json] [--only char-lstm,layers] [--steps N] [--seed N]</c>: the Glassbox side of
/// tools/reference/bench_lstm_torch.py (same sizes, same timing).
/// </summary>
public static class BenchLstmCommand
{
    /// <summary>What <c>glassbox bench lstm</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench lstm", """
        usage: glassbox bench lstm [--json] [--only char-lstm,layers] [--steps N] [--seed N]

          --json          print each result as one JSON line
          --only LIST     what to run (default all): char-lstm (training tokens/s of the char-LSTM recipe, E 128,
                          H 256, 2 layers, B 32, T 64, on random ids), layers (LSTM stack forward+backward tokens/s)
          --steps N       timed steps after the warm-up ones (1 to 10000; default 20)
          --seed N        seed of initialisation and data (non-negative integer; default 0)
        """, ["json"], ["only", "steps", "seed"], 0);

    private static readonly string[] Recipes = ["char-lstm", "layers"];

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench lstm</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        int steps = args.Int("steps", 20, min: 1, max: 10000);
        ulong seed = args.ULong("seed", 0);
        var only = args.List("only") ?? Recipes;
        foreach (var name in only)
            if (!Recipes.Contains(name)) throw new UsageException(Spec, $"unknown recipe '{name}' in --only; expected char-lstm or layers");
        bool json = args.Flag("json");

        if (only.Contains("char-lstm"))
        {
            var (tps, sps, last, parameters) = LstmBenchmark.CharLstmSteps(steps, seed);
            BenchOutput.Print(ctx, json, new()
            {
                ["bench"] = "char-lstm", ["framework"] = "glassbox", ["threads"] = Threads.Count, ["tokens_per_s"] = Math.Round(tps, 1),
                ["s_per_step"] = Math.Round(sps, 4), ["steps"] = steps, ["batch"] = 32, ["bptt"] = 64, ["params"] = parameters,
                ["last_loss"] = Math.Round(last, 4), ["peak_working_set_mb"] = BenchOutput.PeakMb(),
            });
        }
        if (only.Contains("layers"))
        {
            var rows = LstmBenchmark.Shapes.Select(s =>
            {
                var (tps, secs) = LstmBenchmark.Layer(s, steps, seed);
                return new Dictionary<string, object> { ["layer"] = s.Name, ["tokens_per_s"] = Math.Round(tps, 1), ["s_per_pass"] = Math.Round(secs, 5) };
            }).ToList();
            if (json) BenchOutput.Print(ctx, true, new() { ["bench"] = "lstm-layers", ["framework"] = "glassbox", ["threads"] = Threads.Count, ["layers"] = rows });
            else foreach (var r in rows) ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r["layer"],-36} {r["tokens_per_s"],10} tokens/s  {r["s_per_pass"]} s"));
        }
        return 0;
    }
}
