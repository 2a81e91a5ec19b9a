using System.Globalization;
using Glassbox.Milestones.Bench;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench cartpole-env [--json] [--steps N] [--envs N] [--seed N]</c>: CartPole-v1 environment steps per
/// second, single and as a synchronous vector (<see cref="CartPoleEnvBenchmark"/>); the Glassbox side of
/// tools/reference/bench_cartpole_env_numpy.py.
/// </summary>
public static class BenchCartPoleEnvCommand
{
    /// <summary>What <c>glassbox bench cartpole-env</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench cartpole-env", """
        usage: glassbox bench cartpole-env [--json] [--steps N] [--envs N] [--seed N]

          --json          print each result as one JSON line
          --steps N       timed environment steps per mode (1 to 100000000; default 1000000)
          --envs N        environments in the vector (1 to 1024; default 8)
          --seed N        seed of the environments and the random actions (non-negative integer; default 0)
        """, ["json"], ["steps", "envs", "seed"], 0);

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench cartpole-env</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        int steps = args.Int("steps", 1_000_000, min: 1, max: 100_000_000);
        int envs = args.Int("envs", 8, min: 1, max: 1024);
        ulong seed = args.ULong("seed", 0);
        bool json = args.Flag("json");
        foreach (var r in new[] { CartPoleEnvBenchmark.Single(steps, seed), CartPoleEnvBenchmark.SyncVector(steps, envs, seed) })
        {
            if (json)
                BenchOutput.Print(ctx, true, new()
                {
                    ["bench"] = "cartpole-env", ["framework"] = "glassbox", ["mode"] = r.Mode, ["envs"] = r.Envs, ["steps"] = r.Steps,
                    ["seconds"] = Math.Round(r.Seconds, 4), ["steps_per_s"] = Math.Round(r.StepsPerSecond, 1), ["episodes"] = r.Episodes,
                });
            else
                ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Mode,-12} envs {r.Envs,4}  {r.StepsPerSecond,14:F0} steps/s  ({r.Steps} steps in {r.Seconds:F3} s, {r.Episodes} episodes)"));
        }
        return 0;
    }
}
