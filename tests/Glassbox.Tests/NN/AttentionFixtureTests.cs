using System.Text.Json;
using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Testing;

namespace Glassbox.Tests.NN;

/// <summary>
/// Scaled dot-product attention and MultiheadAttention against PyTorch 1.13 (tests/fixtures/seq/attn.json, written
/// by tools/reference/seq_attn_fixtures.py), float64: forward output, attention weights, and the gradients of
/// Σ out·u + Σ weights·uw with respect to query, key, value, float masks and every parameter.
/// </summary>
/// <remarks>
/// <para><b>Tolerance.</b> Every compared value is a short chain of float64 matrix products (inner sizes ≤ 8), a
/// softmax over ≤ 8 keys and (for the module) two more projections, on O(1) inputs; the scores stay within a few
/// units, so the softmax amplifies relative errors by at most a small constant. Each side's rounding error is then a
/// few hundred ulps at most of O(1) values, ~1e-14; the two sides also order their sums and place the 1/√d scale
/// differently (PyTorch 1.13's module scales q, this one the scores). The test allows 1e-11 absolute + 1e-9 relative:
/// roughly 1000× the rounding bound, and still 10⁶ times smaller than what a wrong mask column, scale or head split
/// changes (≥ 1e-3 on these sizes).</para>
/// </remarks>
public class AttentionFixtureTests
{
    private const double Rtol = 1e-9, Atol = 1e-11;
    private static readonly Dictionary<string, JsonDocument> Cache = [];

    private static JsonElement Root()
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue("attn", out var doc))
                Cache["attn"] = doc = Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("seq"), "attn.json"));
            return doc.RootElement;
        }
    }

    internal static JsonElement Find(string list, string name) =>
        Root().GetProperty(list).EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string list)
    {
        var d = new TheoryData<string>();
        foreach (var c in Root().GetProperty(list).EnumerateArray()) d.Add(c.GetProperty("name").GetString()!);
        return d;
    }

    public static TheoryData<string> SdpaCases => Names("sdpa");
    public static TheoryData<string> MhaCases => Names("mha");

    internal static Tensor T(JsonElement e) => Fixtures.Tensor(e);

    /// <summary>|actual − expected| ≤ rtol·|expected| + atol elementwise, equal shapes; NaN must meet NaN.</summary>
    internal static void Close(JsonElement expected, Tensor actual, string what, double rtol = Rtol, double atol = Atol)
    {
        var e = T(expected);
        Assert.True(e.ShapeToArray().SequenceEqual(actual.ShapeToArray()),
            $"{what}: shape {ShapeUtil.Format(actual.ShapeToArray())} vs expected {ShapeUtil.Format(e.ShapeToArray())}");
        NNFixture.Close(e.ToDoubleArray(), actual.ToDoubleArray(), rtol, atol, what);
    }

    /// <summary>The SDPA inputs of a case as fresh leaves requiring grad: query, key, value and (float) mask.</summary>
    internal static (Tensor Q, Tensor K, Tensor V, Tensor? Mask, bool Causal, double? Scale) SdpaInputs(JsonElement c)
    {
        var inp = c.GetProperty("inputs");
        var q = T(inp.GetProperty("query")).RequiresGrad_();
        var k = T(inp.GetProperty("key")).RequiresGrad_();
        var v = T(inp.GetProperty("value")).RequiresGrad_();
        Tensor? mask = c.TryGetProperty("mask", out var m) ? T(m) : null;
        if (mask is not null && mask.DType != DType.Bool) mask.RequiresGrad_();
        double? scale = c.GetProperty("scale").ValueKind == JsonValueKind.Null ? null : c.GetProperty("scale").GetDouble();
        return (q, k, v, mask, c.GetProperty("is_causal").GetBoolean(), scale);
    }

    /// <summary>Both implementations against PyTorch: the composed graph and the fused kernel (forced).</summary>
    [Theory, MemberData(nameof(SdpaCases))]
    public void SdpaMatchesPyTorch(string name)
    {
        foreach (var backend in new[] { AttentionBackend.Composed, AttentionBackend.Fused })
        {
            F.AttentionBackend = backend;
            var c = Find("sdpa", name);
            var (q, k, v, mask, causal, scale) = SdpaInputs(c);
            // A float mask that requires grad has no fused backward; the fused run treats it as a constant.
            if (backend == AttentionBackend.Fused) mask?.RequiresGrad_(false);
            var y = F.ScaledDotProductAttention(q, k, v, mask, isCausal: causal, scale: scale);
            string what = $"{name} ({backend})";
            Close(c.GetProperty("output"), y, $"{what} output");
            // The fixture's loss is Σ out·u over the finite outputs (a fully blocked row is NaN and left out).
            var u = T(c.GetProperty("upstream"));
            (y.MaskedFill(y.Ne(y), 0) * u).Sum().Backward();
            var g = c.GetProperty("grads");
            Close(g.GetProperty("query"), q.Grad!, $"{what} dquery");
            Close(g.GetProperty("key"), k.Grad!, $"{what} dkey");
            Close(g.GetProperty("value"), v.Grad!, $"{what} dvalue");
            if (g.TryGetProperty("mask", out var gm) && backend == AttentionBackend.Composed) Close(gm, mask!.Grad!, $"{what} dmask");
        }
    }

    /// <summary>Builds the case's module (float64, training mode, no dropout) with the fixture's weights.</summary>
    internal static MultiheadAttention BuildMha(JsonElement c)
    {
        var a = c.GetProperty("args");
        int? Opt(string key) => a.GetProperty(key).ValueKind == JsonValueKind.Null ? null : a.GetProperty(key).GetInt32();
        var m = new MultiheadAttention(a.GetProperty("embed_dim").GetInt32(), a.GetProperty("num_heads").GetInt32(),
            bias: a.GetProperty("bias").GetBoolean(), addBiasKv: a.GetProperty("add_bias_kv").GetBoolean(),
            addZeroAttn: a.GetProperty("add_zero_attn").GetBoolean(), kdim: Opt("kdim"), vdim: Opt("vdim"),
            batchFirst: a.GetProperty("batch_first").GetBoolean(), dtype: DType.Float64);
        var state = new Dictionary<string, Tensor>();
        foreach (var p in c.GetProperty("state").EnumerateObject()) state[p.Name] = T(p.Value);
        Assert.Equal(state.Keys, m.StateDict().Keys);
        m.LoadStateDict(state);
        return m;
    }

    /// <summary>The module case's inputs as fresh leaves; key and value are the query itself for self-attention.</summary>
    internal static (Tensor Q, Tensor K, Tensor V, Tensor? Kpm, Tensor? Mask) MhaInputs(JsonElement c)
    {
        var inp = c.GetProperty("inputs");
        var q = T(inp.GetProperty("query")).RequiresGrad_();
        bool self = c.GetProperty("args").GetProperty("self_attn").GetBoolean();
        var k = self ? q : T(inp.GetProperty("key")).RequiresGrad_();
        var v = self ? q : T(inp.GetProperty("value")).RequiresGrad_();
        Tensor? kpm = c.TryGetProperty("key_padding_mask", out var km) ? T(km) : null;
        Tensor? mask = c.TryGetProperty("attn_mask", out var am) ? T(am) : null;
        if (kpm is not null && kpm.DType != DType.Bool) kpm.RequiresGrad_();
        if (mask is not null && mask.DType != DType.Bool) mask.RequiresGrad_();
        return (q, k, v, kpm, mask);
    }

    internal static (Tensor Output, Tensor? Weights) RunMha(MultiheadAttention m, JsonElement c, Tensor q, Tensor k, Tensor v, Tensor? kpm, Tensor? mask)
    {
        var a = c.GetProperty("args");
        return m.Forward(q, k, v, kpm, a.GetProperty("need_weights").GetBoolean(), mask,
            a.GetProperty("average_attn_weights").GetBoolean(), a.GetProperty("is_causal").GetBoolean());
    }

    [Theory, MemberData(nameof(MhaCases))]
    public void MultiheadAttentionMatchesPyTorch(string name)
    {
        var c = Find("mha", name);
        var m = BuildMha(c);
        var (q, k, v, kpm, mask) = MhaInputs(c);
        var (y, w) = RunMha(m, c, q, k, v, kpm, mask);
        Close(c.GetProperty("output"), y, $"{name} output");
        var loss = (y * T(c.GetProperty("upstream"))).Sum();
        if (c.TryGetProperty("weights", out var ew))
        {
            Assert.NotNull(w);
            Close(ew, w!, $"{name} weights");
            loss = loss + (w! * T(c.GetProperty("upstream_weights"))).Sum();
        }
        else Assert.Null(w);
        loss.Backward();
        var g = c.GetProperty("grads");
        Close(g.GetProperty("query"), q.Grad!, $"{name} dquery");
        if (g.TryGetProperty("key", out var gk)) Close(gk, k.Grad!, $"{name} dkey");
        if (g.TryGetProperty("value", out var gv)) Close(gv, v.Grad!, $"{name} dvalue");
        foreach (var (pn, p) in m.NamedParameters()) Close(g.GetProperty(pn), p.Grad!, $"{name} d{pn}");
        if (g.TryGetProperty("key_padding_mask", out var gkpm)) Close(gkpm, kpm!.Grad!, $"{name} dkey_padding_mask");
        if (g.TryGetProperty("attn_mask", out var gam)) Close(gam, mask!.Grad!, $"{name} dattn_mask");
    }

    /// <summary>Finite differences of the module in float64, inputs and every parameter, independent of PyTorch.</summary>
    [Theory]
    [InlineData("kdim_vdim")]
    [InlineData("bias_kv_zero_attn_masks")]
    [InlineData("attn_mask_3d_float_batch_first")]
    [InlineData("no_weights_masks")]
    [InlineData("unbatched")]
    public void MultiheadAttentionGradCheck(string name)
    {
        var c = Find("mha", name);
        var m = BuildMha(c);
        var (q, k, v, kpm, mask) = MhaInputs(c);
        var inputs = new List<Tensor> { q };
        if (!ReferenceEquals(k, q)) { inputs.Add(k); inputs.Add(v); }
        inputs.AddRange(m.Parameters());
        // Parameters are perturbed in place through the inputs array; f reads them through the module.
        GradCheck.Assert(xs =>
        {
            var (y, w) = RunMha(m, c, xs[0], inputs.Count > 1 && !ReferenceEquals(k, q) ? xs[1] : xs[0],
                !ReferenceEquals(k, q) ? xs[2] : xs[0], kpm, mask);
            return w is null ? y : Tensor.Cat([y.Flatten(), w.Flatten()]);
        }, inputs.ToArray());
    }
}
