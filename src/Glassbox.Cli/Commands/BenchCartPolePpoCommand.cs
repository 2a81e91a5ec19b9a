using Glassbox.Milestones.Bench;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench cartpole-ppo [--json] [--steps N] [--seed N]</c>: wall time of the cartpole-ppo recipe to N
/// environment steps, the Glassbox side of tools/reference/bench_cartpole_ppo_torch.py.
/// </summary>
public static class BenchCartPolePpoCommand
{
    /// <summary>What <c>glassbox bench cartpole-ppo</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench cartpole-ppo", """
        usage: glassbox bench cartpole-ppo [--json] [--steps N] [--seed N]

          --json     print the result as one JSON line
          --steps N  environment steps to train for (512 to 10000000; default 500000, the recipe's budget)
          --seed N   seed of initialisation, sampling and the environments (non-negative integer; default 1)
        """, ["json"], ["steps", "seed"], 0);

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench cartpole-ppo</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        int steps = args.Int("steps", 500_000, min: 512, max: 10_000_000);
        ulong seed = args.ULong("seed", 1);
        var r = CartPolePpoBenchmark.Run(steps, seed);
        BenchOutput.Print(ctx, args.Flag("json"), new Dictionary<string, object>
        {
            ["bench"] = "cartpole-ppo", ["framework"] = "glassbox", ["threads"] = Threads.Count, ["env_steps"] = r.Steps,
            ["iterations"] = r.Iterations, ["seconds"] = Math.Round(r.Seconds, 2), ["steps_per_s"] = Math.Round(r.Steps / r.Seconds, 1),
            ["episodes"] = r.Episodes, ["final100_mean_return"] = Math.Round(r.FinalMeanReturn, 1), ["peak_working_set_mb"] = BenchOutput.PeakMb(),
        });
        return 0;
    }
}
