using Glassbox.Autograd;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Tests.Models;

/// <summary>GPT construction, initialisation, weight tying, the optimizer groups and input checks.</summary>
public class GPTTests
{
    private static readonly GPTConfig Small = new() { BlockSize = 16, VocabSize = 11, NLayer = 4, NHead = 4, NEmbd = 64 };

    /// <summary>Sample standard deviation of a tensor's entries.</summary>
    private static double Std(Tensor t)
    {
        var v = t.ToDoubleArray();
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }

    [Fact]
    public void InitialisationIsGpt2s()
    {
        var model = new GPT(Small, DType.Float64, new Generator(3));
        // The sample std of n normal draws has relative standard error 1/sqrt(2n); the smallest tensor checked has
        // n = 64·64 = 4096 entries (error 1.1%), so 6% is over five standard errors.
        const double rel = 0.06;
        double residual = 0.02 / Math.Sqrt(2 * Small.NLayer);
        foreach (var block in model.Transformer.H)
        {
            Assert.InRange(Std(block.Attn.CAttn.Weight), 0.02 * (1 - rel), 0.02 * (1 + rel));
            Assert.InRange(Std(block.Mlp.CFc.Weight), 0.02 * (1 - rel), 0.02 * (1 + rel));
            Assert.InRange(Std(block.Attn.CProj.Weight), residual * (1 - rel), residual * (1 + rel));
            Assert.InRange(Std(block.Mlp.CProj.Weight), residual * (1 - rel), residual * (1 + rel));
            foreach (var b in new[] { block.Attn.CAttn.Bias!, block.Attn.CProj.Bias!, block.Mlp.CFc.Bias!, block.Mlp.CProj.Bias!, block.Ln1.Bias!, block.Ln2.Bias! })
                Assert.All(b.ToDoubleArray(), x => Assert.Equal(0.0, x));
            Assert.All(block.Ln1.Weight!.ToDoubleArray(), x => Assert.Equal(1.0, x));
        }
        // wte has only 11·64 = 704 entries: relative standard error 2.7%, so allow 15%.
        Assert.InRange(Std(model.Transformer.Wte.Weight), 0.02 * 0.85, 0.02 * 1.15);
        Assert.InRange(Std(model.Transformer.Wpe.Weight), 0.02 * 0.85, 0.02 * 1.15);
    }

    [Fact]
    public void OutputLayerSharesTheTokenTable()
    {
        var model = new GPT(Small, DType.Float64, new Generator(1));
        Assert.Same(model.Transformer.Wte.Weight, model.LmHead.Weight);
        Assert.Single(model.Parameters(), p => ReferenceEquals(p, model.LmHead.Weight));
        var sd = model.StateDict();
        Assert.Equal(sd["transformer.wte.weight"].ToDoubleArray(), sd["lm_head.weight"].ToDoubleArray());
        Assert.Equal(Small.ParameterCount(), model.ParameterCount);
        // Gradient of the tied table = embedding scatter + head GEMM: compare with an untied copy of the same function.
        var idx = Tensor.FromArray(new long[] { 1, 4, 4, 9, 0, 2 }, 2, 3);
        var targets = Tensor.FromArray(new long[] { 4, 4, 9, 0, 2, 1 }, 2, 3);
        model.Call(idx, targets).Loss!.Backward();
        var tied = model.Transformer.Wte.Weight.Grad!.ToDoubleArray();

        var w = model.Transformer.Wte.Weight;
        var asHead = w.Detach().Clone().RequiresGrad_();
        var emb = w.Detach().Clone().RequiresGrad_();
        var h = Tensor.Embedding(idx, emb) + model.Transformer.Wpe.Call(Tensor.Arange(3));
        foreach (var block in model.Transformer.H) h = block.Call(h);
        var logits = Tensor.Linear(model.Transformer.LnF.Call(h), asHead);
        F.CrossEntropy(logits.Reshape(-1, Small.VocabSize), targets.Reshape(-1), ignoreIndex: -1).Backward();
        var sum = emb.Grad!.ToDoubleArray().Zip(asHead.Grad!.ToDoubleArray(), (a, b) => a + b).ToArray();
        for (int i = 0; i < sum.Length; i++) Assert.Equal(sum[i], tied[i], 1e-12);
    }

    [Fact]
    public void ConfigureOptimizerDecaysOnlyMatrices()
    {
        var model = new GPT(Small with { Bias = false }, DType.Float32, new Generator(1));
        var opt = model.ConfigureOptimizer(0.1, 1e-3, (0.9, 0.99));
        Assert.Equal(2, opt.ParamGroups.Count);
        var decay = opt.ParamGroups[0];
        var noDecay = opt.ParamGroups[1];
        // Matrices: wte (= lm_head), wpe, and per layer c_attn, attn.c_proj, c_fc, mlp.c_proj.
        Assert.Equal(2 + 4 * Small.NLayer, decay.Params.Count);
        Assert.All(decay.Params, p => Assert.True(p.NDim >= 2));
        // Vectors without biases: ln_1, ln_2 per layer and ln_f, weights only.
        Assert.Equal(2 * Small.NLayer + 1, noDecay.Params.Count);
        Assert.All(noDecay.Params, p => Assert.Equal(1, p.NDim));
        Assert.Equal(0.1, decay.Options.WeightDecay);
        Assert.Equal(0.0, noDecay.Options.WeightDecay);
        Assert.Equal((0.9, 0.99), opt.ParamGroups[0].Options.Betas);
        Assert.Equal(1e-3, decay.Lr);
        Assert.Equal(model.ParameterCount, opt.ParamGroups.Sum(g => g.Params.Sum(p => (long)p.Numel)));
    }

    [Fact]
    public void BadInputsAreNamed()
    {
        var model = new GPT(Small, DType.Float32, new Generator(1));
        var tooLong = Tensor.Zeros([1, 17], DType.Int64);
        Assert.Contains("block size is only 16", Assert.Throws<ArgumentException>(() => model.Forward(tooLong)).Message);
        Assert.Contains("int64 [B, T]", Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(1, 3))).Message);
        var idx = Tensor.Zeros([2, 3], DType.Int64);
        Assert.Contains("targets of shape [2, 4]", Assert.Throws<ArgumentException>(() => model.Call(idx, Tensor.Zeros([2, 4], DType.Int64))).Message);
        Assert.Contains("not divisible", Assert.Throws<ArgumentException>(() => new GPT(Small with { NHead = 5 })).Message);
        var cache = model.CreateCache(batchSize: 2, capacity: 4);
        using (GradMode.NoGrad())
        {
            model.Forward(idx, cache);
            Assert.Contains("exceed the KV cache's capacity 4", Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros([2, 2], DType.Int64), cache)).Message);
            Assert.Contains("batch", Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros([1, 1], DType.Int64), cache)).Message);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateCache(1, 17));
    }

    [Fact]
    public void DropoutActsOnlyInTraining()
    {
        var cfg = Small with { Dropout = 0.3 };
        var model = new GPT(cfg, DType.Float64, new Generator(5));
        var idx = Tensor.FromArray(new long[] { 1, 2, 3, 4, 5, 6 }, 1, 6);
        var a = model.Forward(idx).ToDoubleArray();
        var b = model.Forward(idx).ToDoubleArray();
        Assert.NotEqual(a, b); // two training passes draw different masks
        model.Eval();
        var e1 = model.Forward(idx).ToDoubleArray();
        var plain = new GPT(cfg with { Dropout = 0 }, DType.Float64);
        plain.LoadStateDict(model.StateDict());
        Assert.Equal(plain.Forward(idx).ToDoubleArray(), e1); // eval mode is the dropout-free function
    }

    [Fact]
    public void LossIsLogVocabAtInitialisation()
    {
        // With N(0, 0.02) weights the logits are near zero, so the first loss is close to ln(V) — nanoGPT's sanity check.
        var cfg = Small with { VocabSize = 65 };
        var model = new GPT(cfg, DType.Float64, new Generator(2));
        var g = new Generator(9);
        var idx = Tensor.Randint(0, 65, [4, 16], g);
        var targets = Tensor.Randint(0, 65, [4, 16], g);
        double loss = model.Call(idx, targets).Loss!.Item();
        Assert.InRange(loss, Math.Log(65) - 0.05, Math.Log(65) + 0.05);
    }

    [Fact]
    public void WholeModelGradientMatchesFiniteDifferences()
    {
        // Central differences through every layer at once, in float64, for every entry of the token table (which feeds
        // both the embedding and the tied head) and of the first block's c_attn weight. With step h = 1e-6 the
        // difference quotient has truncation error O(h²) ≈ 1e-12 and rounding error ≈ ε·|f|/h ≈ 1e-10 for a loss
        // near 2, so 1e-7 absolute (plus 1e-5 relative) separates a correct gradient from any real mistake.
        var cfg = new GPTConfig { BlockSize = 5, VocabSize = 6, NLayer = 1, NHead = 2, NEmbd = 4 };
        var model = new GPT(cfg, DType.Float64, new Generator(4));
        var g = new Generator(7);
        using (GradMode.NoGrad())
            foreach (var p in model.Parameters()) p.CopyFrom(Tensor.Randn(p.ShapeToArray(), DType.Float64, g) * 0.5);
        var idx = Tensor.FromArray(new long[] { 1, 5, 2, 2, 0, 3, 4, 1 }, 2, 4);
        var targets = Tensor.FromArray(new long[] { 5, 2, 2, -1, 3, 4, 1, 0 }, 2, 4);
        model.Call(idx, targets).Loss!.Backward();
        const double h = 1e-6;
        foreach (var p in new[] { model.Transformer.Wte.Weight, model.Transformer.H[0].Attn.CAttn.Weight })
        {
            var analytic = p.Grad!.ToDoubleArray();
            var start = p.Detach().ToDoubleArray();
            var flat = p.Detach().View(-1);
            for (int i = 0; i < p.Numel; i++)
            {
                double Loss(double v)
                {
                    using var _ = GradMode.NoGrad();
                    flat.Narrow(0, i, 1).Fill(v);
                    return model.Call(idx, targets).Loss!.Item();
                }
                double numeric = (Loss(start[i] + h) - Loss(start[i] - h)) / (2 * h);
                Loss(start[i]);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-7 + 1e-5 * Math.Abs(numeric), $"entry {i}: analytic {analytic[i]}, numeric {numeric}");
            }
        }
    }
}
