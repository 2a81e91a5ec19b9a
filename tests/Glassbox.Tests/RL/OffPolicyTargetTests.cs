using Glassbox.NN;
using Glassbox.RL.Algorithms;

namespace Glassbox.Tests.RL;

/// <summary>
/// Each algorithm's critic target on a hand-built batch of three transitions (the middle one terminal), recomputed here
/// from the networks' weights with plain float64 loops: the MLPs by hand, then the algorithm's target rule.
/// </summary>
public class OffPolicyTargetTests
{
    private static readonly float[] Low = [-2f], High = [2f];
    private static readonly double[] Obs = [0.5, -0.2, 1.0, -1.0, 0.3, 0.7, 0.1, 0.9, -0.4];
    private static readonly double[] NextObs = [0.4, 0.1, -0.8, 0.9, -0.6, 0.2, -0.3, -0.5, 0.6];
    private static readonly double[] Rewards = [-1.5, -0.25, -3.0];
    private static readonly double[] Terminated = [0, 1, 0];
    private const double Gamma = 0.99;

    private static Tensor T(double[] v, params int[] shape) => Tensor.FromArray(v, shape);

    // y = W·x + b for one layer, with W [out, in] row-major as in Linear.
    private static double[] Dense(Module m, string layer, double[] x)
    {
        var p = m.NamedParameters().ToDictionary(kv => kv.Name, kv => kv.Parameter);
        var w = p[layer + ".weight"].ToArray<double>();
        var b = p[layer + ".bias"].ToArray<double>();
        var y = new double[b.Length];
        for (int o = 0; o < y.Length; o++)
        {
            double s = b[o];
            for (int i = 0; i < x.Length; i++) s += w[o * x.Length + i] * x[i];
            y[o] = s;
        }
        return y;
    }

    private static double[] Relu(double[] x) => x.Select(v => Math.Max(v, 0)).ToArray();
    private static double[] Row(double[] v, int r, int width) => v.Skip(r * width).Take(width).ToArray();

    private static double Q(Module q, double[] s, double a) => Dense(q, "fc3", Relu(Dense(q, "fc2", Relu(Dense(q, "fc1", [.. s, a])))))[0];

    // μ(s) = tanh(fc_mu(h))·2 for the box [−2, 2].
    private static double Mu(Module actor, double[] s) => Math.Tanh(Dense(actor, "fc_mu", Relu(Dense(actor, "fc2", Relu(Dense(actor, "fc1", s)))))[0]) * 2;

    [Fact]
    public void DdpgTargetIsRewardPlusDiscountedTargetCriticAtTargetAction()
    {
        var agent = new Ddpg(3, Low, High, new DdpgOptions { Hidden = 8 }, seed: 3, dtype: DType.Float64);
        var y = agent.TargetQ(T(Rewards, 3), T(NextObs, 3, 3), T(Terminated, 3)).ToArray<double>();
        for (int r = 0; r < 3; r++)
        {
            var s = Row(NextObs, r, 3);
            double expected = Rewards[r] + Gamma * (1 - Terminated[r]) * Q(agent.Qf1Target, s, Mu(agent.ActorTarget, s));
            Assert.Equal(expected, y[r], 1e-12); // float64, a dozen sums of ≤ 11 terms: rounding ~1e-15
        }
        Assert.Equal(Rewards[1], y[1]); // terminal: no bootstrap at all
    }

    [Fact]
    public void Td3TargetSmoothsClipsAndTakesTheSmallerTwin()
    {
        var agent = new Td3(3, Low, High, new Td3Options { Hidden = 8 }, seed: 4, dtype: DType.Float64);
        // ε = 3 → 0.2·3 = 0.6, clipped to 0.5, times the half-range 2 → +1.0; ε = −0.1 → −0.04; ε = −4 → −0.5·2 = −1.0.
        double[] eps = [3.0, -0.1, -4.0], shift = [1.0, -0.04, -1.0];
        var y = agent.TargetQ(T(Rewards, 3), T(NextObs, 3, 3), T(Terminated, 3), T(eps, 3, 1)).ToArray<double>();
        for (int r = 0; r < 3; r++)
        {
            var s = Row(NextObs, r, 3);
            double a = Math.Clamp(Mu(agent.ActorTarget, s) + shift[r], -2, 2);
            double q = Math.Min(Q(agent.Qf1Target, s, a), Q(agent.Qf2Target, s, a));
            Assert.Equal(Rewards[r] + Gamma * (1 - Terminated[r]) * q, y[r], 1e-12);
        }
        // The action clip binds: push the target action out of the box with a huge shift and check it is cut at +2.
        var sat = agent.TargetQ(T([0.0], 1), T(Row(NextObs, 0, 3), 1, 3), T([0.0], 1), T([1e6], 1, 1)).ToArray<double>()[0];
        var s0 = Row(NextObs, 0, 3);
        double aSat = Math.Min(Mu(agent.ActorTarget, s0) + 1.0, 2.0);
        Assert.Equal(Gamma * Math.Min(Q(agent.Qf1Target, s0, aSat), Q(agent.Qf2Target, s0, aSat)), sat, 1e-12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SacTargetIsTheSoftValueOfTheSmallerTwin(bool autotune)
    {
        var agent = new Sac(3, Low, High, new SacOptions { Hidden = 8, Autotune = autotune }, seed: 5, dtype: DType.Float64);
        double alpha = autotune ? 1.0 : 0.2; // autotuning starts from log α = 0
        Assert.Equal(alpha, agent.Alpha);
        double[] eps = [0.3, -1.2, 2.0];
        var y = agent.TargetQ(T(Rewards, 3), T(NextObs, 3, 3), T(Terminated, 3), T(eps, 3, 1)).ToArray<double>();
        for (int r = 0; r < 3; r++)
        {
            var s = Row(NextObs, r, 3);
            var h = Relu(Dense(agent.Actor, "fc2", Relu(Dense(agent.Actor, "fc1", s))));
            double mu = Dense(agent.Actor, "fc_mean", h)[0];
            double logStd = -5 + 0.5 * 7 * (Math.Tanh(Dense(agent.Actor, "fc_logstd", h)[0]) + 1);
            double u = mu + Math.Exp(logStd) * eps[r], t = Math.Tanh(u), a = 2 * t;
            double logPi = -0.5 * eps[r] * eps[r] - logStd - 0.5 * Math.Log(2 * Math.PI) - Math.Log(2 * (1 - t * t));
            double soft = Math.Min(Q(agent.Qf1Target, s, a), Q(agent.Qf2Target, s, a)) - alpha * logPi;
            Assert.Equal(Rewards[r] + Gamma * (1 - Terminated[r]) * soft, y[r], 1e-11);
        }
    }

    [Fact]
    public void PolyakBlendsEveryParameterAndCopiesAtTauOne()
    {
        var source = new Linear(3, 4, generator: new Generator(1));
        var target = new Linear(3, 4, generator: new Generator(2));
        var s = source.Parameters().SelectMany(p => p.ToArray<float>()).ToArray();
        var t = target.Parameters().SelectMany(p => p.ToArray<float>()).ToArray();
        Polyak.Update(target, source, 0.25);
        var after = target.Parameters().SelectMany(p => p.ToArray<float>()).ToArray();
        for (int i = 0; i < s.Length; i++) Assert.Equal(0.25f * s[i] + 0.75f * t[i], after[i]); // the same float32 operations: exact
        Polyak.Copy(target, source);
        Assert.Equal(s, target.Parameters().SelectMany(p => p.ToArray<float>()).ToArray());
        Assert.Equal(s, source.Parameters().SelectMany(p => p.ToArray<float>()).ToArray()); // the source is untouched
        var ex = Assert.Throws<ArgumentException>(() => Polyak.Update(new Linear(3, 5), source, 0.1));
        Assert.Contains("weight", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Polyak.Update(target, source, 1.5));
    }

    [Fact]
    public void MalformedMinibatchIsRejectedWithTheShapes()
    {
        var agent = new Sac(3, Low, High, new SacOptions { Hidden = 8 }, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() => agent.Update(Tensor.Zeros([4, 3]), Tensor.Zeros([4, 1]), Tensor.Zeros([4, 1]), Tensor.Zeros([4, 3]), Tensor.Zeros([4])));
        Assert.Contains("Sac.Update", ex.Message);
        Assert.Contains("[4, 1]", ex.Message);
    }
}
