namespace Glassbox.RL.Algorithms;

/// <summary>Plays whole episodes with a fixed policy and no learning, for the evaluation numbers the milestones report.</summary>
public static class Evaluation
{
    /// <summary>
    /// The undiscounted returns of <paramref name="episodes"/> episodes of <paramref name="env"/> under
    /// <paramref name="act"/>: the first reset is seeded with <paramref name="seed"/>, later ones continue the
    /// environment's generator, as Gymnasium's evaluation loops do.
    /// </summary>
    public static double[] Returns<TAct>(IEnv<float[], TAct> env, Func<float[], TAct> act, int episodes, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(act);
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), $"Evaluation.Returns: episodes must be at least 1, got {episodes}");
        var returns = new double[episodes];
        for (int e = 0; e < episodes; e++)
        {
            var obs = (e == 0 ? env.Reset(seed) : env.Reset()).Observation;
            double total = 0;
            while (true)
            {
                var r = env.Step(act(obs));
                total += r.Reward;
                if (r.Terminated || r.Truncated) break;
                obs = r.Observation;
            }
            returns[e] = total;
        }
        return returns;
    }
}
