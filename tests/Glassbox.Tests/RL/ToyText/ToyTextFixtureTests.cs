using System.Text.Json;
using Glassbox.RL;
using Glassbox.RL.Envs;
using Glassbox.RL.Seeding;
using Glassbox.RL.Wrappers;

namespace Glassbox.Tests.RL.ToyText;

/// <summary>
/// Replays Gymnasium's recorded toy-text trajectories (FrozenLake 4x4 and 8x8, CliffWalking, Taxi, Blackjack): the
/// same seed and actions must give exactly the same observations, rewards (and their int-ness), flags and info —
/// nothing here is compared with a tolerance, because every value is an index, a small integer or a probability
/// computed by the same double operations as Gymnasium's.
/// </summary>
public class ToyTextFixtureTests
{
    public static TheoryData<string> DiscreteFiles => new() { "FrozenLake-v1.json", "FrozenLake8x8-v1.json", "CliffWalking-v1.json", "Taxi-v4.json" };

    private static ToyTextEnv Make(string envId, JsonElement kwargs) => envId switch
    {
        "FrozenLake-v1" or "FrozenLake8x8-v1" => new FrozenLake(kwargs.GetProperty("map_name").GetString()!, kwargs.GetProperty("is_slippery").GetBoolean()),
        "CliffWalking-v1" => new CliffWalking(kwargs.GetProperty("is_slippery").GetBoolean()),
        "Taxi-v4" => new Taxi(),
        _ => throw new ArgumentException($"no toy-text environment for {envId}"),
    };

    [SkippableTheory]
    [MemberData(nameof(DiscreteFiles))]
    public void DiscreteEnvironmentsReplayGymnasiumExactly(string file)
    {
        var root = GymFixtures.Load(file);
        string id = root.GetProperty("env_id").GetString()!;
        var raw = Make(id, root.GetProperty("kwargs"));
        Assert.Equal(id, raw.Id);
        int limit = root.GetProperty("max_episode_steps").GetInt32();
        IEnv<int, int> env = new TimeLimit<int, int>(raw, limit);
        Assert.Equal(root.GetProperty("observation_space").GetString(), env.ObservationSpace.ToString());
        Assert.Equal(root.GetProperty("action_space").GetString(), env.ActionSpace.ToString());
        int actions = raw.ActionCount;
        int episodes = 0, steps = 0;
        foreach (var episode in root.GetProperty("episodes").EnumerateArray())
        {
            long seed = episode.GetProperty("seed").GetInt64();
            var actionRng = new NumpyGenerator(episode.GetProperty("action_rng_seed").GetUInt64());
            var reset = env.Reset(seed);
            Assert.Equal(episode.GetProperty("initial_observation").GetInt32(), reset.Observation);
            CheckInfo(episode.GetProperty("initial_info"), reset.Info, $"{file} seed {seed} reset");
            int t = 0;
            foreach (var step in episode.GetProperty("steps").EnumerateArray())
            {
                string where = $"{file} seed {seed} step {t}";
                int action = (int)actionRng.Integers(0, actions);
                Assert.True(step.GetProperty("action").GetInt32() == action, $"{where}: action stream differs");
                var r = env.Step(action);
                Assert.True(step.GetProperty("observation").GetInt32() == r.Observation, $"{where}: observation {r.Observation}");
                var reward = step.GetProperty("reward");
                Assert.True(reward.GetDouble() == r.Reward, $"{where}: reward {r.Reward}, Gymnasium {reward.GetRawText()}");
                Assert.True(IsIntToken(reward) == raw.IntegerRewards, $"{where}: Gymnasium's reward {reward.GetRawText()} has another type");
                Assert.True(step.GetProperty("terminated").GetBoolean() == r.Terminated, $"{where}: terminated {r.Terminated}");
                Assert.True(step.GetProperty("truncated").GetBoolean() == r.Truncated, $"{where}: truncated {r.Truncated}");
                CheckInfo(step.TryGetProperty("info", out var info) ? info : default, r.Info, where);
                t++;
            }
            Assert.Equal(episode.GetProperty("length").GetInt32(), t);
            episodes++;
            steps += t;
        }
        Assert.Equal(3, episodes);
        Assert.True(steps >= 11, $"{file}: only {steps} steps replayed");
    }

    /// <summary>Whether a JSON number was written as a Python int (no fraction or exponent).</summary>
    private static bool IsIntToken(JsonElement e) => e.ValueKind == JsonValueKind.Number && !e.GetRawText().AsSpan().ContainsAny(".eE");

    private static void CheckInfo(JsonElement expected, EnvInfo actual, string where)
    {
        if (expected.ValueKind == JsonValueKind.Undefined || (expected.ValueKind == JsonValueKind.Object && !expected.EnumerateObject().Any()))
        {
            Assert.True(actual.Prob is null && actual.ActionMask is null, $"{where}: info should be empty");
            return;
        }
        Assert.True(actual.Prob == expected.GetProperty("prob").GetDouble(), $"{where}: info.prob {actual.Prob}, Gymnasium {expected.GetProperty("prob").GetRawText()}");
        if (expected.TryGetProperty("action_mask", out var mask))
            Assert.Equal(mask.EnumerateArray().Select(m => m.GetInt32()).ToArray(), actual.ActionMask);
        else Assert.Null(actual.ActionMask);
    }

    [SkippableFact]
    public void BlackjackReplaysGymnasiumExactly()
    {
        var root = GymFixtures.Load("Blackjack-v1.json");
        var kwargs = root.GetProperty("kwargs");
        var env = new Blackjack(kwargs.GetProperty("natural").GetBoolean(), kwargs.GetProperty("sab").GetBoolean());
        Assert.Equal(root.GetProperty("env_id").GetString(), env.Id);
        Assert.Equal(root.GetProperty("observation_space").GetString(), env.ObservationSpace.ToString());
        Assert.Equal(root.GetProperty("action_space").GetString(), env.ActionSpace.ToString());
        int steps = 0;
        foreach (var episode in root.GetProperty("episodes").EnumerateArray())
        {
            long seed = episode.GetProperty("seed").GetInt64();
            var actionRng = new NumpyGenerator(episode.GetProperty("action_rng_seed").GetUInt64());
            var reset = env.Reset(seed);
            AssertObservation(episode.GetProperty("initial_observation"), reset.Observation, $"seed {seed} reset");
            Assert.Same(EnvInfo.Empty, reset.Info);
            foreach (var step in episode.GetProperty("steps").EnumerateArray())
            {
                string where = $"seed {seed} step {steps}";
                int action = (int)actionRng.Integers(0, 2);
                Assert.Equal(step.GetProperty("action").GetInt32(), action);
                var r = env.Step(action);
                AssertObservation(step.GetProperty("observation"), r.Observation, where);
                var reward = step.GetProperty("reward");
                Assert.True(reward.GetDouble() == r.Reward, $"{where}: reward {r.Reward}, Gymnasium {reward.GetRawText()}");
                Assert.False(IsIntToken(reward), $"{where}: Gymnasium's Blackjack rewards are floats");
                Assert.False(env.IntegerRewards);
                Assert.Equal(step.GetProperty("terminated").GetBoolean(), r.Terminated);
                Assert.Equal(step.GetProperty("truncated").GetBoolean(), r.Truncated);
                steps++;
            }
        }
        Assert.Equal(4, steps);
    }

    private static void AssertObservation(JsonElement expected, BlackjackObservation actual, string where)
    {
        var v = expected.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.True(new BlackjackObservation(v[0], v[1], v[2] == 1) == actual, $"{where}: observation {actual}, Gymnasium [{string.Join(", ", v)}]");
    }
}
