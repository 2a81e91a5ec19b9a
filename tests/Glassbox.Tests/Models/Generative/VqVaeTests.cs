using System.Text.Json;
using Glassbox.Autograd;
using Glassbox.Models.Generative;
using Glassbox.NN;
using Glassbox.Testing;

namespace Glassbox.Tests.Models.Generative;

/// <summary>
/// The vector quantiser and the VQ-VAE: nearest-code assignment, the straight-through gradient, the losses and
/// gradients against PyTorch 1.13 (tests/fixtures/gen/vq.json, written by tools/reference/gen_vq_fixtures.py), the EMA
/// update, dead-code restarts, codebook usage statistics, and float64 gradient checks of the differentiable pieces.
/// </summary>
public class VqVaeTests
{
    private static readonly Lazy<JsonDocument> Fixture = new(() => Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("gen"), "vq.json")));

    private static VectorQuantizer Quantizer(double[,] codes, bool ema = false, int deadCodeSteps = 0, Generator? generator = null)
    {
        int k = codes.GetLength(0), d = codes.GetLength(1);
        var vq = new VectorQuantizer(k, d, ema: ema, deadCodeSteps: deadCodeSteps, dtype: DType.Float64, generator: generator);
        using (GradMode.NoGrad())
        {
            vq.Codebook.CopyFrom(Tensor.From(codes));
            vq.EmaEmbedSum?.CopyFrom(Tensor.From(codes));
        }
        return vq;
    }

    [Fact]
    public void QuantiserPicksTheNearestCode()
    {
        // 200 random vectors against 7 random codes: the assignment must be the brute-force argmin of ‖z − e_k‖²
        // computed here in double, and the quantised value exactly that code. Exact float64 ties have probability 0.
        var gen = new Generator(5);
        var codes = Tensor.Randn([7, 3], DType.Float64, gen);
        var z = Tensor.Randn([200, 3], DType.Float64, gen);
        var vq = Quantizer(ToMatrix(codes));
        vq.Eval();
        var q = vq.Call(z);
        var e = codes.ToArray<double>(); var zs = z.ToArray<double>();
        var idx = q.Indices.ToArray<long>();
        var zq = q.Quantized.ToArray<double>();
        for (int i = 0; i < 200; i++)
        {
            int best = 0; double bestD = double.PositiveInfinity;
            for (int k = 0; k < 7; k++)
            {
                double dist = 0;
                for (int j = 0; j < 3; j++) dist += (zs[i * 3 + j] - e[k * 3 + j]) * (zs[i * 3 + j] - e[k * 3 + j]);
                if (dist < bestD) { bestD = dist; best = k; }
            }
            Assert.Equal(best, idx[i]);
            // z + (e − z) in float64 is e up to one rounding of each step: |error| ≤ 2·2⁻⁵³·(|z| + |e|) < 1e-14 here.
            for (int j = 0; j < 3; j++) Assert.Equal(e[best * 3 + j], zq[i * 3 + j], 1e-14);
        }
        Assert.Equal(200, q.Counts.Sum());

        // Ties go to the lower index (as torch.argmin): two equal codes, a vector on both.
        var tied = Quantizer(new double[,] { { 1, 0 }, { 1, 0 }, { -1, 0 } });
        tied.Eval();
        Assert.Equal(0L, tied.Call(Tensor.From(new double[,] { { 1, 0 } })).Indices.ToArray<long>()[0]);
    }

    [Fact]
    public void ImageShapedInputKeepsItsLayout()
    {
        // [N, D, H, W]: vector (n, :, h, w) is quantised on its own and the result is put back at (n, :, h, w).
        var gen = new Generator(6);
        var vq = new VectorQuantizer(5, 4, dtype: DType.Float64, generator: gen);
        vq.Eval();
        var ze = Tensor.Randn([2, 4, 3, 2], DType.Float64, gen);
        var q = vq.Call(ze);
        Assert.Equal([2, 4, 3, 2], q.Quantized.ShapeToArray());
        Assert.Equal([2, 3, 2], q.Indices.ShapeToArray());
        var flatIdx = vq.NearestCodes(ze.Permute(0, 2, 3, 1).Reshape(-1, 4)).ToArray<long>();
        Assert.Equal(flatIdx, q.Indices.ToArray<long>());
        var codes = vq.Codebook.ToArray<double>(); var zq = q.Quantized;
        for (int n = 0; n < 2; n++) for (int h = 0; h < 3; h++) for (int w = 0; w < 2; w++)
        {
            long k = flatIdx[(n * 3 + h) * 2 + w];
            for (int c = 0; c < 4; c++) Assert.Equal(codes[k * 4 + c], zq.Select(0, n).Select(0, c).Select(0, h).Select(0, w).Item(), 1e-14);
        }
        Assert.Contains("[2, 3, 3, 2]", Assert.Throws<ArgumentException>(() => vq.Call(Tensor.Zeros([2, 3, 3, 2], DType.Float64))).Message);
    }

    [Fact]
    public void StraightThroughPassesTheDecoderGradientToTheEncoderOutput()
    {
        // d z_q / d z_e is the identity under the estimator: backpropagating u from z_q alone gives exactly u at z_e,
        // and nothing reaches the codebook by that path (it learns from the codebook loss only).
        var gen = new Generator(7);
        var vq = new VectorQuantizer(6, 3, dtype: DType.Float64, generator: gen);
        var ze = Tensor.Randn([2, 3, 4, 4], DType.Float64, gen).RequiresGrad_();
        var u = Tensor.Randn([2, 3, 4, 4], DType.Float64, gen);
        vq.Call(ze).Quantized.Backward(u);
        Assert.Equal(u.ToArray<double>(), ze.Grad!.ToArray<double>());
        Assert.True(vq.Codebook.Grad is null || vq.Codebook.Grad.Abs().Max().Item() == 0);
    }

    [Fact]
    public void LossesAndGradientsMatchPyTorch()
    {
        var c = Fixture.Value.RootElement.GetProperty("vqvae");
        var model = new VqVae(new VectorQuantizer(6, 3, commitmentCost: c.GetProperty("beta").GetDouble(), dtype: DType.Float64), 1, 4, DType.Float64, new Generator(0));
        var state = model.StateDict();
        foreach (var p in c.GetProperty("state").EnumerateObject()) state[p.Name] = Fixtures.Tensor(p.Value);
        model.LoadStateDict(state);
        var x = Fixtures.Tensor(c.GetProperty("x"));

        var ze = model.Encode(x);
        var q = model.Quantizer.Call(ze);
        var rec = model.Decode(q.Quantized);
        var recLoss = F.MseLoss(rec, x);
        var loss = recLoss + q.Loss;
        var inner = Glassbox.Autograd.Autograd.Grad([loss], [q.Quantized, ze], retainGraph: true);
        loss.Backward();

        // Everything is float64 on both sides and each value is a short chain of sums over at most a few hundred terms
        // of size ~1: rounding differences in the order of summation stay below 1e-13; 1e-10 leaves room and is still
        // far below any real difference (a wrong term would be ~1e-2).
        const double Tol = 1e-10;
        Assert.Equal(Fixtures.Tensor(c.GetProperty("indices")).ToArray<long>(), q.Indices.ToArray<long>());
        AssertClose(c.GetProperty("z_e"), ze, Tol);
        AssertClose(c.GetProperty("z_q"), q.Quantized, Tol);
        AssertClose(c.GetProperty("reconstruction"), rec, Tol);
        Assert.Equal(c.GetProperty("reconstruction_loss").GetDouble(), recLoss.Item(), Tol);
        Assert.Equal(c.GetProperty("codebook_loss").GetDouble(), q.CodebookLoss.Item(), Tol);
        Assert.Equal(c.GetProperty("commitment_loss").GetDouble(), q.CommitmentLoss.Item(), Tol);
        Assert.Equal(c.GetProperty("loss").GetDouble(), loss.Item(), Tol);
        AssertClose(c.GetProperty("grad_z_q"), inner[0]!, Tol);
        AssertClose(c.GetProperty("grad_z_e"), inner[1]!, Tol);
        var named = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        foreach (var g in c.GetProperty("grads").EnumerateObject()) AssertClose(g.Value, named[g.Name].Grad!, Tol, g.Name);

        // VqVae.Terms is the same objective.
        model.Eval();
        Assert.Equal(c.GetProperty("loss").GetDouble(), model.Terms(x).Loss.Item(), Tol);
    }

    [Fact]
    public void EmaUpdateByHand()
    {
        // K = 2 codes in 1-d at 0 and 10; the batch {1, 3} goes to code 0. From N = (1, 1), m = (0, 10), γ = 0.99:
        // N = (0.99 + 0.01·2, 0.99) = (1.01, 0.99), m = (0.99·0 + 0.01·4, 0.99·10) = (0.04, 9.9), n = 2,
        // Ñ_k = (N_k + ε)/(n + 2ε)·n, e_k = m_k/Ñ_k.
        var vq = Quantizer(new double[,] { { 0 }, { 10 } }, ema: true);
        vq.Train();
        vq.Call(Tensor.From(new double[,] { { 1 }, { 3 } }));
        const double Eps = 1e-5;
        double n = 2, s0 = (1.01 + Eps) / (n + 2 * Eps) * n, s1 = (0.99 + Eps) / (n + 2 * Eps) * n;
        var size = vq.EmaClusterSize!.ToArray<double>(); var sum = vq.EmaEmbedSum!.ToArray<double>(); var e = vq.Codebook.ToArray<double>();
        Assert.Equal(1.01, size[0], 1e-15); Assert.Equal(0.99, size[1], 1e-15);
        Assert.Equal(0.04, sum[0], 1e-15); Assert.Equal(9.9, sum[1], 1e-14);
        Assert.Equal(0.04 / s0, e[0], 1e-15); Assert.Equal(9.9 / s1, e[1], 1e-14);
        // Eval mode leaves the averages alone.
        vq.Eval();
        vq.Call(Tensor.From(new double[,] { { 5 } }));
        Assert.Equal(e, vq.Codebook.ToArray<double>());
        Assert.False(vq.Codebook.RequiresGrad);
        Assert.Equal(0.0, vq.Call(Tensor.From(new double[,] { { 5 } })).CodebookLoss.Item());
    }

    [Fact]
    public void EmaUpdateMatchesTheReferenceOverTwoSteps()
    {
        var c = Fixture.Value.RootElement.GetProperty("ema");
        var init = Fixtures.Tensor(c.GetProperty("codebook"));
        var vq = Quantizer(ToMatrix(init), ema: true);
        Assert.Equal(c.GetProperty("decay").GetDouble(), vq.Decay);
        Assert.Equal(c.GetProperty("epsilon").GetDouble(), vq.Epsilon);
        vq.Train();
        foreach (var step in c.GetProperty("steps").EnumerateArray())
        {
            var q = vq.Call(Fixtures.Tensor(step.GetProperty("z")));
            Assert.Equal(Fixtures.Tensor(step.GetProperty("indices")).ToArray<long>(), q.Indices.ToArray<long>());
            // A handful of float64 multiply-adds per element, in the same order: agreement to a few ulps of values ~1.
            AssertClose(step.GetProperty("cluster_size"), vq.EmaClusterSize!, 1e-13);
            AssertClose(step.GetProperty("embed_sum"), vq.EmaEmbedSum!, 1e-13);
            AssertClose(step.GetProperty("codebook"), vq.Codebook, 1e-12);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DeadCodeIsRestartedToAnEncoderOutput(bool ema)
    {
        // Code 2 sits far from the data and is never chosen. With T = 2 it is counted unused after two training
        // forwards and replaced at the start of the third by one of that batch's vectors, which it then wins (distance 0).
        var vq = Quantizer(new double[,] { { -1, 0 }, { 1, 0 }, { 100, 100 } }, ema, deadCodeSteps: 2, generator: new Generator(3));
        vq.Train();
        var gen = new Generator(4);
        Tensor Batch() => Tensor.Randn([8, 2], DType.Float64, gen) * 0.5;
        vq.Call(Batch());
        vq.Call(Batch());
        Assert.Equal(2L, vq.StepsUnused.ToArray<long>()[2]);
        Assert.Equal(0, vq.Restarts);
        var third = Batch();
        var q = vq.Call(third);
        Assert.Equal(1, vq.Restarts);
        var row = vq.Codebook.Narrow(0, 2, 1).ToArray<double>();
        // With EMA the third forward's update has already averaged the restarted code with the vectors it won, so
        // only the gradient-trained codebook can be compared with a batch row exactly; both must be chosen at once.
        var rows = third.ToArray<double>();
        int hit = -1;
        for (int i = 0; i < 8; i++)
        {
            var d = vq.NearestCodes(third.Narrow(0, i, 1)).ToArray<long>()[0];
            if (d == 2) hit = i;
        }
        Assert.True(hit >= 0, "the restarted code should be chosen by at least one vector of the batch it came from");
        Assert.True(q.Counts[2] > 0);
        Assert.Equal(0L, vq.StepsUnused.ToArray<long>()[2]);
        if (!ema) Assert.Contains(Enumerable.Range(0, 8), i => rows[2 * i] == row[0] && rows[2 * i + 1] == row[1]);
        // No restarts in eval mode, however long a code is unused.
        vq.Eval();
        for (int i = 0; i < 3; i++) vq.Call(Batch());
        Assert.Equal(1, vq.Restarts);
    }

    [Fact]
    public void CodebookUsageStatistics()
    {
        var uniform = CodebookUsage.FromCounts([5, 5, 5, 5]);
        Assert.Equal(4.0, uniform.Perplexity, 1e-12);
        Assert.Equal(1.0, uniform.UsedShare);
        var one = CodebookUsage.FromCounts([0, 9, 0, 0]);
        Assert.Equal(1.0, one.Perplexity, 1e-12);
        Assert.Equal(0.25, one.UsedShare);
        // p = (1/2, 1/4, 1/4, 0): H = ½ log 2 + 2·¼ log 4 = 1.5 log 2, perplexity 2^1.5.
        var mixed = CodebookUsage.FromCounts([2, 1, 1, 0]);
        Assert.Equal(Math.Pow(2, 1.5), mixed.Perplexity, 1e-12);
        Assert.Equal(3, mixed.Used);
        Assert.Throws<ArgumentException>(() => CodebookUsage.FromCounts([0, 0]));
    }

    [Fact]
    public void QuantiserLossGradCheck()
    {
        // Each loss term is checked against the variable it actually trains. The stop-gradient makes the sum's gradient
        // differ from the derivative of its value on purpose: ‖sg[z_e] − e‖²'s value moves with z_e, but no gradient
        // reaches z_e from it. As a function of the codebook alone the codebook loss is differentiable, and so is the
        // commitment loss as a function of z_e alone, wherever no assignment is tied (the argmin is locally constant;
        // with random float64 data the nearest ties are far wider than the 1e-6 step).
        var gen = new Generator(8);
        var vq = new VectorQuantizer(5, 3, dtype: DType.Float64, generator: gen);
        vq.Eval();
        using (GradMode.NoGrad()) vq.Codebook.CopyFrom(Tensor.Randn([5, 3], DType.Float64, gen));
        var ze = Tensor.Randn([2, 3, 2, 3], DType.Float64, gen).RequiresGrad_();
        GradCheck.Assert(_ => vq.Call(ze.Detach()).CodebookLoss, [vq.Codebook]);
        GradCheck.Assert(a => vq.Call(a[0]).CommitmentLoss, [ze]);
    }

    [Fact]
    public void VqVaeGradCheckWhereDifferentiable()
    {
        // The decoder parameters get the true gradient of the whole loss. The encoder's true gradient is that of the
        // commitment term alone: the reconstruction depends on z_e only through the piecewise-constant argmin, which the
        // straight-through estimator deliberately replaces by the identity, and the codebook term's value moves with
        // z_e although the stop-gradient sends it nothing — so finite differences can check neither path.
        var gen = new Generator(9);
        var model = new VqVae(new VectorQuantizer(6, 3, dtype: DType.Float64, generator: gen), 1, 3, DType.Float64, gen);
        model.Eval();
        var x = Tensor.Rand([2, 1, 8, 8], DType.Float64, gen);
        var decoder = model.NamedParameters().Where(p => p.Name.StartsWith("decoder.", StringComparison.Ordinal)).Select(p => p.Parameter).ToArray();
        var encoder = model.NamedParameters().Where(p => p.Name.StartsWith("encoder.", StringComparison.Ordinal)).Select(p => p.Parameter).ToArray();
        GradCheck.Assert(_ => model.Terms(x).Loss, decoder);
        GradCheck.Assert(_ => model.Quantizer.Call(model.Encode(x)).CommitmentLoss, encoder);
    }

    [Fact]
    public void ShapesAndParameterCount()
    {
        var model = new VqVae(new VectorQuantizer(64, 16, generator: new Generator(1)), 1, 32, generator: new Generator(2));
        // enc 1·32·16+32, 32·32·16+32, 32·16+16; codebook 64·16; dec 16·32·9+32, 32·32·16+32, 32·1·16+1.
        long expected = (512 + 32) + (16384 + 32) + (512 + 16) + 1024 + (4608 + 32) + (16384 + 32) + (512 + 1);
        Assert.Equal(expected, model.ParameterCount);
        var x = Tensor.Rand([3, 1, 28, 28], DType.Float32, new Generator(3));
        Assert.Equal([3, 16, 7, 7], model.Encode(x).ShapeToArray());
        var t = model.Terms(x);
        Assert.Equal([3, 1, 28, 28], t.Reconstruction.ShapeToArray());
        Assert.Equal([3, 7, 7], t.Quantization.Indices.ShapeToArray());
        Assert.Equal([3, 1, 28, 28], model.DecodeCodes(t.Quantization.Indices).ShapeToArray());
        Assert.Contains("[3, 1, 30, 28]", Assert.Throws<ArgumentException>(() => model.Encode(Tensor.Zeros(3, 1, 30, 28))).Message);
        Assert.Throws<ArgumentException>(() => model.Quantizer.Lookup(Tensor.FromArray(new long[] { 64 }, 1)));
        // With EMA the codebook is a buffer: one fewer parameter tensor, and the averages are in the state dict.
        var emaModel = new VqVae(new VectorQuantizer(64, 16, ema: true, generator: new Generator(1)), 1, 32, generator: new Generator(2));
        Assert.Equal(expected - 1024, emaModel.ParameterCount);
        Assert.Contains("quantizer.ema_cluster_size", emaModel.StateDict().Keys);
    }

    private static void AssertClose(JsonElement expected, Tensor actual, double tol, string what = "")
    {
        var e = Fixtures.Tensor(expected);
        Assert.Equal(e.ShapeToArray(), actual.ShapeToArray());
        var a = actual.To(DType.Float64).ToArray<double>(); var b = e.To(DType.Float64).ToArray<double>();
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= tol, $"{what}[{i}]: {a[i]:R} vs {b[i]:R}");
    }

    private static double[,] ToMatrix(Tensor t)
    {
        var v = t.ToArray<double>();
        int r = t.Size(0), c = t.Size(1);
        var m = new double[r, c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m[i, j] = v[i * c + j];
        return m;
    }
}
