using Glassbox.Milestones.Recipes.RL;
using Glassbox.RL.Algorithms;

namespace Glassbox.Tests.Milestones;

/// <summary>
/// The "medium" dataset of <c>pendulum-cql</c>: one policy's mean action plus small noise, whole episodes, reproducible from
/// its recipe, with a cache key that changes whenever the recipe does.
/// </summary>
public class PendulumOfflineDatasetTests
{
    private static readonly PendulumOfflineSettings Small = PendulumOfflineSettings.Quick with { BehaviorEpisodes = 2, BehaviorNoise = 0.1 };

    [Fact]
    public void MediumDataIsThePolicysMeanActionPlusSmallNoiseOverWholeEpisodes()
    {
        var policy = new Sac(3, [-2f], [2f], new SacOptions { Hidden = 16 }, seed: 3);
        var data = PendulumOffline.CollectBehavior(policy, Small, "test recipe");
        Assert.Equal(400, data.Count);                  // 2 episodes of Pendulum-v1's 200 steps
        Assert.Equal(2, data.EpisodeReturns.Count);
        Assert.Equal("test recipe", data.Recipe);
        var batch = data.ToReplayBuffer().Gather(Enumerable.Range(0, 400).ToArray());
        var rewards = batch.Rewards.ToArray<float>();
        Assert.Equal(rewards.Take(200).Sum(r => (double)r), data.EpisodeReturns[0], 1e-3);
        Assert.Equal(rewards.Skip(200).Sum(r => (double)r), data.EpisodeReturns[1], 1e-3);
        Assert.All(batch.Terminated.ToArray<float>(), d => Assert.Equal(0f, d));
        // Consecutive transitions chain within an episode: s' of step t is s of step t + 1.
        var obs = batch.Observations.ToArray<float>(); var next = batch.NextObservations.ToArray<float>();
        for (int t = 0; t < 199; t++) Assert.Equal(next.AsSpan(3 * t, 3).ToArray(), obs.AsSpan(3 * (t + 1), 3).ToArray());
        // action − mode(π(s)) is the added noise: N(0, 0.2²) where the clip at ±2 is not reached.
        var actions = batch.Actions.ToArray<float>();
        var mode = policy.Act(batch.Observations, explore: false).ToArray<float>();
        var noise = Enumerable.Range(0, 400).Where(i => Math.Abs(actions[i]) < 2f).Select(i => (double)(actions[i] - mode[i])).ToArray();
        Assert.True(noise.Length > 300, $"{noise.Length} unclipped actions");
        double mean = noise.Average(), sd = Math.Sqrt(noise.Sum(v => (v - mean) * (v - mean)) / noise.Length);
        // n ≥ 300 draws of N(0, 0.04): the mean's standard error is ≤ 0.012 and the sample sd's ≤ 0.009; 4 of each.
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(sd, 0.2 - 0.036, 0.2 + 0.036);
        // The same recipe gives the same data, bit for bit.
        var again = PendulumOffline.CollectBehavior(policy, Small, "test recipe").ToReplayBuffer().Gather(Enumerable.Range(0, 400).ToArray());
        Assert.Equal(actions, again.Actions.ToArray<float>());
        Assert.Equal(obs, again.Observations.ToArray<float>());
    }

    [Fact]
    public void TheCacheKeyCoversTheDatasetKindAndTheBehaviourSettings()
    {
        var medium = PendulumOffline.CollectionRecipe(Small);
        Assert.StartsWith("glassbox-pendulum-medium/", medium);
        var replay = PendulumOffline.CollectionRecipe(Small with { Dataset = PendulumDatasetKind.MediumReplay });
        Assert.StartsWith("glassbox-pendulum-medium-replay/", replay);
        var recipes = new[]
        {
            medium, replay, PendulumOffline.CollectionRecipe(Small with { BehaviorEpisodes = 3 }), PendulumOffline.CollectionRecipe(Small with { BehaviorNoise = 0.2 }),
            PendulumOffline.CollectionRecipe(Small with { CollectSteps = 2100 }), PendulumOffline.CollectionRecipe(Small with { Hidden = 32 }),
        };
        Assert.Equal(recipes.Length, recipes.Distinct().Count());
        // The replay dataset's recipe keeps its earlier wording, so caches collected before the medium variant stay valid,
        // and it does not depend on the behaviour settings it does not use.
        Assert.Equal(replay, PendulumOffline.CollectionRecipe(Small with { Dataset = PendulumDatasetKind.MediumReplay, BehaviorEpisodes = 7 }));
        Assert.Equal("glassbox-pendulum-medium-replay/v1|sac cleanrl lr3e-4/1e-3 autotune|hidden64|batch64|steps2000|random1000|seed0", replay);
    }

    [Fact]
    public void BadBehaviourSettingsAreRejected()
    {
        var policy = new Sac(3, [-2f], [2f], new SacOptions { Hidden = 16 }, seed: 3);
        var ex = Assert.Throws<ArgumentException>(() => PendulumOffline.CollectBehavior(policy, Small with { BehaviorEpisodes = 0 }, "r"));
        Assert.Contains("episodes must be positive", ex.Message);
        Assert.Throws<ArgumentException>(() => PendulumOffline.CollectBehavior(policy, Small with { BehaviorNoise = double.NaN }, "r"));
    }
}
