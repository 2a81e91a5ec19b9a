using Glassbox.RL.Algorithms;

namespace Glassbox.Tests.RL;

public class GaeTests
{
    [Fact]
    public void RecursionEqualsTheDirectSumOfDiscountedTdErrorsCutAtEpisodeEnds()
    {
        // T = 6 steps, N = 2 environments; environment 0 starts a new episode at t = 3, environment 1 at t = 5 and
        // the observation after the rollout is also a fresh start for environment 1.
        const int T = 6, N = 2;
        double gamma = 0.9, lambda = 0.8;
        var g = new Generator(3);
        var rewards = Enumerable.Range(0, T * N).Select(_ => g.NextDouble() * 2 - 1).ToArray();
        var values = Enumerable.Range(0, T * N).Select(_ => g.NextDouble() * 4).ToArray();
        var dones = new bool[T * N];
        dones[3 * N + 0] = true;
        dones[5 * N + 1] = true;
        double[] nextValue = [1.5, -0.5];
        bool[] nextDone = [false, true];
        var adv = new double[T * N];
        var ret = new double[T * N];
        Gae.Compute(rewards, values, dones, nextValue, nextDone, gamma, lambda, adv, ret);

        for (int e = 0; e < N; e++)
            for (int t = 0; t < T; t++)
            {
                // Â_t = Σ_l (γλ)^l δ_{t+l}, where δ_k bootstraps from V(s_{k+1}) unless s_{k+1} starts a new episode,
                // and the sum stops after the first δ whose successor starts a new episode.
                double expected = 0, weight = 1;
                for (int k = t; k < T; k++)
                {
                    bool nextStarts = k == T - 1 ? nextDone[e] : dones[(k + 1) * N + e];
                    double vNext = k == T - 1 ? nextValue[e] : values[(k + 1) * N + e];
                    double delta = rewards[k * N + e] + (nextStarts ? 0 : gamma * vNext) - values[k * N + e];
                    expected += weight * delta;
                    if (nextStarts) break;
                    weight *= gamma * lambda;
                }
                Assert.Equal(expected, adv[t * N + e], 1e-12);
                Assert.Equal(expected + values[t * N + e], ret[t * N + e], 1e-12);
            }
    }

    [Fact]
    public void LambdaOneGammaOneGivesMonteCarloReturnMinusValue()
    {
        // One environment, no episode end: R_t = Σ_{k≥t} r_k + V(s_T).
        double[] r = [1, 2, 3], v = [10, 20, 30];
        var adv = new double[3];
        var ret = new double[3];
        Gae.Compute(r, v, new bool[3], [5.0], [false], 1, 1, adv, ret);
        Assert.Equal([11.0, 10.0, 8.0], ret);
        Assert.Equal([1.0, -10.0, -22.0], adv);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Gae.Compute(new double[6], new double[5], new bool[6], new double[2], new bool[2], 0.9, 0.9, new double[6], new double[6]));
        Assert.Contains("Gae.Compute", e.Message);
    }
}
