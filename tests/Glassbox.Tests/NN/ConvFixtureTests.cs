using System.Text.Json;
using Glassbox.NN;
using Glassbox.Testing;

namespace Glassbox.Tests.NN;

/// <summary>
/// conv1d, conv2d, conv_transpose2d, pad, unfold and fold, and the Conv1d/Conv2d/ConvTranspose2d layers, against
/// PyTorch 1.13 (tests/fixtures/cnn/conv.json, written by tools/reference/cnn_conv_fixtures.py): forward output and
/// the gradient of Σ output·u with respect to every input, for a fixed random upstream gradient u.
/// </summary>
/// <remarks>
/// <para><b>Tolerance.</b> Every value compared is a sum of products of the inputs (all these ops are linear in
/// each argument), computed by both sides in some order. For a sum of K terms rounded in any order the error is at
/// most K·ε·Σ|terms| (ε the unit roundoff: 2⁻⁵³ ≈ 1.11e-16 in float64, 6e-8 in float32), and PyTorch's value carries
/// the same bound, so the test allows 2·(K + 1)·ε·Σ|terms| per element. Both K and Σ|terms| are computed exactly by
/// re-running the op on transformed inputs: with every input (and u) replaced by its absolute value, each output is
/// Σ|terms|; with every input replaced by ones, each output is K. An element whose terms are all zero (a constant
/// border, an unreached fold position) must then match exactly.</para>
/// </remarks>
public class ConvFixtureTests
{
    private static readonly Dictionary<string, JsonDocument> Cache = [];

    private static JsonElement Root()
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue("conv", out var doc))
                Cache["conv"] = doc = Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("cnn"), "conv.json"));
            return doc.RootElement;
        }
    }

    private static JsonElement Find(string list, string name) =>
        Root().GetProperty(list).EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string list)
    {
        var d = new TheoryData<string>();
        foreach (var c in Root().GetProperty(list).EnumerateArray()) d.Add(c.GetProperty("name").GetString()!);
        return d;
    }

    public static TheoryData<string> OpCases => Names("cases");
    public static TheoryData<string> ModuleCases => Names("modules");

    private static int[] Ints(JsonElement e) => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(v => v.GetInt32()).ToArray() : [e.GetInt32()];

    private static Size2d? Pair(JsonElement args, string key)
    {
        if (!args.TryGetProperty(key, out var v)) return null;
        var a = Ints(v);
        return a.Length == 1 ? a[0] : (a[0], a[1]);
    }

    private static int Int(JsonElement args, string key, int dflt) => args.TryGetProperty(key, out var v) ? Ints(v)[0] : dflt;

    private static ConvPadding? Padding(JsonElement args)
    {
        if (!args.TryGetProperty("padding", out var v)) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString() == "same" ? ConvPadding.Same : ConvPadding.Valid;
        var a = Ints(v);
        return a.Length == 1 ? a[0] : (a[0], a[1]);
    }

    private static PadMode Mode(string s) => s switch
    {
        "constant" => PadMode.Constant, "reflect" => PadMode.Reflect, "replicate" => PadMode.Replicate, "circular" => PadMode.Circular,
        _ => throw new ArgumentException(s),
    };

    private static PaddingMode LayerMode(JsonElement args) => args.TryGetProperty("padding_mode", out var v)
        ? v.GetString() switch { "reflect" => PaddingMode.Reflect, "replicate" => PaddingMode.Replicate, "circular" => PaddingMode.Circular, _ => PaddingMode.Zeros }
        : PaddingMode.Zeros;

    /// <summary>The Glassbox op of a fixture case, taking the inputs in the fixture's order.</summary>
    private static Func<Tensor[], Tensor> Op(JsonElement c)
    {
        var a = c.GetProperty("args");
        bool hasBias = c.GetProperty("inputs").TryGetProperty("bias", out _);
        Tensor? B(Tensor[] t) => hasBias ? t[2] : null;
        switch (c.GetProperty("op").GetString())
        {
            case "conv2d":
                return t => F.Conv2d(t[0], t[1], B(t), Pair(a, "stride"), Padding(a), Pair(a, "dilation"), Int(a, "groups", 1));
            case "conv1d":
                return t => F.Conv1d(t[0], t[1], B(t), Int(a, "stride", 1), Padding(a), Int(a, "dilation", 1), Int(a, "groups", 1));
            case "conv_transpose2d":
                return t => F.ConvTranspose2d(t[0], t[1], B(t), Pair(a, "stride"), Pair(a, "padding"), Pair(a, "output_padding"), Int(a, "groups", 1), Pair(a, "dilation"));
            case "pad":
                var pad = Ints(a.GetProperty("pad"));
                var mode = Mode(a.GetProperty("mode").GetString()!);
                double value = a.TryGetProperty("value", out var v) ? v.GetDouble() : 0;
                return t => F.Pad(t[0], pad, mode, value);
            case "unfold":
                return t => F.Unfold(t[0], Pair(a, "kernel_size")!.Value, Pair(a, "dilation"), Pair(a, "padding"), Pair(a, "stride"));
            case "fold":
                return t => F.Fold(t[0], Pair(a, "output_size")!.Value, Pair(a, "kernel_size")!.Value, Pair(a, "dilation"), Pair(a, "padding"), Pair(a, "stride"));
            default:
                throw new NotSupportedException(c.GetProperty("op").GetString());
        }
    }

    /// <summary>Forward output and input gradients of f at the given inputs for upstream u.</summary>
    private static (Tensor Y, Tensor[] Grads) Run(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor u)
    {
        var leaves = inputs.Select(t => t.Detach().RequiresGrad_()).ToArray();
        var y = f(leaves);
        (y * u).Sum().Backward();
        return (y.Detach(), leaves.Select(l => l.Grad!).ToArray());
    }

    [Theory, MemberData(nameof(OpCases))]
    public void OpMatchesPyTorch(string name)
    {
        var c = Find("cases", name);
        var f = Op(c);
        var names = c.GetProperty("inputs").EnumerateObject().Select(p => p.Name).ToArray();
        var inputs = names.Select(n => Fixtures.Tensor(c.GetProperty("inputs").GetProperty(n))).ToArray();
        var u = Fixtures.Tensor(c.GetProperty("upstream"));
        double eps = inputs[0].DType == DType.Float32 ? 6e-8 : 1.11e-16;

        var (y, grads) = Run(f, inputs, u);
        var (yAbs, gradsAbs) = Run(f, inputs.Select(t => t.Abs()).ToArray(), u.Abs());
        var (yCount, gradsCount) = Run(f, inputs.Select(Tensor.OnesLike).ToArray(), Tensor.OnesLike(u));
        // A constant-mode pad with a non-zero fill has the fill as one more (exact) term; counting it is harmless.
        Within(c.GetProperty("output"), y, yAbs, yCount, eps, name + " output");
        for (int i = 0; i < names.Length; i++)
            Within(c.GetProperty("grads").GetProperty(names[i]), grads[i], gradsAbs[i], gradsCount[i], eps, $"{name} grad {names[i]}");
    }

    private static void Within(JsonElement expected, Tensor actual, Tensor absSum, Tensor count, double eps, string what)
    {
        var e = Fixtures.Tensor(expected);
        Assert.True(e.ShapeToArray().SequenceEqual(actual.ShapeToArray()),
            $"{what}: shape {ShapeUtil.Format(actual.ShapeToArray())}, PyTorch {ShapeUtil.Format(e.ShapeToArray())}");
        Assert.Equal(e.DType, actual.DType);
        var (ev, av, sv, kv) = (e.ToDoubleArray(), actual.ToDoubleArray(), absSum.ToDoubleArray(), count.ToDoubleArray());
        for (int i = 0; i < ev.Length; i++)
        {
            double tol = 2 * (Math.Abs(kv[i]) + 1) * eps * sv[i];
            Assert.True(Math.Abs(av[i] - ev[i]) <= tol, $"{what}[{i}]: got {av[i]:R}, PyTorch {ev[i]:R}, |diff| {Math.Abs(av[i] - ev[i]):G3} > {tol:G3}");
        }
    }

    private static Module<Tensor, Tensor> Build(JsonElement c)
    {
        var a = c.GetProperty("args");
        int inC = Int(a, "in", 0), outC = Int(a, "out", 0), groups = Int(a, "groups", 1);
        bool bias = !a.TryGetProperty("bias", out var b) || b.GetBoolean();
        const DType f64 = DType.Float64;
        return c.GetProperty("kind").GetString() switch
        {
            "Conv2d" => new Conv2d(inC, outC, Pair(a, "kernel")!.Value, Pair(a, "stride"), Padding(a), Pair(a, "dilation"), groups, bias, LayerMode(a), f64),
            "Conv1d" => new Conv1d(inC, outC, Int(a, "kernel", 0), Int(a, "stride", 1), Padding(a), Int(a, "dilation", 1), groups, bias, LayerMode(a), f64),
            "ConvTranspose2d" => new ConvTranspose2d(inC, outC, Pair(a, "kernel")!.Value, Pair(a, "stride"), Pair(a, "padding"), Pair(a, "output_padding"),
                groups, bias, Pair(a, "dilation"), dtype: f64),
            var k => throw new NotSupportedException(k),
        };
    }

    [Theory, MemberData(nameof(ModuleCases))]
    public void LayerMatchesPyTorch(string name)
    {
        var c = Find("modules", name);
        var m = Build(c);
        Assert.Equal(c.GetProperty("repr").GetString(), m.ToString());
        m.LoadStateDict(c.GetProperty("state").EnumerateObject().ToDictionary(p => p.Name, p => Fixtures.Tensor(p.Value)));
        var x = Fixtures.Tensor(c.GetProperty("input")).RequiresGrad_();
        var y = m.Forward(x);
        (y * Fixtures.Tensor(c.GetProperty("upstream"))).Sum().Backward();
        // float64 layers over a handful of ≤ 50-term sums: the bound of OpMatchesPyTorch is ≤ 2·51·1.11e-16·Σ|terms|,
        // and Σ|terms| ≤ 50·|max term| ~ 10² here, so 1e-11 absolute plus 1e-11 relative covers it with margin.
        NNFixture.Close(c.GetProperty("output"), y, 1e-11, 1e-11, name + " output");
        NNFixture.Close(c.GetProperty("grad_input"), x.Grad!, 1e-11, 1e-11, name + " grad_input");
        var named = m.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        var grads = c.GetProperty("grads").EnumerateObject().ToList();
        Assert.Equal(grads.Select(g => g.Name).OrderBy(s => s), named.Keys.OrderBy(s => s));
        foreach (var g in grads) NNFixture.Close(g.Value, named[g.Name].Grad!, 1e-11, 1e-11, $"{name} grad {g.Name}");
    }

    [Fact]
    public void ReprsMatchPyTorch()
    {
        var r = Root().GetProperty("reprs");
        Assert.Equal(r.GetProperty("conv2d_default").GetString(), new Conv2d(3, 16, 3).ToString());
        Assert.Equal(r.GetProperty("conv2d_valid").GetString(), new Conv2d(3, 16, (3, 5), padding: ConvPadding.Valid, bias: false).ToString());
        Assert.Equal(r.GetProperty("conv1d").GetString(), new Conv1d(16, 33, 3, stride: 2, padding: 1, dilation: 2, paddingMode: PaddingMode.Reflect).ToString());
        Assert.Equal(r.GetProperty("conv_transpose2d").GetString(),
            new ConvTranspose2d(16, 33, (3, 5), stride: (2, 1), padding: (4, 2), outputPadding: (1, 0), dilation: (1, 2)).ToString());
    }
}
