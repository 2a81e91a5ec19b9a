using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;
using Glassbox.RL.Networks;

namespace Glassbox.Tests.RL;

public class DqnTests
{
    private static Tensor D(double[] v, params int[] shape) => Tensor.FromArray(v, shape);

    private static void Close(IEnumerable<double> expected, IEnumerable<double> actual, double tol)
    {
        var e = expected.ToArray(); var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= tol, $"element {i}: expected {e[i]}, got {a[i]}");
    }

    private static void Close(float[] expected, float[] actual, double tol) => Close(expected.Select(v => (double)v), actual.Select(v => (double)v), tol);

    [Fact]
    public void TdTargetsOfDqnAndDoubleDqn()
    {
        var rewards = D([1.0, 0.5], 2);
        var terminated = D([0.0, 1.0], 2);
        var nextTarget = D([1, 3, 2, 0], 2, 2);
        var nextOnline = D([5, 0, 0, 1], 2, 2);
        // DQN: r + γ·max_a′ Q⁻(s′, a′) = 1 + 0.9·3; the terminated sample keeps its reward only.
        Close([3.7, 0.5], Dqn.TdTarget(rewards, terminated, nextTarget, null, 0.9).ToDoubleArray(), 1e-12);
        // Double DQN: the online network picks a′ = 0 for the first sample, and Q⁻(s′, 0) = 1 is used: 1 + 0.9·1.
        Close([1.9, 0.5], Dqn.TdTarget(rewards, terminated, nextTarget, nextOnline, 0.9).ToDoubleArray(), 1e-12);
    }

    [Fact]
    public void MseAndHuberLossesOnTheTakenActions()
    {
        var q = D([1, 2, 3, 4], 2, 2).RequiresGrad_();
        var actions = Tensor.FromArray(new long[] { 1, 0 }, 2);
        var target = D([3.7, 0.5], 2);
        // TD errors Q(s, a) − y: 2 − 3.7 = −1.7 and 3 − 0.5 = 2.5
        Assert.Equal((1.7 * 1.7 + 2.5 * 2.5) / 2, Dqn.Loss(q, actions, target, DqnLoss.Mse).Item(), 1e-12);
        // Huber δ = 1: |x| − ½ beyond 1
        var huber = Dqn.Loss(q, actions, target, DqnLoss.Huber);
        Assert.Equal((1.2 + 2.0) / 2, huber.Item(), 1e-12);
        huber.Backward();
        // gradient sign(x)/B on the taken actions only (both errors are beyond δ)
        Close([0.0, -0.5, 0.5, 0.0], q.Grad!.ToDoubleArray(), 1e-12);
    }

    [Fact]
    public void EpsilonFallsLinearlyOverHalfOfTraining()
    {
        var o = new DqnOptions();
        Assert.Equal(1.0, o.Epsilon(0));
        Assert.Equal(1 - 0.95 / 2, o.Epsilon(125_000), 1e-12);
        Assert.Equal(0.05, o.Epsilon(250_000), 1e-12);
        Assert.Equal(0.05, o.Epsilon(400_000), 1e-12);
    }

    [Fact]
    public void DuelingHeadRecombinesValueAndMeanCentredAdvantage()
    {
        var net = new QNetwork(4, 3, new Generator(1), dueling: true);
        var plain = new QNetwork(4, 3, new Generator(1));
        Assert.Equal(plain.ParameterCount + 84 + 1, net.ParameterCount);   // the value head: 84 weights and a bias
        var x = Tensor.Randn([5, 4], DType.Float32, new Generator(2));
        var q = net.Forward(x);
        Assert.Equal([5, 3], q.ShapeToArray());
        // Q(s, ·) − mean_a Q(s, a) is the advantage stream minus its mean, so the mean of Q over actions is V(s):
        // shifting the advantage head's bias by a constant must leave Q unchanged.
        var head = (Glassbox.NN.Linear)net.NamedChildren().First(c => c.Name == "head").Module;
        using (Glassbox.Autograd.GradMode.NoGrad()) head.Bias!.CopyFrom(head.Bias! + 5.0);
        Close(q.ToArray<float>(), net.Forward(x).ToArray<float>(), 1e-5);
    }

    private static Dqn Small(ulong seed, bool doubleQ = false, bool dueling = false) => new([Gym.MakeCartPole()], new DqnOptions
    {
        TotalTimesteps = 600, LearningStarts = 200, BufferSize = 300, BatchSize = 32, TrainFrequency = 4, TargetNetworkFrequency = 50,
        DoubleQ = doubleQ, Dueling = dueling, Loss = DqnLoss.Huber,
    }, seed);

    [Fact]
    public void SameSeedGivesTheSameEpisodesAndWeights()
    {
        foreach (var (dbl, duel) in new[] { (false, false), (true, true) })
        {
            var a = Small(3, dbl, duel); a.Train();
            var b = Small(3, dbl, duel); b.Train();
            Assert.Equal(600, a.GlobalStep);
            Assert.True(a.Episodes.Count > 5);
            Assert.Equal(a.Episodes, b.Episodes);
            Assert.Equal(a.LossHistory, b.LossHistory);
            Assert.Equal(a.QNetwork.Parameters().SelectMany(p => p.ToArray<float>()), b.QNetwork.Parameters().SelectMany(p => p.ToArray<float>()));
            // After the last target update (step 600) the target network is an exact copy of the online one.
            Assert.Equal(a.QNetwork.Parameters().SelectMany(p => p.ToArray<float>()), a.TargetNetwork.Parameters().SelectMany(p => p.ToArray<float>()));
        }
        var c = Small(4); c.Train();
        var d = Small(3); d.Train();
        Assert.NotEqual(d.Episodes, c.Episodes);
    }
}
