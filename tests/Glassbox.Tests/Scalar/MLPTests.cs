using Glassbox.Milestones.Recipes;
using Glassbox.Scalar;

namespace Glassbox.Tests.Scalar;

/// <summary>Neuron / Layer / MLP structure, initialisation, and training on the moons.</summary>
public class MLPTests
{
    [Fact]
    public void ShapesParameterCountAndInitialisation()
    {
        var mlp = new MLP(2, [16, 16, 1], new Generator(1).NextDouble);
        // (2·16 + 16) + (16·16 + 16) + (16·1 + 1) = 48 + 272 + 17
        Assert.Equal(337, mlp.Parameters().Count);
        Assert.Equal([Activation.Relu, Activation.Relu, Activation.Linear], mlp.Layers.Select(l => l.Neurons[0].Activation));
        foreach (var n in mlp.Layers.SelectMany(l => l.Neurons))
        {
            Assert.All(n.Weights, w => Assert.InRange(w.Data, -1.0, 1.0));
            Assert.Equal(0.0, n.Bias.Data);
        }
        // The same seed gives the same network.
        var again = new MLP(2, [16, 16, 1], new Generator(1).NextDouble);
        Assert.Equal(mlp.Parameters().Select(p => p.Data), again.Parameters().Select(p => p.Data));
    }

    [Fact]
    public void NeuronComputesActivationOfAffineMapAndItsGradient()
    {
        var n = new Neuron(3, Activation.Tanh, new Generator(5).NextDouble);
        double[] x = [0.5, -1.0, 2.0];
        var xv = x.Select(v => new Value(v)).ToArray();
        var y = n.Forward(xv);
        double z = n.Bias.Data + n.Weights.Select((w, i) => w.Data * x[i]).Sum();
        Assert.Equal(Math.Tanh(z), y.Data, 1e-15);
        Assert.Equal(Math.Tanh(z), n.Evaluate(x), 1e-15);
        y.Backward();
        double dz = 1 - Math.Tanh(z) * Math.Tanh(z);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(dz * x[i], n.Weights[i].Grad, 1e-15);     // ∂y/∂wᵢ = φ'(z)·xᵢ
            Assert.Equal(dz * n.Weights[i].Data, xv[i].Grad, 1e-15); // ∂y/∂xᵢ = φ'(z)·wᵢ
        }
        Assert.Equal(dz, n.Bias.Grad, 1e-15);
        n.ZeroGrad();
        Assert.All(n.Parameters(), p => Assert.Equal(0.0, p.Grad));
    }

    [Fact]
    public void GraphForwardAndEvaluateAgree()
    {
        var mlp = new MLP(3, [4, 5, 2], new Generator(9).NextDouble, Activation.Tanh);
        double[] x = [0.3, -0.8, 1.1];
        var graph = mlp.Forward(x).Select(v => v.Data).ToArray();
        var plain = mlp.Evaluate(x);
        Assert.Equal(2, plain.Length);
        // Same flops in the same order, so bit-identical.
        Assert.Equal(plain, graph);
    }

    [Fact]
    public void LearnsTheMoonsToAtLeast95Percent()
    {
        // micrograd's demo: 100 points, noise 0.1, MLP(2, [16, 16, 1]) with ReLU, hinge loss + 1e-4 L2,
        // 100 full-batch SGD steps with the learning rate decaying from 1.0 to 0.1.
        var losses = new List<double>();
        var r = MoonsDemo.Run(seed: 1, samples: 100, epochs: 100, imagePath: null, onEpoch: (_, loss, _) => losses.Add(loss));
        Assert.Equal(100, losses.Count);
        Assert.True(r.Accuracy >= 0.95, $"training accuracy {r.Accuracy}");
        Assert.True(r.FinalLoss < 0.5 * losses[0], $"loss went from {losses[0]} to {r.FinalLoss}");
        Assert.Equal(337, r.Parameters);
    }

    [Fact]
    public void TrainingIsDeterministicForAFixedSeed()
    {
        var a = new List<double>(); var b = new List<double>(); var c = new List<double>();
        var ra = MoonsDemo.Run(7, 40, 5, null, (_, loss, _) => a.Add(loss));
        var rb = MoonsDemo.Run(7, 40, 5, null, (_, loss, _) => b.Add(loss));
        MoonsDemo.Run(8, 40, 5, null, (_, loss, _) => c.Add(loss));
        Assert.Equal(a, b);           // bit-for-bit
        Assert.Equal(ra.FinalLoss, rb.FinalLoss);
        Assert.NotEqual(a, c);        // and the seed matters
    }
}
