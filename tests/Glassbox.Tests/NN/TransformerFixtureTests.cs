using System.Text.Json;
using Glassbox.NN;
using Glassbox.Testing;

namespace Glassbox.Tests.NN;

/// <summary>
/// TransformerEncoderLayer, TransformerDecoderLayer, TransformerEncoder, TransformerDecoder and Transformer against
/// PyTorch 1.13 (tests/fixtures/seq/transformer.json, written by tools/reference/seq_transformer_fixtures.py): the same
/// float64 weights and inputs give the same output and the same gradients of Σ output·u with respect to the inputs and
/// every parameter, in eval mode, for post- and pre-norm, ReLU and GELU, float, bool, causal and key-padding masks,
/// batch-first, unbatched and bias-free blocks.
/// </summary>
/// <remarks>
/// <para><b>Tolerance.</b> Both sides evaluate the same expression in float64 (unit roundoff u = 1.1e-16) in different
/// orders. The values are O(1) by construction (weights ~ N(0, 1/fan_in), layer norms after every residual sum or at
/// the end of the stack), and each output is a composition of at most a few hundred roundings: dot products of ≤ 7
/// terms, softmaxes over ≤ 5 keys, layer norms over 6 features. The worst amplifier is a layer norm's division by the
/// standard deviation of 6 numbers, which can be ~0.1 for an unlucky row, a factor ≤ 10 per layer, ≤ 10³ over the
/// three norms of a stacked case. That bounds the difference by about 300 · 10³ · u ≈ 3e-11 relative to the O(1)
/// scale; the test allows 1e-9·|expected| + 1e-9, thirty times that bound.</para>
/// </remarks>
public class TransformerFixtureTests
{
    private static readonly Dictionary<string, JsonDocument> Cache = [];

    internal static JsonElement Root()
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue("transformer", out var doc))
                Cache["transformer"] = doc = Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("seq"), "transformer.json"));
            return doc.RootElement;
        }
    }

    internal static JsonElement Find(string name) =>
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

    private static int Int(JsonElement a, string key) => a.GetProperty(key).GetInt32();
    private static bool Flag(JsonElement a, string key) => a.TryGetProperty(key, out var v) && v.GetBoolean();

    /// <summary>A fixture case's module (float64, eval mode) with the fixture's weights loaded, and how to call it.</summary>
    internal static (Module Module, Func<Tensor[], Tensor> Run) Build(JsonElement c)
    {
        var a = c.GetProperty("args");
        int e = Int(a, "d_model"), h = Int(a, "nhead"), ff = Int(a, "dim_feedforward");
        var act = a.GetProperty("activation").GetString() == "gelu" ? TransformerActivation.Gelu : TransformerActivation.Relu;
        double eps = a.GetProperty("layer_norm_eps").GetDouble();
        bool bf = Flag(a, "batch_first"), nf = Flag(a, "norm_first"), bias = Flag(a, "bias");
        const DType f64 = DType.Float64;
        var gen = new Generator(1);
        var masks = c.GetProperty("masks");
        Tensor? M(string name) => Fixtures.TensorOrNull(masks.GetProperty(name));
        TransformerEncoderLayer EncLayer() => new(e, h, ff, 0.1, act, eps, bf, nf, bias, f64, gen);
        TransformerDecoderLayer DecLayer() => new(e, h, ff, 0.1, act, eps, bf, nf, bias, f64, gen);
        LayerNorm? FinalNorm() => Flag(a, "final_norm") ? new LayerNorm(e, dtype: f64) : null;

        Module module;
        Func<Tensor[], Tensor> run;
        switch (c.GetProperty("kind").GetString())
        {
            case "TransformerEncoderLayer":
                var el = EncLayer();
                (module, run) = (el, x => el.Forward(x[0], M("src_mask"), M("src_key_padding_mask")));
                break;
            case "TransformerDecoderLayer":
                var dl = DecLayer();
                (module, run) = (dl, x => dl.Forward(x[0], x[1], M("tgt_mask"), M("memory_mask"), M("tgt_key_padding_mask"), M("memory_key_padding_mask")));
                break;
            case "TransformerEncoder":
                var es = new TransformerEncoder(EncLayer(), Int(a, "num_layers"), FinalNorm());
                (module, run) = (es, x => es.Forward(x[0], M("mask"), M("src_key_padding_mask")));
                break;
            case "TransformerDecoder":
                var ds = new TransformerDecoder(DecLayer(), Int(a, "num_layers"), FinalNorm());
                (module, run) = (ds, x => ds.Forward(x[0], x[1], M("tgt_mask"), M("memory_mask"), M("tgt_key_padding_mask"), M("memory_key_padding_mask")));
                break;
            case "Transformer":
                var t = new Transformer(e, h, Int(a, "num_encoder_layers"), Int(a, "num_decoder_layers"), ff, 0.1, act,
                    layerNormEps: eps, batchFirst: bf, normFirst: nf, bias: bias, dtype: f64, generator: gen);
                (module, run) = (t, x => t.Forward(x[0], x[1], M("src_mask"), M("tgt_mask"), M("memory_mask"), M("src_key_padding_mask"),
                    M("tgt_key_padding_mask"), M("memory_key_padding_mask")));
                break;
            default:
                throw new NotSupportedException(c.GetProperty("kind").GetString());
        }
        module.LoadStateDict(c.GetProperty("state").EnumerateObject().ToDictionary(p => p.Name, p => Fixtures.Tensor(p.Value)));
        module.Eval();
        return (module, run);
    }

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = Find(name);
        var (module, run) = Build(c);
        var inputNames = c.GetProperty("inputs").EnumerateObject().Select(p => p.Name).ToArray();
        var xs = inputNames.Select(n => Fixtures.Tensor(c.GetProperty("inputs").GetProperty(n)).RequiresGrad_()).ToArray();
        var y = run(xs);
        (y * Fixtures.Tensor(c.GetProperty("upstream"))).Sum().Backward();

        const double tol = 1e-9;
        NNFixture.Close(c.GetProperty("output"), y, tol, tol, name + " output");
        for (int i = 0; i < xs.Length; i++)
            NNFixture.Close(c.GetProperty("input_grads").GetProperty(inputNames[i]), xs[i].Grad!, tol, tol, $"{name} grad {inputNames[i]}");
        var named = module.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        var grads = c.GetProperty("grads").EnumerateObject().ToList();
        Assert.Equal(grads.Select(g => g.Name), named.Keys);   // same names, in PyTorch's order
        foreach (var g in grads) NNFixture.Close(g.Value, named[g.Name].Grad!, tol, tol, $"{name} grad {g.Name}");
    }

    [Fact]
    public void SquareSubsequentMaskMatchesPyTorch()
    {
        var expected = Fixtures.Tensor(Root().GetProperty("square_subsequent_mask_4"));
        var m = Transformer.GenerateSquareSubsequentMask(4, DType.Float64);
        Assert.Equal(expected.ShapeToArray(), m.ShapeToArray());
        Assert.Equal(expected.ToDoubleArray(), m.ToDoubleArray());
        Assert.Equal(DType.Float32, Transformer.GenerateSquareSubsequentMask(3).DType);
    }
}
