using System.Globalization;
using System.Text.Json;
using Glassbox.Milestones.Bench;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench attention [--json] [--sizes 256,1024,4096] [--causal both|yes|no]</c>: scaled dot-product attention
/// forward + backward time and memory, fused kernel vs composed graph; the Glassbox side of
/// tools/reference/bench_attention_torch.py.
/// </summary>
public static class BenchAttentionCommand
{
    /// <summary>What <c>glassbox bench attention</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench attention", """
        usage: glassbox bench attention [--json] [--sizes 256,1024,4096] [--causal both|yes|no] [--only fused,composed] [--seed N]

          --json          print each result as one JSON line
          --sizes LIST    sequence lengths T (1 to 16384; default 256,1024,4096); q, k, v are [8, T, 64] float32
          --causal WHICH  unmasked, causal or both (default both)
          --only LIST     implementations to time (default fused,composed)
          --seed N        seed of the random inputs (non-negative integer; default 0)
        """, ["json"], ["sizes", "causal", "only", "seed"], 0);

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench attention</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        var sizes = args.IntList("sizes", [256, 1024, 4096], min: 1, max: 16384);
        ulong seed = args.ULong("seed", 0);
        bool[] causal = (args.Option("causal") ?? "both") switch
        {
            "both" => [false, true],
            "yes" => [true],
            "no" => [false],
            var other => throw new UsageException(Spec, $"--causal must be both, yes or no, got '{other}'"),
        };
        var only = args.List("only") ?? ["fused", "composed"];
        foreach (var name in only)
            if (name is not ("fused" or "composed")) throw new UsageException(Spec, $"unknown implementation '{name}' in --only; expected fused or composed");
        bool json = args.Flag("json");
        foreach (int t in sizes)
            foreach (bool c in causal)
                foreach (var name in only)
                {
                    var r = AttentionBenchmark.Run(t, c, name == "fused", seed);
                    if (json)
                        ctx.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                        {
                            ["bench"] = "attention", ["framework"] = "glassbox", ["impl"] = r.Backend, ["threads"] = Threads.Count,
                            ["T"] = r.T, ["batch_heads"] = AttentionBenchmark.BatchHeads, ["head_dim"] = AttentionBenchmark.HeadDim,
                            ["causal"] = r.Causal, ["seconds"] = Math.Round(r.Seconds, 5), ["gflops"] = Math.Round(r.Gflops, 2),
                            ["saved_mb"] = Math.Round(r.SavedMb, 2), ["allocated_mb"] = Math.Round(r.AllocatedMb, 1),
                        }));
                    else
                        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"T={r.T,-5} {(r.Causal ? "causal" : "full"),-6} {r.Backend,-8} {r.Seconds * 1000,10:F2} ms  {r.Gflops,7:F2} GFLOPS  saved {r.SavedMb,9:F2} MiB  allocated {r.AllocatedMb,9:F1} MiB"));
                }
        return 0;
    }
}
