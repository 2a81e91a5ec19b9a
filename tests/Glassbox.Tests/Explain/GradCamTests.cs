using Glassbox.Explain;
using Glassbox.Models;
using Glassbox.NN;

namespace Glassbox.Tests.Explain;

public class GradCamTests
{
    // A hand-built network: two 2×2 filters over a 3×3 image (no bias, no activation) give A [1, 2, 2, 2]; a linear
    // head without bias over flatten(A) (order k, i, j) gives two logits.
    //   x = [1 2 0; 0 1 3; 2 0 1]
    //   f1 = [1 0; 0 1]  → A1[i, j] = x[i, j] + x[i+1, j+1]  = [2 5; 0 2]
    //   f2 = [0 1; -1 0] → A2[i, j] = x[i, j+1] − x[i+1, j]  = [2 −1; −1 3]
    // Class 0 reads A1 with weights [1 1 1 1] (α1 = 1) and A2 with [2 0 −2 −4] (α2 = −1):
    //   A1 − A2 = [0 6; 1 −1] → ReLU → [0 6; 1 0]   (the ReLU clips the one negative cell)
    // Class 1 reads A1 with [0.5 …] (α1 = 0.5) and A2 with [3 −1 2 0] (α2 = 1):
    //   0.5·A1 + A2 = [3 1.5; −1 4] → ReLU → [3 1.5; 0 4]
    private static readonly double[] Image = [1, 2, 0, 0, 1, 3, 2, 0, 1];
    private static readonly double[] Filters = [1, 0, 0, 1, 0, 1, -1, 0];
    private static readonly double[] Head =
    [
        1, 1, 1, 1, 2, 0, -2, -4,
        0.5, 0.5, 0.5, 0.5, 3, -1, 2, 0,
    ];

    private static readonly double[] Class0 = [0, 6, 1, 0];
    private static readonly double[] Class1 = [3, 1.5, 0, 4];

    private static (Func<Tensor, Tensor> features, Func<Tensor, Tensor> head, Tensor[] parameters) Net()
    {
        var f = Tensor.FromArray(Filters, 2, 1, 2, 2).RequiresGrad_();
        var w = Tensor.FromArray(Head, 2, 8).RequiresGrad_();
        return (x => F.Conv2d(x, f), a => Tensor.Linear(a.Flatten(1), w), [f, w]);
    }

    private static Tensor Batch() => Tensor.FromArray([.. Image, .. Image], 2, 1, 3, 3);

    [Fact]
    public void MapEqualsTheHandComputedMap()
    {
        var (features, head, parameters) = Net();
        // The same image twice with different targets: each row gets its own class's map.
        var cam = GradCam.Compute(features, head, Batch(), targets: [0, 1], parameters: parameters);
        Assert.Equal([2, 2, 2], cam.ShapeToArray());
        var got = cam.ToDoubleArray();
        // Every quantity is a short sum of small integers and halves (the mean divides by 4): exact in binary
        // floating point, so the comparison is exact.
        Assert.Equal([.. Class0, .. Class1], got);
        Assert.All(parameters, p => Assert.Null(p.Grad));
    }

    [Fact]
    public void DefaultTargetIsTheArgMax()
    {
        var (features, head, _) = Net();
        // Logits: class 0 = ΣA1 + 2·2 − 2·(−1) − 4·3 = 9 − 6 = 3; class 1 = 0.5·9 + 6 + 1 − 2 = 9.5 → class 1 wins.
        var cam = GradCam.Compute(features, head, Batch()).ToDoubleArray();
        Assert.Equal([.. Class1, .. Class1], cam);
    }

    [Fact]
    public void UpsamplingIsBilinearWithCornersUnaligned()
    {
        var (features, head, _) = Net();
        var cam = GradCam.Compute(features, head, Batch(), targets: [0, 1], outputSize: [4, 4]).ToDoubleArray();
        // 2 → 4 with align corners off reads source positions max((i + ½)/2 − ½, 0) = 0, 0.25, 0.75, 1 (clamped):
        // weights (1, 0), (0.75, 0.25), (0.25, 0.75), (0, 1) along each axis. Exact in binary, so compared exactly.
        double[][] w = [[1, 0], [0.75, 0.25], [0.25, 0.75], [0, 1]];
        foreach (var (n, m) in new[] { (0, Class0), (1, Class1) })
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                {
                    double expected = 0;
                    for (int a = 0; a < 2; a++)
                        for (int b = 0; b < 2; b++)
                            expected += w[i][a] * w[j][b] * m[a * 2 + b];
                    Assert.Equal(expected, cam[n * 16 + i * 4 + j], 14);
                }
    }

    [Fact]
    public void LeNetSplitReproducesForwardAndGivesNonNegativeMaps()
    {
        var gen = new Generator(11);
        var model = new LeNet5(10, LeNet5Activation.ReLU, LeNet5Pooling.Max, DType.Float64, gen);
        model.Eval();
        var x = Tensor.Randn([3, 1, 28, 28], DType.Float64, gen);
        var feats = model.Features(x);
        Assert.Equal([3, 16, 5, 5], feats.ShapeToArray());
        Assert.Equal([3, 6, 14, 14], model.Conv1Block(x).ShapeToArray());
        // Same ops in the same order: bit-identical.
        Assert.Equal(model.Call(x).ToDoubleArray(), model.Classify(feats).ToDoubleArray());
        var cam = GradCam.Compute(model.Features, model.Classify, x, outputSize: [28, 28], parameters: model.Parameters());
        Assert.Equal([3, 28, 28], cam.ShapeToArray());
        Assert.All(cam.ToDoubleArray(), v => Assert.True(v >= 0));
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
        var bad = Assert.Throws<ArgumentException>(() => model.Classify(Tensor.Zeros([2, 16, 4, 4], DType.Float64)));
        Assert.Contains("[2, 16, 4, 4]", bad.Message);
    }

    [Fact]
    public void BadArgumentsNameTheOp()
    {
        var (features, head, _) = Net();
        var size = Assert.Throws<ArgumentException>(() => GradCam.Compute(features, head, Batch(), outputSize: [4]));
        Assert.Contains("grad_cam", size.Message);
        var flat = Assert.Throws<ArgumentException>(() => GradCam.Compute(x => x.Flatten(1), head, Batch()));
        Assert.Contains("grad_cam", flat.Message);
        Assert.Contains("[2, 9]", flat.Message);
    }
}
