using System.Text.Json;
using Glassbox.NN;
using Glassbox.Testing;
using AG = Glassbox.Autograd.Autograd;

namespace Glassbox.Tests.Autograd;

/// <summary>
/// Second-order gradients against PyTorch 1.13 (tests/fixtures/autograd/gradient_penalty.json, written by
/// tools/reference/hog_fixtures.py), in float64: the WGAN-GP gradient penalty λ·mean((‖∇ₓ̂D(x̂)‖₂ − 1)²) and its
/// gradient with respect to every critic parameter, for an MLP critic and a conv critic (conv2d, leaky_relu,
/// layer_norm, linear), and a MAML meta-gradient through one inner SGD step taken with createGraph.
/// </summary>
/// <remarks>
/// <b>Tolerance.</b> Each compared value is a chain of a few hundred float64 operations on O(1) numbers, evaluated by
/// the two libraries in different summation orders (GEMM blocking, im2col layout, the recomputed layer norm). Each
/// rounding contributes at most 2⁻⁵³ ≈ 1.1e-16 relative, amplified by the cancellations inside the layer-norm and
/// penalty derivatives; measured, every value agrees within 1e-13·(1 + max|reference|) of its tensor. The bound
/// 1e-12·(1 + max|reference|) leaves a factor of ten for other SIMD paths' summation orders, and is ten orders of
/// magnitude below the size of any missing second-order term: dropping the penalty's dependence on the parameters
/// through ∇ₓ̂D, or treating a layer-norm statistic as a constant, changes these gradients at the 1e-2 level.
/// </remarks>
public class GradientPenaltyFixtureTests
{
    private const double Tol = 1e-12;

    private static JsonElement Root() =>
        Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("autograd"), "gradient_penalty.json")).RootElement;

    private static JsonElement Critic(string name) =>
        Root().GetProperty("critics").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    private static Sequential BuildCritic(string name) => name switch
    {
        "mlp" => new Sequential(
            ("fc1", new Linear(5, 7, dtype: DType.Float64)), ("act1", new LeakyReLU(0.2)),
            ("fc2", new Linear(7, 6, dtype: DType.Float64)), ("act2", new LeakyReLU(0.2)),
            ("fc3", new Linear(6, 1, dtype: DType.Float64))),
        "conv" => new Sequential(
            ("conv1", new Conv2d(2, 4, 3, stride: 2, padding: 1, dtype: DType.Float64)), ("act1", new LeakyReLU(0.2)),
            ("norm", new LayerNorm([4, 4, 3], dtype: DType.Float64)),
            ("conv2", new Conv2d(4, 3, 2, dtype: DType.Float64)), ("act2", new LeakyReLU(0.2)),
            ("flat", new Flatten()), ("fc", new Linear(18, 1, dtype: DType.Float64))),
        _ => throw new ArgumentException(name),
    };

    private static void AssertClose(Tensor expected, Tensor? actual, string what)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ShapeArray.ToArray(), actual!.ShapeArray.ToArray());
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        double bound = Tol * (1 + e.Select(Math.Abs).DefaultIfEmpty(0).Max());
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= bound, $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R} (bound {bound:G3})");
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("conv")]
    public void GradientPenaltyAndItsParameterGradientsMatchPyTorch(string name)
    {
        var c = Critic(name);
        var critic = BuildCritic(name);
        var state = c.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => Fixtures.Tensor(p.Value));
        critic.LoadStateDict(state);
        var real = Fixtures.Tensor(c.GetProperty("real"));
        var fake = Fixtures.Tensor(c.GetProperty("fake"));
        var eps = Fixtures.Tensor(c.GetProperty("eps"));
        double lambda = c.GetProperty("lambda").GetDouble();

        var xhat = (eps * real + (1.0 - eps) * fake).Detach().RequiresGrad_();
        var score = critic.Call(xhat);
        var dx = AG.Grad([score], [xhat], [Tensor.OnesLike(score)], createGraph: true)[0]!;
        var penalty = lambda * (dx.Flatten(1).Norm(2, 1) - 1.0).Pow(2.0).Mean();
        penalty.Backward();

        AssertClose(Fixtures.Tensor(c.GetProperty("score")), score, "score");
        AssertClose(Fixtures.Tensor(c.GetProperty("input_grad")), dx, "input_grad");
        double expectedPenalty = c.GetProperty("penalty").GetDouble();
        Assert.True(Math.Abs(penalty.Item() - expectedPenalty) <= Tol * (1 + Math.Abs(expectedPenalty)), $"penalty {penalty.Item():R} vs {expectedPenalty:R}");
        foreach (var (pname, p) in critic.NamedParameters())
        {
            var expected = Fixtures.Tensor(c.GetProperty("grads").GetProperty(pname));
            // The last bias only shifts the score, so no gradient reaches it (PyTorch leaves None; the fixture holds zeros).
            AssertClose(expected, p.Grad ?? Tensor.ZerosLike(p), $"{name} d penalty / d {pname}");
        }
    }

    [Fact]
    public void MamlMetaGradientThroughOneInnerStepMatchesPyTorch()
    {
        var m = Root().GetProperty("maml");
        string[] names = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"];
        var p = names.Select(n => Fixtures.Tensor(m.GetProperty("params").GetProperty(n)).RequiresGrad_()).ToArray();
        var xs = Fixtures.Tensor(m.GetProperty("support_x"));
        var ys = Fixtures.Tensor(m.GetProperty("support_y"));
        var xq = Fixtures.Tensor(m.GetProperty("query_x"));
        var yq = Fixtures.Tensor(m.GetProperty("query_y"));
        double lr = m.GetProperty("lr").GetDouble();

        static Tensor Net(Tensor[] w, Tensor x) => Tensor.Linear(Tensor.Linear(x, w[0], w[1]).Tanh(), w[2], w[3]);
        var inner = F.MseLoss(Net(p, xs), ys);
        var g = AG.Grad([inner], p, createGraph: true);
        var fast = p.Select((w, i) => w - lr * g[i]!).ToArray();
        var outer = F.MseLoss(Net(fast, xq), yq);
        outer.Backward();

        Assert.True(Math.Abs(inner.Item() - m.GetProperty("inner_loss").GetDouble()) <= Tol, "inner loss");
        Assert.True(Math.Abs(outer.Item() - m.GetProperty("outer_loss").GetDouble()) <= Tol, "outer loss");
        for (int i = 0; i < names.Length; i++)
            AssertClose(Fixtures.Tensor(m.GetProperty("grads").GetProperty(names[i])), p[i].Grad, $"d outer / d {names[i]}");
    }

    [Fact]
    public void FirstOrderMamlDiffersFromTheSecondOrderMetaGradient()
    {
        // Without createGraph the inner gradient is a constant, which drops the Hessian term of the meta-gradient
        // (first-order MAML); the fixture's second-order gradient must then differ, by far more than the tolerance,
        // or the fixture would not be testing second-order gradients at all.
        var m = Root().GetProperty("maml");
        string[] names = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"];
        var p = names.Select(n => Fixtures.Tensor(m.GetProperty("params").GetProperty(n)).RequiresGrad_()).ToArray();
        static Tensor Net(Tensor[] w, Tensor x) => Tensor.Linear(Tensor.Linear(x, w[0], w[1]).Tanh(), w[2], w[3]);
        var g = AG.Grad([F.MseLoss(Net(p, Fixtures.Tensor(m.GetProperty("support_x"))), Fixtures.Tensor(m.GetProperty("support_y")))], p);
        var fast = p.Select((w, i) => w - m.GetProperty("lr").GetDouble() * g[i]!).ToArray();
        F.MseLoss(Net(fast, Fixtures.Tensor(m.GetProperty("query_x"))), Fixtures.Tensor(m.GetProperty("query_y"))).Backward();
        var expected = Fixtures.Tensor(m.GetProperty("grads").GetProperty("fc1.weight")).ToDoubleArray();
        var firstOrder = p[0].Grad!.ToDoubleArray();
        Assert.True(expected.Zip(firstOrder, (a, b) => Math.Abs(a - b)).Max() > 1e-3);
    }
}
