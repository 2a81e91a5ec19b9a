using Glassbox.Explain;
using Glassbox.Models;
using Glassbox.NN;

namespace Glassbox.Tests.Explain;

public class SaliencyTests
{
    // A linear model y = W·flatten(x) + b over [N, 1, 2, 3] inputs, 4 classes, float64.
    private static readonly double[] W =
    [
        0.5, -1.25, 2.0, 0.0, -0.75, 3.5,
        -2.0, 1.0, 0.25, -0.5, 1.5, -3.0,
        1.75, 0.0, -1.0, 2.25, -0.25, 0.125,
        -0.375, 0.625, 4.0, -1.5, 0.75, -2.5,
    ];

    private static Tensor Weight() => Tensor.FromArray(W, 4, 6);
    private static Tensor Bias() => Tensor.FromArray([0.1, -0.2, 0.3, 0.05], 4);

    private static Tensor Input()
    {
        var gen = new Generator(7);
        return Tensor.Randn([3, 1, 2, 3], DType.Float64, gen);
    }

    [Fact]
    public void LinearModelSaliencyIsAbsoluteWeightRowOfTheTarget()
    {
        var w = Weight().RequiresGrad_();
        var b = Bias().RequiresGrad_();
        var x = Input();
        long[] targets = [2, 0, 3];
        var s = Saliency.Vanilla(t => Tensor.Linear(t.Flatten(1), w, b), x, targets, [w, b]);
        Assert.Equal([3, 1, 2, 3], s.ShapeToArray());
        var got = s.ToDoubleArray();
        // ∂y_c/∂x = W[c] exactly: backward multiplies a one-hot upstream gradient by W, so every term is W[c, i]·1
        // plus zeros — no rounding, hence an exact comparison.
        for (int n = 0; n < 3; n++)
            for (int i = 0; i < 6; i++)
                Assert.Equal(Math.Abs(W[targets[n] * 6 + i]), got[n * 6 + i]);
        // The parameters were frozen for the call: no gradient leaked into them, and their flags are back.
        Assert.Null(w.Grad);
        Assert.Null(b.Grad);
        Assert.True(w.RequiresGrad && b.RequiresGrad);
        Assert.False(x.RequiresGrad);
    }

    [Fact]
    public void DefaultTargetIsEachSamplesArgMax()
    {
        var w = Weight();
        var x = Input();
        var logits = Tensor.Linear(x.Flatten(1), w, Bias());
        var predicted = logits.ArgMax(1).ToArray<long>();
        var s = Saliency.Vanilla(t => Tensor.Linear(t.Flatten(1), w, Bias()), x).ToDoubleArray();
        for (int n = 0; n < 3; n++)
            for (int i = 0; i < 6; i++)
                Assert.Equal(Math.Abs(W[predicted[n] * 6 + i]), s[n * 6 + i]);
    }

    [Fact]
    public void ModuleOverloadMatchesFiniteDifferencesOnLeNet()
    {
        // A non-linear check: the saliency of LeNet-5 (tanh, average pooling: smooth) equals the central difference
        // |(y_c(x + h·e_i) − y_c(x − h·e_i)) / 2h| at a few pixels, in float64.
        var gen = new Generator(3);
        var model = new LeNet5(dtype: DType.Float64, generator: gen);
        model.Eval();
        var x = Tensor.Randn([2, 1, 28, 28], DType.Float64, gen);
        long[] targets = [4, 9];
        var s = Saliency.Vanilla(model, x, targets).ToDoubleArray();
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
        var xs = x.ToDoubleArray();
        const double h = 1e-5;
        foreach (int n in new[] { 0, 1 })
            foreach (int pixel in new[] { 0, 100, 406, 783 })
            {
                double Score(double delta)
                {
                    var copy = (double[])xs.Clone();
                    copy[n * 784 + pixel] += delta;
                    var logits = model.Call(Tensor.FromArray(copy, 2, 1, 28, 28)).ToDoubleArray();
                    return logits[n * 10 + targets[n]];
                }
                double fd = Math.Abs((Score(h) - Score(-h)) / (2 * h));
                // Central difference error O(h²·|y'''|) ≈ 1e-10 plus rounding ε·|y|/h ≈ 1e-11 for logits of size ~1.
                Assert.True(Math.Abs(fd - s[n * 784 + pixel]) <= 1e-8, $"sample {n} pixel {pixel}: finite difference {fd}, saliency {s[n * 784 + pixel]}");
            }
    }

    [Fact]
    public void TargetErrorsNameTheOpAndShape()
    {
        var w = Weight();
        var x = Input();
        var wrongCount = Assert.Throws<ArgumentException>(() => Saliency.Vanilla(t => Tensor.Linear(t.Flatten(1), w), x, [0, 1]));
        Assert.Contains("saliency", wrongCount.Message);
        Assert.Contains("[3, 4]", wrongCount.Message);
        var outOfRange = Assert.Throws<ArgumentException>(() => Saliency.Vanilla(t => Tensor.Linear(t.Flatten(1), w), x, [0, 4, 1]));
        Assert.Contains("target 4", outOfRange.Message);
        var notLogits = Assert.Throws<ArgumentException>(() => Saliency.Vanilla(t => t, x));
        Assert.Contains("[3, 1, 2, 3]", notLogits.Message);
    }
}
