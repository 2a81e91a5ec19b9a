using Glassbox.Plotting;
using Glassbox.RL;
using Glassbox.RL.Envs;
using Glassbox.RL.Spaces;
using Glassbox.RL.Algorithms;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The recipe of <c>bitflip-her</c>: the bit-flipping task of Andrychowicz et al. (2017, section 3.1) learned by
/// <see cref="GoalConditionedDqn"/> from <see cref="HindsightReplay"/>, once with the future strategy (k = 4) and once
/// without hindsight (k = 0), to show the shape of the paper's Figure 1.
/// </summary>
/// <remarks>
/// <para><b>Task</b> (<see cref="BitFlip"/> through <see cref="Gym.MakeBitFlip"/>). State s ∈ {0, 1}ⁿ and goal g ≠ s are drawn
/// uniformly at each reset; action i flips bit i; the reward is 0 when s' = g and −1 otherwise, and reaching g ends the
/// episode (success); otherwise the time limit ends it after n steps.
/// The observation and the achieved goal are both s, so the Q-network input is [s ‖ g] (2n values). A random policy
/// succeeds with probability about n·2⁻ⁿ (≈ 5·10⁻⁴ for n = 15): without hindsight every reward it sees is −1.</para>
/// <para><b>Schedule</b> (the paper's): an epoch is 50 cycles; a cycle runs 16 episodes side by side with ε-greedy actions
/// (ε = 0.2), stores them, then makes 40 Adam steps on minibatches of 128 and one Polyak step of the target network.
/// After each epoch the greedy policy is evaluated on 100 fresh episodes; the success rate is the fraction that reach g.</para>
/// </remarks>
public static class BitFlipHer
{
    /// <summary>One run's success rate after each epoch.</summary>
    public sealed record Curve(double[] SuccessRate, double Seconds);

    /// <summary>Trains for <paramref name="epochs"/> epochs on n = <paramref name="bits"/>; returns the success rate after each epoch.</summary>
    /// <param name="bits">n.</param>
    /// <param name="futureK">k of the future strategy; 0 trains without hindsight.</param>
    /// <param name="epochs">Epochs of 50 cycles.</param>
    /// <param name="seed">Seed of the agent, the task draws and the minibatch sampler.</param>
    /// <param name="cyclesPerEpoch">Cycles per epoch (50 in the paper).</param>
    /// <param name="onEpoch">Called with (epoch, success rate) after each evaluation.</param>
    public static Curve Train(int bits, int futureK, int epochs, ulong seed, int cyclesPerEpoch = 50, Action<int, double>? onEpoch = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var agent = new GoalConditionedDqn(2 * bits, bits, new GoalConditionedDqnOptions(), seed);
        var task = new BitFlip(bits); // its reward rule, for relabelling
        var buffer = new HindsightReplay(bits, bits, 1, (a, d) => (task.ComputeReward(a, d), task.IsSuccess(a, d)), futureK, terminateOnSuccess: true);
        var taskRng = new Generator(seed + 7919);
        var sampler = new Generator(seed + 104729);
        var success = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int cycle = 0; cycle < cyclesPerEpoch; cycle++)
            {
                foreach (var ep in RunEpisodes(agent, bits, 16, agent.Options.Epsilon, taskRng))
                    buffer.AddEpisode(ep.States, ep.States, ep.Goal, ep.Actions);
                for (int k = 0; k < 40; k++) agent.Update(buffer.Sample(agent.Options.BatchSize, sampler));
                agent.UpdateTarget();
            }
            var eval = RunEpisodes(agent, bits, 100, 0.0, taskRng);
            success[epoch] = eval.Count(e => e.Success) / (double)eval.Count;
            onEpoch?.Invoke(epoch + 1, success[epoch]);
        }
        return new Curve(success, clock.Elapsed.TotalSeconds);
    }


    private sealed record EpisodeData(float[] States, float[] Goal, float[] Actions, bool Success);

    // Runs `count` BitFlip-n episodes (Gym.MakeBitFlip: n-step limit) side by side, each reset with a seed drawn from
    // `rng`: one batched forward pass per time step over the episodes still running.
    private static List<EpisodeData> RunEpisodes(GoalConditionedDqn agent, int n, int count, double epsilon, Generator rng)
    {
        var envs = new IEnv<GoalObservation, int>[count];
        var obs = new GoalObservation[count];
        var states = new List<float>[count]; var actions = new List<float>[count];
        var done = new bool[count]; var succeeded = new bool[count];
        for (int e = 0; e < count; e++)
        {
            envs[e] = Gym.MakeBitFlip(n);
            obs[e] = envs[e].Reset(rng.NextLong(long.MaxValue)).Observation;
            states[e] = [.. obs[e].AchievedGoal]; actions[e] = [];
        }
        while (true)
        {
            var running = Enumerable.Range(0, count).Where(e => !done[e]).ToArray();
            if (running.Length == 0) break;
            var input = new float[running.Length * 2 * n];
            for (int k = 0; k < running.Length; k++)
            {
                obs[running[k]].Observation.CopyTo(input, k * 2 * n);
                obs[running[k]].DesiredGoal.CopyTo(input, k * 2 * n + n);
            }
            var act = agent.Act(Tensor.FromArray(input, running.Length, 2 * n), epsilon);
            for (int k = 0; k < running.Length; k++)
            {
                int e = running[k];
                var r = envs[e].Step(act[k]);
                obs[e] = r.Observation;
                states[e].AddRange(r.Observation.AchievedGoal);
                actions[e].Add(act[k]);
                if (r.Terminated) succeeded[e] = true;
                if (r.Terminated || r.Truncated) done[e] = true;
            }
        }
        return Enumerable.Range(0, count).Select(e => new EpisodeData([.. states[e]], obs[e].DesiredGoal, [.. actions[e]], succeeded[e])).ToList();
    }

    /// <summary>success.png/.svg: success rate per epoch, with and without HER, every seed and the mean of each.</summary>
    public static void SaveCurves(int bits, IReadOnlyList<Curve> her, IReadOnlyList<Curve> plain, ulong[] seeds, string folder)
    {
        var x = Enumerable.Range(1, her[0].SuccessRate.Length).Select(i => (double)i).ToArray();
        var chart = new LineChart { Title = $"Bit flipping, n = {bits}: DQN with and without HER (k = 4)", XLabel = "epoch (50 cycles of 16 episodes)", YLabel = "success rate (100 greedy episodes)" };
        double[] Mean(IReadOnlyList<Curve> c) => x.Select((_, i) => c.Average(r => r.SuccessRate[i])).ToArray();
        // Seeds first, means last, so the means are drawn on top.
        for (int k = 0; k < her.Count; k++) chart.Add($"HER seed {seeds[k]}", x, her[k].SuccessRate);
        for (int k = 0; k < plain.Count; k++) chart.Add($"DQN seed {seeds[k]}", x, plain[k].SuccessRate);
        chart.Add($"DQN + HER, mean of {her.Count}", x, Mean(her));
        chart.Add($"DQN, mean of {plain.Count}", x, Mean(plain));
        ClassifierTraining.Save(chart, folder, "success");
    }
}
