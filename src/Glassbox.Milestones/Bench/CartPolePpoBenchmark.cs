using System.Diagnostics;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Milestones.Bench;

/// <summary>The outcome of <see cref="CartPolePpoBenchmark.Run"/>.</summary>
/// <param name="Seconds">Wall time of the whole training run (environment steps, acting and updates).</param>
/// <param name="Steps">Environment steps taken (the requested count rounded down to whole 512-step iterations).</param>
/// <param name="Iterations">PPO iterations.</param>
/// <param name="Episodes">Training episodes finished.</param>
/// <param name="FinalMeanReturn">Mean return of the last 100 training episodes (fewer if fewer finished).</param>
public sealed record CartPolePpoBenchResult(double Seconds, long Steps, int Iterations, int Episodes, double FinalMeanReturn);

/// <summary>
/// The Glassbox side of <c>glassbox bench cartpole-ppo</c>: wall time of CleanRL's <c>ppo.py</c> recipe
/// (<see cref="PpoOptions"/> defaults, 4 CartPole-v1 environments) to a given number of environment steps, timed as
/// tools/reference/bench_cartpole_ppo_torch.py times the same recipe in PyTorch with a NumPy CartPole. The learning-rate
/// schedule anneals over the requested steps, as CleanRL's does over <c>total_timesteps</c>.
/// </summary>
public static class CartPolePpoBenchmark
{
    /// <summary>Trains PPO from scratch for <paramref name="steps"/> environment steps with <paramref name="seed"/>.</summary>
    public static CartPolePpoBenchResult Run(long steps, ulong seed)
    {
        var options = new PpoOptions { TotalTimesteps = steps };
        var clock = Stopwatch.StartNew();
        var ppo = new Ppo(Enumerable.Range(0, options.NumEnvs).Select(_ => Gym.MakeCartPole()).ToArray(), options, seed);
        ppo.Train();
        double seconds = clock.Elapsed.TotalSeconds;
        var eps = ppo.Episodes;
        double final = eps.Count == 0 ? double.NaN : eps.Skip(Math.Max(0, eps.Count - 100)).Average(e => e.Return);
        return new CartPolePpoBenchResult(seconds, ppo.Envs.TotalSteps, ppo.Updates.Count, eps.Count, final);
    }
}
