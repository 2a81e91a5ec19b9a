using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Tests.RL;

/// <summary>REINFORCE, A2C and continuous PPO: losses on hand-computed batches and determinism per seed.</summary>
public class PolicyGradientTests
{
    private static Tensor D(params double[] v) => Tensor.FromArray(v, v.Length);

    [Fact]
    public void ReturnsToGoDiscountBackwards()
    {
        Assert.Equal([1.75, 1.5, 1.0], Reinforce.ReturnsToGo([1.0, 1.0, 1.0], 0.5));
        Assert.Equal([6.0, 5.0, 3.0], Reinforce.ReturnsToGo([1.0, 2.0, 3.0], 1.0));
    }

    [Fact]
    public void ReinforceLossWithBaselineMatchesHandComputation()
    {
        var logp = D(Math.Log(0.5), Math.Log(0.25)).RequiresGrad_();
        var baseline = D(1.5, 1.5).RequiresGrad_();
        var returns = D(2, 1);
        var o = new ReinforceOptions { NormalizeAdvantages = false, BaselineCoef = 0.5 };
        var loss = Reinforce.Loss(logp, D(0.3, 0.2), returns, baseline, o);
        // weights G − b = (0.5, −0.5), constants; −mean(w·log π) + c_b·mean((b − G)²)
        double expected = -(0.5 * Math.Log(0.5) - 0.5 * Math.Log(0.25)) / 2 + 0.5 * (0.25 + 0.25) / 2;
        Assert.Equal(expected, loss.Item(), 1e-12);
        loss.Backward();
        Assert.Equal([-0.25, 0.25], logp.Grad!.ToDoubleArray());               // −w/B
        Assert.Equal([-0.25, 0.25], baseline.Grad!.ToDoubleArray());           // c_b·2(b − G)/B; nothing through the weights
        // Without a baseline the weights are the returns themselves.
        var plain = Reinforce.Loss(D(Math.Log(0.5), Math.Log(0.25)), D(0, 0), returns, null, o with { Baseline = false });
        Assert.Equal(-(2 * Math.Log(0.5) + Math.Log(0.25)) / 2, plain.Item(), 1e-12);
    }

    [Fact]
    public void A2cLossMatchesHandComputation()
    {
        var logp = D(-0.5, -1.0).RequiresGrad_();
        var value = D(1.0, 2.0).RequiresGrad_();
        var loss = A2c.Loss(logp, D(0.6, 0.4), value, D(2.0, -1.0), D(3.0, 1.0), new A2cOptions { EntropyCoef = 0.01, ValueCoef = 0.5 });
        // −mean(A·log π) − 0.01·mean H + 0.5·mean((V − R)²) = −(−1 + 1)/2 − 0.005 + 0.5·(4 + 1)/2
        Assert.Equal(-0.005 + 1.25, loss.Item(), 1e-12);
        loss.Backward();
        Assert.Equal([-1.0, 0.5], logp.Grad!.ToDoubleArray());     // −A/B
        Assert.Equal([-1.0, 0.5], value.Grad!.ToDoubleArray());    // c_V·2(V − R)/B
    }

    [Fact]
    public void ReinforceAndA2cAreDeterministicPerSeed()
    {
        Reinforce R(ulong s) { var r = new Reinforce(Gym.MakeCartPole(), new ReinforceOptions { TotalTimesteps = 1500, EpisodesPerUpdate = 2 }, s); r.Train(); return r; }
        var (r1, r2, r3) = (R(5), R(5), R(6));
        Assert.Equal(r1.Episodes, r2.Episodes);
        Assert.NotEqual(r1.Episodes, r3.Episodes);
        Assert.Equal(r1.Agent.Parameters().SelectMany(p => p.ToArray<float>()), r2.Agent.Parameters().SelectMany(p => p.ToArray<float>()));

        A2c A(ulong s) { var a = new A2c([Gym.MakeCartPole(), Gym.MakeCartPole()], new A2cOptions { TotalTimesteps = 1000 }, s); a.Train(); return a; }
        var (a1, a2, a3) = (A(5), A(5), A(6));
        Assert.Equal(1000, a1.Envs.TotalSteps);
        Assert.Equal(a1.Episodes, a2.Episodes);
        Assert.NotEqual(a1.Episodes, a3.Episodes);
        Assert.Equal(a1.Agent.Parameters().SelectMany(p => p.ToArray<float>()), a2.Agent.Parameters().SelectMany(p => p.ToArray<float>()));
    }

    [Fact]
    public void ContinuousPpoIsDeterministicReportsRawReturnsAndLearnsItsLogStd()
    {
        PpoContinuous P(ulong s)
        {
            var p = new PpoContinuous([Gym.MakePendulum()], PpoContinuous.Defaults with { NumSteps = 128, NumMinibatches = 4, UpdateEpochs = 2, TotalTimesteps = 512 }, s);
            p.Train();
            return p;
        }
        var (p1, p2, p3) = (P(2), P(2), P(3));
        Assert.Equal(4, p1.Updates.Count);
        Assert.Equal(2, p1.Episodes.Count);   // Pendulum episodes are 200 steps: two end within 512
        Assert.Equal(p1.Episodes, p2.Episodes);
        Assert.NotEqual(p1.Episodes, p3.Episodes);
        // RecordEpisodeStatistics sits under the reward normalisation: returns are Pendulum's own (−16.3 ≤ r ≤ 0 per
        // step), far below the ±10-per-step range the normalised and clipped rewards would allow… and never positive.
        Assert.All(p1.Episodes, e => Assert.True(e.Return < -100 && e.Length == 200, $"return {e.Return}, length {e.Length}"));
        var logStd = p1.Agent.ActorLogStd.ToArray<float>();
        Assert.NotEqual(0f, logStd[0]);
        Assert.Equal(logStd, p2.Agent.ActorLogStd.ToArray<float>());
        Assert.ThrowsAny<ArgumentException>(() => new PpoContinuous(new[] { Gym.MakePendulum() }, PpoContinuous.Defaults with { NumSteps = 16, NumMinibatches = 32 }));
    }
}
