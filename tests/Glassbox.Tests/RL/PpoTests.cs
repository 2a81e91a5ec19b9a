using Glassbox.Autograd;
using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Tests.RL;

public class PpoTests
{
    private static Tensor D(params double[] v) => Tensor.FromArray(v, v.Length);

    [Fact]
    public void ClippedObjectiveMatchesAHandComputedBatch()
    {
        // Three samples: ratio 1.5 with Â = 1 (clipped at 1.2), ratio 0.6 with Â = −2 (clipped at 0.8), ratio 1.1 with
        // Â = 0.5 (inside the clip range).
        var newLp = D(Math.Log(0.6), Math.Log(0.3), Math.Log(0.55)).RequiresGrad_();
        var oldLp = D(Math.Log(0.4), Math.Log(0.5), Math.Log(0.5));
        var adv = D(1, -2, 0.5);
        var newV = D(1.0, 0.0, 0.3).RequiresGrad_();
        var oldV = D(0.5, 0.1, 0.2);
        var ret = D(2.0, -1.0, 0.25);
        var ent = D(0.5, 0.7, 0.6);
        var o = new PpoOptions { NormalizeAdvantages = false };
        var terms = Ppo.Loss(newLp, ent, newV, oldLp, adv, oldV, ret, o);
        // L_clip per sample: max(−Â·r, −Â·clip(r)) = max(−1.5, −1.2) = −1.2; max(1.2, 1.6) = 1.6; max(−0.55, −0.55) = −0.55
        double pg = (-1.2 + 1.6 - 0.55) / 3;
        // values: unclipped (V − R)² = 1, 1, 0.0025; clipped V_old + clip(V − V_old, ±0.2): 0.7 → 1.69, 0.0 → 1, 0.3 → 0.0025
        double vl = 0.5 * (1.69 + 1 + 0.0025) / 3;
        Assert.Equal(pg, terms.PolicyLoss, 1e-12);
        Assert.Equal(vl, terms.ValueLoss, 1e-12);
        Assert.Equal(0.6, terms.Entropy, 1e-12);
        Assert.Equal(pg - 0.01 * 0.6 + 0.5 * vl, terms.Loss.Item(), 1e-12);
        double kl = ((0.5 - Math.Log(1.5)) + (-0.4 - Math.Log(0.6)) + (0.1 - Math.Log(1.1))) / 3;
        Assert.Equal(kl, terms.ApproxKl, 1e-12);
        Assert.Equal(2.0 / 3, terms.ClipFraction, 1e-12);
        terms.Loss.Backward();
        // Clipped samples pass no policy gradient; the third gets ∂/∂logπ (−Â·r/3) = −0.5·1.1/3.
        var g = newLp.Grad!.ToDoubleArray();
        Assert.Equal(0.0, g[0], 1e-12);
        Assert.Equal(0.0, g[1], 1e-12);
        Assert.Equal(-0.5 * 1.1 / 3, g[2], 1e-12);
        // Value: sample 0 takes the clipped branch (V moved beyond ε from V_old), which is constant in V: no gradient.
        // Sample 1 moved less than ε, where both branches equal (V − R)²: ∂/∂V of c_V·½·(V − R)²/3 is c_V·(V − R)/3.
        var gv = newV.Grad!.ToDoubleArray();
        Assert.Equal(0.0, gv[0], 1e-12);
        Assert.Equal(0.5 * (0.0 - -1.0) / 3, gv[1], 1e-12);
    }

    [Fact]
    public void AdvantagesAreNormalisedWithTheUnbiasedStd()
    {
        // Ratios of exactly 1 (new = old): L_clip = −mean(Â_norm) = 0 whatever the scale, and its gradient is −Â_norm/B.
        var lp = D(-0.5, -1.0, -2.0, -0.1).RequiresGrad_();
        var adv = D(1, 2, 3, 6);
        var terms = Ppo.Loss(lp, D(0, 0, 0, 0), D(0, 0, 0, 0), lp.Detach(), adv, D(0, 0, 0, 0), D(0, 0, 0, 0), new PpoOptions());
        Assert.Equal(0.0, terms.PolicyLoss, 1e-12);
        terms.Loss.Backward();
        double mean = 3, sd = Math.Sqrt((4 + 1 + 0 + 9) / 3.0);
        var g = lp.Grad!.ToDoubleArray();
        double[] a = [1, 2, 3, 6];
        for (int i = 0; i < 4; i++) Assert.Equal(-(a[i] - mean) / (sd + 1e-8) / 4, g[i], 1e-12);
    }

    [Fact]
    public void LossIsDifferentiableEverywhereAwayFromTheClipEdges()
    {
        var newLp = D(-0.9, -1.3, -0.6).RequiresGrad_();
        var newV = D(0.4, -0.1, 0.1).RequiresGrad_();
        var ent = D(0.6, 0.5, 0.4).RequiresGrad_();
        GradCheck.Assert(xs => Ppo.Loss(xs[0], xs[2], xs[1], D(-1.0, -1.0, -1.0), D(1, -0.5, 2), D(0.3, 0.0, 0.5), D(1, 0, 0), new PpoOptions()).Loss,
            [newLp, newV, ent]);
    }

    private static Ppo Small(ulong seed) => new([Gym.MakeCartPole(), Gym.MakeCartPole()],
        new PpoOptions { NumSteps = 32, TotalTimesteps = 4 * 64, NumMinibatches = 2, UpdateEpochs = 2 }, seed);

    [Fact]
    public void SameSeedGivesTheSameLearningCurveAndWeights()
    {
        var a = Small(7); a.Train();
        var b = Small(7); b.Train();
        var c = Small(8); c.Train();
        Assert.Equal(4, a.Updates.Count);
        Assert.Equal(a.Episodes, b.Episodes);
        Assert.Equal(a.Updates, b.Updates);
        Assert.Equal(a.Agent.Actor[0] is Glassbox.NN.Linear l ? l.Weight.ToArray<float>() : null, b.Agent.Actor[0] is Glassbox.NN.Linear m ? m.Weight.ToArray<float>() : null);
        Assert.NotEqual(a.Episodes, c.Episodes);
        // The learning rate is annealed linearly from 2.5e-4 over 4 iterations: 1, 3/4, 1/2, 1/4 of it.
        Assert.Equal([2.5e-4, 1.875e-4, 1.25e-4, 0.625e-4], a.Updates.Select(u => u.LearningRate));
        Assert.Equal(256, a.Envs.TotalSteps);
    }

    [Fact]
    public void WrongSpacesAndOptionsAreRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Ppo([Gym.MakeCartPole()], new PpoOptions { NumSteps = 10, NumMinibatches = 3 }));
        Assert.Contains("NumMinibatches", e.Message);
    }
}
