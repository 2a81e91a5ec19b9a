using Glassbox.Milestones.Recipes.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Milestones;

/// <summary>
/// <c>cartpole-reinforce</c>: REINFORCE with a learned baseline (<see cref="ReinforceOptions"/> defaults: 4 episodes
/// per update, Adam 1e-3, standardised advantages) on CartPole-v1 for 300k steps, three seeds. The bar: the greedy
/// policy's mean return over 10 evaluation episodes is at least 475 on every seed.
/// </summary>
public sealed class CartPoleReinforceMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "cartpole-reinforce";

    /// <inheritdoc/>
    public override string Title => "REINFORCE with a learned baseline on CartPole-v1: greedy mean return over 10 episodes >= 475 on each of 3 seeds";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var options = new ReinforceOptions();
        double bar = 475;
        if (ctx.Quick)
        {
            // Smoke run: 30k steps. A random policy scores about 22; seeds 0-2 evaluate greedily at 500, 462 and 500
            // (training means 117-136), so the bar of 150 on every seed shows the Monte Carlo policy gradient improved
            // the policy, with wide room for run-to-run summation differences.
            options = options with { TotalTimesteps = 30_000 };
            bar = 150;
        }
        var config = new Dictionary<string, object>
        {
            ["env"] = "CartPole-v1", ["algorithm"] = "REINFORCE" + (options.Baseline ? " with baseline" : ""), ["total_timesteps"] = options.TotalTimesteps,
            ["episodes_per_update"] = options.EpisodesPerUpdate, ["lr"] = options.LearningRate, ["gamma"] = options.Gamma, ["seed"] = ctx.Seed, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        var runs = new List<SeedRun>();
        for (ulong k = 0; k < 3; k++)
        {
            ulong seed = ctx.Seed + k;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var agent = new Reinforce(Gym.MakeCartPole(), options, seed);
            long next = options.TotalTimesteps / 10;
            agent.Train(step =>
            {
                if (step >= next) { next += options.TotalTimesteps / 10; ctx.Progress.Info($"seed {seed}: step {step}, {DiscretePpoRuns.Recent(agent.Episodes)}"); }
            });
            runs.Add(SeedRuns.Measure(seed, agent.Episodes, agent.GlobalStep, bar, Gym.MakeCartPole, agent.Greedy, 10, clock));
        }
        var metrics = SeedRuns.Report(ctx, run, "REINFORCE+baseline", $"REINFORCE on CartPole-v1 ({runs.Count} seeds)", runs, bar);
        bool passed = runs.All(r => r.EvalMean >= bar);
        return new MilestoneResult(Id, passed, metrics, 0);
    }
}
