using System.Text.Json;
using Glassbox.Models;
using Glassbox.Testing;
using Xunit.Abstractions;

namespace Glassbox.Tests.Models;

/// <summary>
/// The GPT against a nanoGPT-style model in PyTorch 1.13 (tests/fixtures/seq/gpt.json, written by
/// tools/reference/seq_gpt_fixtures.py): with the same float64 weights and tokens, the logits, the loss and the
/// gradient of the loss with respect to every parameter agree; the state-dict keys and parameter order are
/// nanoGPT's; the GPT-2 small parameter count is PyTorch's.
/// </summary>
/// <remarks>
/// <para><b>Tolerance.</b> Both sides compute in float64 (unit roundoff ε = 2⁻⁵³ ≈ 1.1e-16) the same function by the same
/// formulas in different summation orders. Each matmul sums at most K = 4C = 48 products, so one op's rounding error
/// is at most K·ε ≈ 5e-15 of the scale of its terms; layer norm, softmax and GELU add a few ε each. A forward pass here is
/// about 12 such ops per layer plus embeddings and the head (≈ 40 ops for two layers) and the backward pass as many
/// again; the fixture's weights (std 0.3, LayerNorm γ ≈ 1 ± 0.2) keep every op's gain O(1) (layer norm's 1/σ is at most
/// about 5 for these activations), so the accumulated error stays below 80 · 5e-15 · 5 ≈ 2e-12 of the values' scale.
/// The test allows 1e-11 · max(1, max|reference|) per tensor, and prints the worst error seen (about 1e-14), while any
/// architectural slip (a mask off by one, a wrong head split, an untied head, a missing bias) moves values at 1e-2.</para>
/// </remarks>
public class GPTFixtureTests(ITestOutputHelper output)
{
    private const double RelTol = 1e-11;
    private static JsonDocument? doc;

    private static JsonElement Root()
    {
        lock (typeof(GPTFixtureTests))
            return (doc ??= Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("seq"), "gpt.json"))).RootElement;
    }

    private static JsonElement Find(string name) =>
        Root().GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Cases
    {
        get
        {
            var d = new TheoryData<string>();
            foreach (var c in Root().GetProperty("cases").EnumerateArray()) d.Add(c.GetProperty("name").GetString()!);
            return d;
        }
    }

    internal static GPTConfig Config(JsonElement c)
    {
        var j = c.GetProperty("config");
        return new GPTConfig
        {
            BlockSize = j.GetProperty("block_size").GetInt32(), VocabSize = j.GetProperty("vocab_size").GetInt32(),
            NLayer = j.GetProperty("n_layer").GetInt32(), NHead = j.GetProperty("n_head").GetInt32(),
            NEmbd = j.GetProperty("n_embd").GetInt32(), Bias = j.GetProperty("bias").GetBoolean(),
        };
    }

    private static Dictionary<string, Tensor> StateDict(JsonElement c)
    {
        var d = new Dictionary<string, Tensor>();
        foreach (var p in c.GetProperty("state_dict").EnumerateObject()) d[p.Name] = Fixtures.Tensor(p.Value);
        return d;
    }

    /// <summary>A model of the case's config holding PyTorch's weights.</summary>
    internal static GPT Load(JsonElement c)
    {
        var model = new GPT(Config(c), DType.Float64, new Generator(1));
        model.LoadStateDict(StateDict(c));
        return model;
    }

    private void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.ShapeToArray(), actual.ShapeToArray());
        double scale = Math.Max(1.0, expected.ToDoubleArray().Max(Math.Abs));
        double err = Fixtures.MaxAbsDiff(expected, actual);
        output.WriteLine($"{what}: max |error| {err:e2} (allowed {RelTol * scale:e2})");
        Assert.True(err <= RelTol * scale, $"{what}: max |error| {err:e3} exceeds {RelTol * scale:e3}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StateDictKeysAndParameterOrderAreNanoGpts(string name)
    {
        var c = Find(name);
        var model = new GPT(Config(c), DType.Float64);
        var keys = c.GetProperty("state_dict").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys, model.StateDict().Keys);
        Assert.Equal(c.GetProperty("param_names").EnumerateArray().Select(e => e.GetString()), model.NamedParameters().Select(p => p.Name));
        var sd = StateDict(c);
        foreach (var (k, v) in model.StateDict()) Assert.Equal(sd[k].ShapeToArray(), v.ShapeToArray());
        // The tied table appears under both names and is one tensor.
        Assert.Contains("lm_head.weight", keys);
        Assert.Same(model.Transformer.Wte.Weight, model.LmHead.Weight);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogitsLossAndGradientsMatchPyTorch(string name)
    {
        var c = Find(name);
        var model = Load(c);
        var idx = Fixtures.Tensor(c.GetProperty("idx"));
        var targets = Fixtures.Tensor(c.GetProperty("targets"));
        var (logits, loss) = model.Call(idx, targets);
        AssertClose(Fixtures.Tensor(c.GetProperty("logits")), logits, "logits");
        double expectedLoss = c.GetProperty("loss").GetDouble();
        double lossErr = Math.Abs(loss!.Item() - expectedLoss);
        output.WriteLine($"loss {loss.Item():r} vs {expectedLoss:r}: error {lossErr:e2}");
        Assert.True(lossErr <= RelTol * Math.Max(1, Math.Abs(expectedLoss)), $"loss {loss.Item()} vs PyTorch {expectedLoss}");

        loss.Backward();
        var grads = c.GetProperty("grads");
        int n = 0;
        foreach (var (pname, p) in model.NamedParameters())
        {
            Assert.NotNull(p.Grad);
            AssertClose(Fixtures.Tensor(grads.GetProperty(pname)), p.Grad!, "grad " + pname);
            n++;
        }
        Assert.Equal(grads.EnumerateObject().Count(), n);
    }

    [Fact]
    public void Gpt2SmallParameterCountMatchesPyTorch()
    {
        var gpt2 = new GPTConfig(); // the defaults are GPT-2 small
        Assert.Equal(124_439_808L, Root().GetProperty("gpt2_small_params").GetInt64());
        Assert.Equal(Root().GetProperty("gpt2_small_params").GetInt64(), gpt2.ParameterCount());
        Assert.Equal(Root().GetProperty("gpt2_small_params_non_embedding").GetInt64(), gpt2.ParameterCount(nonEmbedding: true));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParameterCountFormulaMatchesTheBuiltModel(string name)
    {
        var c = Find(name);
        var cfg = Config(c);
        long fromPyTorch = c.GetProperty("grads").EnumerateObject().Sum(g => (long)Fixtures.Tensor(g.Value).Numel);
        Assert.Equal(fromPyTorch, cfg.ParameterCount());
        Assert.Equal(fromPyTorch, new GPT(cfg, DType.Float64).ParameterCount);
    }
}
