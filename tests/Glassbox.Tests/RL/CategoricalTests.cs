using Glassbox.Autograd;
using Glassbox.RL.Distributions;

namespace Glassbox.Tests.RL;

public class CategoricalTests
{
    private static Tensor D(double[] v, params int[] shape) => Tensor.FromArray(v, shape);

    [Fact]
    public void LogProbAndEntropyMatchTheDirectFormulas()
    {
        double[] logits = [1.0, 2.0, 3.0, 0.0, 0.0, Math.Log(2)];
        var dist = new Categorical(D(logits, 2, 3));
        var lp = dist.LogProb(Tensor.FromArray(new long[] { 2, 0 }, 2)).ToDoubleArray();
        // row 0: log softmax(1,2,3)[2] = 3 − log(e + e² + e³); row 1: probabilities 1/4, 1/4, 1/2
        Assert.Equal(3 - Math.Log(Math.E + Math.Exp(2) + Math.Exp(3)), lp[0], 1e-14);
        Assert.Equal(Math.Log(0.25), lp[1], 1e-14);
        var h = dist.Entropy().ToDoubleArray();
        double z = Math.E + Math.Exp(2) + Math.Exp(3);
        double h0 = -Enumerable.Range(1, 3).Sum(k => Math.Exp(k) / z * (k - Math.Log(z)));
        Assert.Equal(h0, h[0], 1e-14);
        Assert.Equal(-(0.25 * Math.Log(0.25) * 2 + 0.5 * Math.Log(0.5)), h[1], 1e-14);
        Assert.Equal([2, 2], dist.Mode().ToArray<long>());
        Assert.Equal([2], dist.BatchShape);
    }

    [Fact]
    public void GradientsOfLogProbAndEntropyPassGradCheck()
    {
        var logits = D([0.3, -1.2, 0.8, 2.0, 0.1, -0.4, 1.5, 0.0], 2, 4).RequiresGrad_();
        var actions = Tensor.FromArray(new long[] { 3, 1 }, 2);
        GradCheck.Assert(xs => new Categorical(xs[0]).LogProb(actions), [logits]);
        GradCheck.Assert(xs => new Categorical(xs[0]).Entropy(), [logits]);
        // The PPO-style combination: ratio·A − c·H, through one distribution object.
        GradCheck.Assert(xs =>
        {
            var d = new Categorical(xs[0]);
            return (d.LogProb(actions).Exp() * D([1.5, -0.5], 2)).Sum() - d.Entropy().Sum() * 0.01;
        }, [logits]);
    }

    [Fact]
    public void MaskedActionHasZeroProbabilityAndFiniteEntropyAndGradient()
    {
        var logits = D([0.5, double.NegativeInfinity, 0.5], 1, 3).RequiresGrad_();
        var dist = new Categorical(logits);
        var h = dist.Entropy();
        Assert.Equal(Math.Log(2), h.Item(), 1e-14);   // two equally likely actions left
        h.Sum().Backward();
        Assert.All(logits.Grad!.ToDoubleArray(), g => Assert.True(double.IsFinite(g)));
        var g = new Generator(4);
        Assert.DoesNotContain(1, dist.SampleIndices(g));
        for (int i = 0; i < 200; i++) Assert.NotEqual(1, dist.SampleIndices(g)[0]);
    }

    [Fact]
    public void SampleFrequenciesMatchTheProbabilitiesAndAreSeeded()
    {
        const int n = 20000;
        var dist = new Categorical(D([Math.Log(0.2), Math.Log(0.5), Math.Log(0.3)], 1, 3).Expand(n, 3).Contiguous());
        var samples = dist.SampleIndices(new Generator(9));
        double[] p = [0.2, 0.5, 0.3];
        for (int a = 0; a < 3; a++)
        {
            double freq = samples.Count(s => s == a) / (double)n;
            // binomial standard error √(p(1−p)/n) ≤ 0.0036; 5 of them is 0.018
            Assert.True(Math.Abs(freq - p[a]) < 0.018, $"action {a}: frequency {freq} vs {p[a]}");
        }
        Assert.Equal(samples, dist.SampleIndices(new Generator(9)));
        var t = dist.Sample(new Generator(9));
        Assert.Equal(DType.Int64, t.DType);
        Assert.Equal(samples.Select(s => (long)s), t.ToArray<long>());
    }

    [Fact]
    public void BadInputsNameTheProblem()
    {
        var dist = new Categorical(Tensor.Zeros([2, 3]));
        Assert.Contains("outside [0, 3)", Assert.Throws<ArgumentOutOfRangeException>(() => dist.LogProb(Tensor.FromArray(new long[] { 0, 3 }, 2))).Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => dist.LogProb(Tensor.Zeros([2]))).Message);
        Assert.Contains("batch shape", Assert.Throws<ArgumentException>(() => dist.LogProb(Tensor.FromArray(new long[] { 0 }, 1))).Message);
        Assert.Throws<ArgumentException>(() => new Categorical(Tensor.Scalar(1.0)));
        Assert.Contains("NaN", Assert.Throws<InvalidOperationException>(() => new Categorical(D([0, double.NaN], 1, 2)).SampleIndices(new Generator(0))).Message);
    }
}
