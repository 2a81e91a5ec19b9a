using System.Text.Json;
using Glassbox.NN;
using Glassbox.Testing;

namespace Glassbox.Tests.NN;

/// <summary>
/// RNNCell, LSTMCell, GRUCell, RNN, LSTM and GRU against PyTorch 1.13 (tests/fixtures/seq/rnn.json, written by
/// tools/reference/seq_rnn_fixtures.py): outputs and the gradients of Σ output·u (+ Σ h_n·u_h + Σ c_n·u_c) with respect to
/// the input, the initial states and every parameter, in float64. Layers are checked on both the fused path and the
/// composed reference; variable-length cases pass PyTorch's pack_padded_sequence lengths directly.
/// </summary>
/// <remarks>
/// <b>Tolerance.</b> Every value is a chain of at most T·L ≤ 18 steps, each a sum of at most in + P + 2 ≤ 25 products
/// followed by σ or tanh, whose derivatives are ≤ 1, and the parameters are ≤ 0.6 in magnitude, so a rounding error of
/// one step is not amplified by more than the step's ‖W‖₁ ≲ 15 per step in the worst case and in practice shrinks
/// (the observed worst difference is about 1e-14). Both sides round in float64 (unit roundoff 1.1e-16) in different
/// orders, so 1e-10·(1 + |expected|) is far above the rounding noise, while any real mistake (a swapped gate, the GRU
/// reset gate applied before the hidden product, a bias counted twice, a wrong step of a reversed sequence) changes
/// values by 1e-2 or more.
/// </remarks>
public class RecurrentFixtureTests
{
    private const double Tol = 1e-10;
    private static JsonDocument? doc;
    private static readonly object Gate = new();

    private static JsonElement Root()
    {
        lock (Gate) return (doc ??= Fixtures.LoadDocument(Path.Combine(Fixtures.Folder("seq"), "rnn.json"))).RootElement;
    }

    private static JsonElement Find(string list, string name) =>
        Root().GetProperty(list).EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> CellCases()
    {
        var d = new TheoryData<string>();
        foreach (var c in Root().GetProperty("cells").EnumerateArray()) d.Add(c.GetProperty("name").GetString()!);
        return d;
    }

    public static TheoryData<string, bool> LayerCases()
    {
        var d = new TheoryData<string, bool>();
        foreach (var c in Root().GetProperty("layers").EnumerateArray())
        {
            d.Add(c.GetProperty("name").GetString()!, true);
            d.Add(c.GetProperty("name").GetString()!, false);
        }
        return d;
    }

    private static Dictionary<string, Tensor> Tensors(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => Fixtures.Tensor(p.Value));

    private static void Close(Tensor expected, Tensor? actual, string what)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ShapeToArray(), actual!.ShapeToArray());
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= Tol * (1 + Math.Abs(e[i])), $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R}");
    }

    private static void CheckGrads(JsonElement c, Module m, Dictionary<string, Tensor> inputs)
    {
        foreach (var (name, g) in Tensors(c.GetProperty("grads")))
        {
            var t = inputs.TryGetValue(name, out var x) ? x : m.NamedParameters().First(p => p.Name == name).Parameter;
            Close(g, t.Grad, "grad " + name);
        }
    }

    [Theory, MemberData(nameof(CellCases))]
    public void CellMatchesPyTorch(string name)
    {
        var c = Find("cells", name);
        var a = c.GetProperty("args");
        int inSize = a.GetProperty("input_size").GetInt32(), hidden = a.GetProperty("hidden_size").GetInt32();
        bool bias = a.GetProperty("bias").GetBoolean();
        var inputs = Tensors(c.GetProperty("inputs"));
        foreach (var t in inputs.Values) t.RequiresGrad_();
        var ups = Tensors(c.GetProperty("upstream"));
        var outs = Tensors(c.GetProperty("outputs"));
        Module m;
        Tensor loss;
        switch (c.GetProperty("kind").GetString())
        {
            case "lstm":
            {
                var cell = new LSTMCell(inSize, hidden, bias, DType.Float64);
                m = cell;
                cell.LoadStateDict(Tensors(c.GetProperty("state")));
                var (h, cc) = cell.Call(inputs["input"], inputs.ContainsKey("hx") ? (inputs["hx"], inputs["cx"]) : null);
                Close(outs["h"], h, "h");
                Close(outs["c"], cc, "c");
                loss = (h * ups["h"]).Sum() + (cc * ups["c"]).Sum();
                break;
            }
            case "gru":
            {
                var cell = new GRUCell(inSize, hidden, bias, DType.Float64);
                m = cell;
                cell.LoadStateDict(Tensors(c.GetProperty("state")));
                var h = cell.Call(inputs["input"], inputs.GetValueOrDefault("hx"));
                Close(outs["h"], h, "h");
                loss = (h * ups["h"]).Sum();
                break;
            }
            default:
            {
                var nl = a.GetProperty("nonlinearity").GetString() == "relu" ? Nonlinearity.Relu : Nonlinearity.Tanh;
                var cell = new RNNCell(inSize, hidden, bias, nl, DType.Float64);
                m = cell;
                cell.LoadStateDict(Tensors(c.GetProperty("state")));
                var h = cell.Call(inputs["input"], inputs.GetValueOrDefault("hx"));
                Close(outs["h"], h, "h");
                loss = (h * ups["h"]).Sum();
                break;
            }
        }
        loss.Backward();
        CheckGrads(c, m, inputs);
    }

    [Theory, MemberData(nameof(LayerCases))]
    public void LayerMatchesPyTorch(string name, bool fused)
    {
        var c = Find("layers", name);
        var a = c.GetProperty("args");
        int inSize = a.GetProperty("input_size").GetInt32(), hidden = a.GetProperty("hidden_size").GetInt32();
        int layers = a.GetProperty("num_layers").GetInt32(), proj = a.GetProperty("proj_size").GetInt32();
        bool bias = a.GetProperty("bias").GetBoolean(), bf = a.GetProperty("batch_first").GetBoolean(), bi = a.GetProperty("bidirectional").GetBoolean();
        int[]? lengths = c.TryGetProperty("lengths", out var le) ? le.EnumerateArray().Select(v => v.GetInt32()).ToArray() : null;
        var inputs = Tensors(c.GetProperty("inputs"));
        foreach (var t in inputs.Values) t.RequiresGrad_();
        var ups = Tensors(c.GetProperty("upstream"));
        var outs = Tensors(c.GetProperty("outputs"));
        var x = inputs["input"];
        Module m;
        Tensor y, hn;
        Tensor? cn = null;
        switch (c.GetProperty("kind").GetString())
        {
            case "lstm":
            {
                var l = new LSTM(inSize, hidden, layers, bias, bf, 0, bi, proj, DType.Float64) { UseFusedKernel = fused };
                m = l;
                l.LoadStateDict(Tensors(c.GetProperty("state")));
                (y, (hn, cn)) = l.Forward(x, inputs.ContainsKey("h0") ? (inputs["h0"], inputs["c0"]) : null, lengths);
                break;
            }
            case "gru":
            {
                var l = new GRU(inSize, hidden, layers, bias, bf, 0, bi, DType.Float64) { UseFusedKernel = fused };
                m = l;
                l.LoadStateDict(Tensors(c.GetProperty("state")));
                (y, hn) = l.Forward(x, inputs.GetValueOrDefault("h0"), lengths);
                break;
            }
            default:
            {
                var nl = a.GetProperty("nonlinearity").GetString() == "relu" ? Nonlinearity.Relu : Nonlinearity.Tanh;
                var l = new RNN(inSize, hidden, layers, nl, bias, bf, 0, bi, DType.Float64) { UseFusedKernel = fused };
                m = l;
                l.LoadStateDict(Tensors(c.GetProperty("state")));
                (y, hn) = l.Forward(x, inputs.GetValueOrDefault("h0"), lengths);
                break;
            }
        }
        Close(outs["output"], y, "output");
        Close(outs["h_n"], hn, "h_n");
        var loss = (y * ups["output"]).Sum() + (hn * ups["h_n"]).Sum();
        if (cn is not null)
        {
            Close(outs["c_n"], cn, "c_n");
            loss = loss + (cn * ups["c_n"]).Sum();
        }
        loss.Backward();
        CheckGrads(c, m, inputs);
    }
}
