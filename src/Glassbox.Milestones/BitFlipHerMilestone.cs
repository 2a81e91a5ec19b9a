using System.Globalization;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>bitflip-her</c>: DQN on the 15-bit flipping task with and without Hindsight Experience Replay (future strategy, k = 4),
/// three seeds each. Bar: the final success rate averages ≥ 0.9 with HER and ≤ 0.05 without — the shape of the HER paper's
/// Figure 1. Recipe and numbers: docs/milestones/bitflip-her.md.
/// </summary>
public sealed class BitFlipHerMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "bitflip-her";

    /// <inheritdoc/>
    public override string Title => "DQN on 15-bit flipping: success >= 0.9 with HER (k = 4), near 0 without (3 seeds); success curves saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        // Quick: n = 8, one seed, 2 epochs of 25 cycles. Without hindsight a random policy already succeeds ~3% of the time
        // at n = 8 (8·2⁻⁸), so the quick bar asks only that HER reach 0.8 and beat the plain learner by 0.3: both measured
        // on seed 0 (see docs/milestones/bitflip-her.md).
        int bits = ctx.Quick ? 8 : 15, epochs = ctx.Quick ? 2 : 10, seeds = ctx.Quick ? 1 : 3, cycles = ctx.Quick ? 25 : 50;
        var config = new Dictionary<string, object>
        {
            ["task"] = $"bit flipping n = {bits}", ["learner"] = "goal-conditioned DQN, 1x256 ReLU, Adam 1e-3, gamma 0.98, batch 128, eps 0.2",
            ["her"] = "future, k = 4 (and k = 0 baseline)", ["epochs"] = epochs, ["cycles_per_epoch"] = cycles, ["seeds"] = seeds, ["first_seed"] = ctx.Seed, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        var her = new List<BitFlipHer.Curve>();
        var plain = new List<BitFlipHer.Curve>();
        var seedList = Enumerable.Range(0, seeds).Select(k => ctx.Seed + (ulong)k).ToArray();
        foreach (var seed in seedList)
            foreach (var k in new[] { 4, 0 })
            {
                string name = k > 0 ? "her" : "dqn";
                var curve = BitFlipHer.Train(bits, k, epochs, seed, cycles,
                    (e, s) => ctx.Progress.Info($"bitflip-her: {name}, seed {seed}, epoch {e}/{epochs}: success {s:F2}"));
                (k > 0 ? her : plain).Add(curve);
            }
        // One record per epoch holding every run (the run log keeps one fixed set of columns).
        for (int e = 0; e < epochs; e++)
        {
            var row = new Dictionary<string, double>();
            for (int i = 0; i < seeds; i++) { row[$"her_seed{seedList[i]}_success"] = her[i].SuccessRate[e]; row[$"dqn_seed{seedList[i]}_success"] = plain[i].SuccessRate[e]; }
            run.Log(e + 1, row);
        }
        BitFlipHer.SaveCurves(bits, her, plain, seedList, ctx.OutputDir);
        double herFinal = her.Average(c => c.SuccessRate[^1]), plainFinal = plain.Average(c => c.SuccessRate[^1]);
        bool passed = ctx.Quick ? herFinal >= 0.8 && herFinal - plainFinal >= 0.3 : herFinal >= 0.9 && plainFinal <= 0.05;
        static string List(IEnumerable<BitFlipHer.Curve> c) => string.Join(", ", c.Select(r => r.SuccessRate[^1].ToString("F2", CultureInfo.InvariantCulture)));
        return new MilestoneResult(Id, passed, new Dictionary<string, object>
        {
            ["bits"] = bits, ["her_final_success"] = Math.Round(herFinal, 3), ["dqn_final_success"] = Math.Round(plainFinal, 3),
            ["her_final_success_per_seed"] = List(her), ["dqn_final_success_per_seed"] = List(plain),
            ["required"] = ctx.Quick ? "HER >= 0.8 and HER - DQN >= 0.3" : "HER >= 0.9 and DQN <= 0.05", ["epochs"] = epochs,
            ["seconds"] = Math.Round(her.Concat(plain).Sum(c => c.Seconds), 1), ["run_dir"] = ctx.OutputDir,
        }, 0);
    }
}
