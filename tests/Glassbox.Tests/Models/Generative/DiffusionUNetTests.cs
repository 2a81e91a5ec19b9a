using System.Text.Json;
using Glassbox.Autograd;
using Glassbox.Models.Generative;
using Glassbox.Testing;
using Xunit.Abstractions;

namespace Glassbox.Tests.Models.Generative;

/// <summary>
/// The diffusion U-Net against its PyTorch twin (tools/reference/diffusion_unet_torch.py, fixtures from
/// gen_unet_fixtures.py) in float64 — output, input gradient and every parameter gradient — and float64 gradchecks of
/// its blocks.
/// </summary>
public class DiffusionUNetTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new() { "uncond_two_levels", "cond_three_levels_two_heads" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchTwinInFloat64(string name)
    {
        using var doc = Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("gen"), "unet.json"));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var channels = c.GetProperty("channels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var model = new DiffusionUNet(1, channels, c.GetProperty("num_classes").GetInt32(), c.GetProperty("groups").GetInt32(),
            c.GetProperty("heads").GetInt32(), DType.Float64);
        var state = c.GetProperty("state").EnumerateObject().ToDictionary(p => p.Name, p => Fixtures.Tensor(p.Value));
        model.LoadStateDict(state);
        var x = Fixtures.Tensor(c.GetProperty("input"));
        x.RequiresGrad = true;
        var y = model.Forward(x, Fixtures.Tensor(c.GetProperty("steps")), Fixtures.TensorOrNull(c.GetProperty("labels")));
        (y * Fixtures.Tensor(c.GetProperty("upstream"))).Sum().Backward();
        // Tolerance: float64 rounding. The deepest path is ~20 weighted layers of fan-in ≤ 9·16 = 144 plus group norms
        // and a softmax; the γ_K bound 2·ε·Σ(K + 8) ≈ 2·1.1e-16·3,500 ≈ 8e-13 per unit of activation scale, and the
        // perturbed weights (±0.1 noise on PyTorch's init) keep activations O(1–10). 1e-10·max(1, |ref|) sits two
        // orders above that bound; any architectural slip (a swapped γ/β, a wrong skip, sines and cosines interleaved)
        // moves values at the 1e-2 level.
        Close(Fixtures.Tensor(c.GetProperty("output")), y, "output");
        Close(Fixtures.Tensor(c.GetProperty("grad_input")), x.Grad!, "grad input");
        var grads = c.GetProperty("grads");
        int checkedGrads = 0;
        foreach (var (pname, p) in model.NamedParameters())
        {
            Close(Fixtures.Tensor(grads.GetProperty(pname)), p.Grad!, "grad " + pname);
            checkedGrads++;
        }
        Assert.Equal(grads.EnumerateObject().Count(), checkedGrads);
    }

    private void Close(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.ShapeToArray(), actual.ShapeToArray());
        var e = expected.ToDoubleArray(); var a = actual.ToDoubleArray();
        double scale = Math.Max(1, e.Max(Math.Abs)), worst = e.Zip(a, (u, v) => Math.Abs(u - v)).Max();
        if (what == "output") output.WriteLine($"{what}: max |Δ| = {worst:G3} (scale {scale:G3})");
        Assert.True(worst <= 1e-10 * scale, $"{what}: max |Δ| = {worst:G3} exceeds {1e-10 * scale:G3}");
    }

    /// <summary>Every parameter of a module, as gradcheck inputs (float64 leaves that require grad).</summary>
    private static Tensor[] With(Tensor[] inputs, Glassbox.NN.Module m) => [.. inputs, .. m.Parameters()];

    // Gradcheck tolerances: GradCheck's defaults (atol 1e-7, rtol 1e-5 with ε = 1e-6 central differences, whose O(ε²)
    // truncation is ~1e-12 for these smooth compositions of SiLU, group norm, softmax and convolutions).

    [Fact]
    public void ResBlockGradcheck()
    {
        var g = new Generator(1);
        var block = new DiffusionResBlock(4, 6, 5, 2, DType.Float64, g);
        var x = Tensor.Randn([2, 4, 3, 3], DType.Float64, g); x.RequiresGrad = true;
        var e = Tensor.Randn([2, 5], DType.Float64, g); e.RequiresGrad = true;
        var r = GradCheck.Check(a => block.Forward(a[0], a[1]), With([x, e], block));
        Assert.True(r.Passed, r.Message);
        // Same channel count: identity skip.
        var same = new DiffusionResBlock(4, 4, 5, 2, DType.Float64, g);
        r = GradCheck.Check(a => same.Forward(a[0], a[1]), With([x, e], same));
        Assert.True(r.Passed, r.Message);
    }

    [Fact]
    public void AttentionGradcheck()
    {
        var g = new Generator(2);
        var block = new DiffusionAttention(4, 2, 2, DType.Float64, g);
        var x = Tensor.Randn([2, 4, 3, 2], DType.Float64, g); x.RequiresGrad = true;
        var r = GradCheck.Check(a => block.Forward(a[0]), With([x], block));
        Assert.True(r.Passed, r.Message);
    }

    [Fact]
    public void TimestepEmbeddingGradcheckAndCode()
    {
        var g = new Generator(3);
        var emb = new TimestepEmbedding(6, 5, DType.Float64, g);
        var t = Tensor.FromArray(new long[] { 0, 17, 999 }, 3);
        var r = GradCheck.Check(_ => emb.Forward(t), With([], emb));
        Assert.True(r.Passed, r.Message);
        // The code by hand: h = 3, ω = 1, 10000^(−1/2), 10000^(−1); sines then cosines.
        var code = TimestepEmbedding.Sinusoidal(t, 6, DType.Float64).ToDoubleArray();
        double[] w = [1, 0.01, 1e-4];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Math.Sin(17 * w[i]), code[6 + i], 14);
            Assert.Equal(Math.Cos(17 * w[i]), code[6 + 3 + i], 14);
        }
    }

    [Fact]
    public void WholeNetworkGradcheckSmall()
    {
        // Two levels at 4×4, three classes: exercises the class embedding, the down/up paths and the attention together.
        var g = new Generator(4);
        var net = new DiffusionUNet(1, [4, 4], 3, 2, 1, DType.Float64, g);
        var x = Tensor.Randn([2, 1, 4, 4], DType.Float64, g); x.RequiresGrad = true;
        var t = Tensor.FromArray(new long[] { 3, 700 }, 2);
        var y = Tensor.FromArray(new long[] { 1, 3 }, 2);
        var r = GradCheck.Check(a => net.Forward(a[0], t, y), [x]);
        Assert.True(r.Passed, r.Message);
    }

    [Fact]
    public void ShapesCountsAndErrors()
    {
        var net = new DiffusionUNet(1, [32, 64, 64], numClasses: 10, generator: new Generator(0));
        var x = Tensor.Randn([2, 1, 28, 28], DType.Float32, new Generator(1));
        var t = Tensor.FromArray(new long[] { 0, 999 }, 2);
        using (GradMode.NoGrad())
        {
            Assert.Equal([2, 1, 28, 28], net.Forward(x, t, Tensor.FromArray(new long[] { 4, 10 }, 2)).ShapeToArray());
            Assert.Equal([2, 1, 28, 28], net.Forward(x, t, null).ShapeToArray());
        }
        output.WriteLine($"DiffusionUNet(32, 64, 64; 10 classes): {net.ParameterCount:N0} parameters");
        // Count by hand from the layer list (see DiffusionUNet's remarks), so a dropped or doubled layer shows.
        static long Res(int i, int o, int e) => 2 * i + 9 * i * o + o + e * o + o + 2 * o + 9 * o * o + o + (i != o ? i * o + o : 0);
        long expected = (32 * 128 + 128 + 128 * 128 + 128) + 11 * 128 + (9 * 32 + 32)
            + Res(32, 32, 128) + (9 * 32 * 32 + 32) + Res(32, 64, 128) + (9 * 64 * 64 + 64) + Res(64, 64, 128)
            + Res(64, 64, 128) + (2 * 64 + 64 * 192 + 192 + 64 * 64 + 64) + Res(64, 64, 128)
            + Res(128, 64, 128) + (9 * 64 * 64 + 64) + Res(128, 64, 128) + (9 * 64 * 32 + 32) + Res(64, 32, 128)
            + 2 * 32 + (9 * 32 + 1);
        Assert.Equal(expected, net.ParameterCount);
        Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros(2, 1, 27, 28), t, null));
        Assert.Throws<ArgumentException>(() => new DiffusionUNet(1, [32, 64], 0).Forward(x, t, Tensor.FromArray(new long[] { 1, 2 }, 2)));
        Assert.Throws<ArgumentException>(() => new DiffusionUNet(1, [12, 64]));
    }
}
