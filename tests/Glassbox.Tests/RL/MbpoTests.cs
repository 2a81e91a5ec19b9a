using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;
using Glassbox.RL.Models;

namespace Glassbox.Tests.RL;

/// <summary>MBPO's plumbing: the model's regression data, branched rollouts with and without termination, and a seeded run reproduced exactly.</summary>
public class MbpoTests
{
    private static MbpoOptions Tiny => new()
    {
        Sac = new SacOptions { Hidden = 16, BatchSize = 32, LearningStarts = 100 },
        Model = new EnsembleOptions { Members = 3, Elites = 2, Hidden = 16, HiddenLayers = 2, MaxEpochs = 3 },
        ModelTrainFrequency = 100, RolloutBatchSize = 50, UpdatesPerStep = 2,
    };

    private static ReplayBuffer FilledBuffer(int n)
    {
        var buffer = new ReplayBuffer(n, 3, 1);
        var env = Gym.MakePendulum();
        env.ActionSpace.Seed(1);
        var obs = env.Reset(1).Observation;
        for (int i = 0; i < n; i++)
        {
            var action = env.ActionSpace.Sample();
            var r = env.Step(action);
            buffer.Add(obs, action, r.Reward, r.Observation, r.Terminated);
            obs = r.Observation;
        }
        return buffer;
    }

    [Fact]
    public void ModelDataIsStateActionToStateChangeAndReward()
    {
        var buffer = new ReplayBuffer(2, 2, 1);
        buffer.Add([1f, 2f], [0.5f], -3.0, [1.5f, 1f], false);
        buffer.Add([0f, -1f], [-2f], 4.0, [0.25f, -1f], true);
        var (inputs, targets) = Mbpo.ModelData(buffer.Gather([0, 1]));
        Assert.Equal([1f, 2f, 0.5f, 0f, -1f, -2f], inputs.ToArray<float>());
        Assert.Equal([0.5f, -1f, -3f, 0.25f, 0f, 4f], targets.ToArray<float>());
    }

    [Fact]
    public void RolloutsWithoutTerminationRunTheirFullLength()
    {
        var mbpo = new Mbpo(3, [-2f], [2f], Tiny with { RolloutLength = 3 }, seed: 2);
        var real = FilledBuffer(200);
        mbpo.FitModel(real);
        var imagined = new ReplayBuffer(1000, 3, 1);
        mbpo.Rollout(real, imagined, new Generator(3));
        Assert.Equal(150, imagined.Count); // 50 start states × 3 steps
        var all = imagined.Gather(Enumerable.Range(0, 150).ToArray());
        Assert.All(all.Terminated.ToArray<float>(), t => Assert.Equal(0f, t));
        // Step t + 1 of a rollout starts where step t ended: row 50 + i continues row i.
        var obs = all.Observations.ToArray<float>();
        var next = all.NextObservations.ToArray<float>();
        for (int j = 0; j < 3; j++) Assert.Equal(next[7 * 3 + j], obs[(50 + 7) * 3 + j]);
    }

    [Fact]
    public void TerminatedRolloutRowsAreMarkedAndNotContinued()
    {
        // A predicate ending every imagined transition whose next angular velocity is positive.
        var mbpo = new Mbpo(3, [-2f], [2f], Tiny with { RolloutLength = 4 }, seed: 2, isTerminal: s => s[2] > 0);
        var real = FilledBuffer(200);
        mbpo.FitModel(real);
        var imagined = new ReplayBuffer(1000, 3, 1);
        mbpo.Rollout(real, imagined, new Generator(3));
        var all = imagined.Gather(Enumerable.Range(0, imagined.Count).ToArray());
        var next = all.NextObservations.ToArray<float>();
        var done = all.Terminated.ToArray<float>();
        int ended = 0;
        for (int i = 0; i < imagined.Count; i++)
        {
            Assert.Equal(next[i * 3 + 2] > 0 ? 1f : 0f, done[i]);
            ended += (int)done[i];
        }
        Assert.True(ended > 0 && ended < imagined.Count);
        Assert.True(imagined.Count < 200); // fewer than 50 × 4: ended rows were dropped
    }

    [Fact]
    public void SameSeedGivesTheSameRunBitForBit()
    {
        (double[] Returns, float[] Actor, int Fits) Run()
        {
            var mbpo = new Mbpo(3, [-2f], [2f], Tiny, seed: 5);
            int fits = 0;
            var result = mbpo.Train(() => Gym.MakePendulum(), new OffPolicyRunOptions(300, 150, EvaluationEpisodes: 2), 5, onModelFit: (_, _) => fits++);
            Assert.Equal(2 * 201, result.Updates); // steps 100..300 inclusive of the warm-up's last step: 201 steps × G = 2
            var actor = mbpo.Agent.Actor.Parameters().SelectMany(p => p.ToArray<float>()).ToArray();
            return (result.Evaluations.Select(e => e.MeanReturn).ToArray(), actor, fits);
        }
        var a = Run();
        var b = Run();
        Assert.Equal(3, a.Fits); // at steps 100, 200, 300
        Assert.Equal(a.Returns, b.Returns);
        Assert.Equal(a.Actor, b.Actor);
    }
}
