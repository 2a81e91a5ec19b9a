using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>
/// Recurrent layers beyond the PyTorch fixtures: float64 gradchecks (cells, a 2-layer bidirectional LSTM and GRU, with
/// lengths), the fused path against the composed reference in float32 on odd sizes, variable-length batches against
/// running each sequence alone, dropout placement, parameter names and the error messages.
/// </summary>
public class RecurrentModuleTests
{
    private static Tensor Randn(Generator g, params int[] shape) => Tensor.Randn(shape, DType.Float64, g);

    /// <summary>Flattens and concatenates, so that one gradcheck covers every output of a layer.</summary>
    private static Tensor Flat(params Tensor?[] ts) => Tensor.Cat(ts.Where(t => t is not null).Select(t => t!.Reshape(-1)).ToArray(), 0);

    [Fact]
    public void CellsPassGradCheck()
    {
        var g = new Generator(1);
        var x = Randn(g, 2, 3).RequiresGrad_();
        var h = Randn(g, 2, 4).RequiresGrad_();
        var c = Randn(g, 2, 4).RequiresGrad_();
        var rnn = new RNNCell(3, 4, dtype: DType.Float64, generator: g);
        GradCheck.Assert(_ => rnn.Call(x, h), [x, h, .. rnn.Parameters()]);
        var relu = new RNNCell(3, 4, nonlinearity: Nonlinearity.Relu, dtype: DType.Float64, generator: g);
        GradCheck.Assert(_ => relu.Call(x, h), [x, h, .. relu.Parameters()]);
        var lstm = new LSTMCell(3, 4, dtype: DType.Float64, generator: g);
        GradCheck.Assert(_ => { var (h2, c2) = lstm.Call(x, (h, c)); return Flat(h2, c2); }, [x, h, c, .. lstm.Parameters()]);
        var gru = new GRUCell(3, 4, dtype: DType.Float64, generator: g);
        GradCheck.Assert(_ => gru.Call(x, h), [x, h, .. gru.Parameters()]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BidirectionalTwoLayerLstmPassesGradCheck(bool withLengths)
    {
        var g = new Generator(2);
        var lstm = new LSTM(2, 3, numLayers: 2, bidirectional: true, dtype: DType.Float64, generator: g);
        var x = Randn(g, 3, 2, 2).RequiresGrad_();
        var h0 = Randn(g, 4, 2, 3).RequiresGrad_();
        var c0 = Randn(g, 4, 2, 3).RequiresGrad_();
        int[]? lengths = withLengths ? [3, 2] : null;
        GradCheck.Assert(_ => { var (y, (h, c)) = lstm.Forward(x, (h0, c0), lengths); return Flat(y, h, c); }, [x, h0, c0, .. lstm.Parameters()]);
    }

    [Fact]
    public void ProjectedLstmAndBidirectionalGruPassGradCheck()
    {
        var g = new Generator(3);
        var x = Randn(g, 3, 2, 2).RequiresGrad_();
        var lstm = new LSTM(2, 4, projSize: 2, bidirectional: true, dtype: DType.Float64, generator: g);
        GradCheck.Assert(_ => { var (y, (h, c)) = lstm.Forward(x, null, [2, 3]); return Flat(y, h, c); }, [x, .. lstm.Parameters()]);
        var gru = new GRU(2, 3, numLayers: 2, bidirectional: true, dtype: DType.Float64, generator: g);
        var h0 = Randn(g, 4, 2, 3).RequiresGrad_();
        GradCheck.Assert(_ => { var (y, h) = gru.Forward(x, h0, [1, 3]); return Flat(y, h); }, [x, h0, .. gru.Parameters()]);
        var rnn = new RNN(2, 3, nonlinearity: Nonlinearity.Tanh, bidirectional: true, dtype: DType.Float64, generator: g);
        GradCheck.Assert(_ => { var (y, h) = rnn.Forward(x, null, [3, 1]); return Flat(y, h); }, [x, .. rnn.Parameters()]);
    }

    public static TheoryData<string, int, int, int, bool> FusedCases() => new()
    {
        { "lstm", 1, 1, 13, false }, { "lstm", 7, 5, 13, true }, { "lstm", 4, 3, 16, false },
        { "lstm_proj", 6, 3, 11, true }, { "gru", 1, 1, 13, false }, { "gru", 7, 5, 9, true }, { "gru_nobias", 5, 3, 7, true },
        { "rnn_tanh", 5, 3, 13, true }, { "rnn_relu", 1, 1, 7, false }, { "rnn_relu", 6, 4, 10, true },
    };

    /// <summary>
    /// The fused path (GEMMs + gate kernels + hand-written BPTT) against the composed cell, in float32, 2 layers,
    /// bidirectional, H not a multiple of 8, T = 1 and B = 1 included.
    /// </summary>
    /// <remarks>
    /// Both compute the same sums in different orders (GEMM blocking vs one Linear per step; all steps' weight
    /// gradients in one GEMM vs accumulated step by step). Values are O(1) and each is a sum of ≤ T·(in + H) ≈ 200
    /// products of O(1) terms, so the two float32 results differ by at most ~200·6e-8·O(1) ≈ 1e-5 in the worst case;
    /// 1e-4·(1 + |v|) is safely above that and far below the 1e-2 effect of any real error.
    /// </remarks>
    [Theory, MemberData(nameof(FusedCases))]
    public void FusedMatchesComposed(string kind, int steps, int batch, int hidden, bool withLengths)
    {
        var results = new List<double[]>[2];
        for (int pass = 0; pass < 2; pass++)
        {
            var g = new Generator(11);
            bool fused = pass == 0;
            var x = Tensor.Randn([steps, batch, 5], DType.Float32, g).RequiresGrad_();
            var u = Tensor.Randn([steps, batch, 2 * (kind == "lstm_proj" ? 4 : hidden)], DType.Float32, g);
            int[]? lengths = withLengths ? Enumerable.Range(0, batch).Select(b => 1 + (b * 3 + 2) % steps).ToArray() : null;
            Module m;
            Tensor y, h;
            Tensor? c = null;
            switch (kind)
            {
                case "lstm": case "lstm_proj":
                {
                    var l = new LSTM(5, hidden, numLayers: 2, bidirectional: true, projSize: kind == "lstm_proj" ? 4 : 0, generator: g) { UseFusedKernel = fused };
                    m = l;
                    (y, (h, c)) = l.Forward(x, null, lengths);
                    break;
                }
                case "gru": case "gru_nobias":
                {
                    var l = new GRU(5, hidden, numLayers: 2, bias: kind == "gru", bidirectional: true, generator: g) { UseFusedKernel = fused };
                    m = l;
                    (y, h) = l.Forward(x, null, lengths);
                    break;
                }
                default:
                {
                    var l = new RNN(5, hidden, numLayers: 2, nonlinearity: kind == "rnn_relu" ? Nonlinearity.Relu : Nonlinearity.Tanh, bidirectional: true, generator: g) { UseFusedKernel = fused };
                    m = l;
                    (y, h) = l.Forward(x, null, lengths);
                    break;
                }
            }
            var loss = (y * u).Sum() + h.Sum() + (c?.Sum() ?? Tensor.Zeros([], DType.Float32));
            loss.Backward();
            results[pass] = [y.ToDoubleArray(), h.ToDoubleArray(), c?.ToDoubleArray() ?? [], x.Grad!.ToDoubleArray(), .. m.Parameters().Select(p => p.Grad!.ToDoubleArray())];
        }
        for (int k = 0; k < results[0].Count; k++)
            for (int i = 0; i < results[0][k].Length; i++)
                Assert.True(Math.Abs(results[0][k][i] - results[1][k][i]) <= 1e-4 * (1 + Math.Abs(results[1][k][i])),
                    $"{kind} result {k} element {i}: fused {results[0][k][i]}, composed {results[1][k][i]}");
    }

    /// <summary>A padded batch with lengths gives, for every sequence, exactly what that sequence gives run alone.</summary>
    [Theory]
    [InlineData("lstm", true)]
    [InlineData("lstm", false)]
    [InlineData("gru", true)]
    [InlineData("rnn", true)]
    public void LengthsEqualEachSequenceRunAlone(string kind, bool fused)
    {
        var g = new Generator(5);
        int steps = 6, batch = 4, hidden = 5;
        int[] lengths = [4, 6, 1, 3];
        Func<Tensor, Tensor, int[]?, (Tensor Y, Tensor H)> run;
        Tensor h0;
        if (kind == "lstm")
        {
            var l = new LSTM(3, hidden, numLayers: 2, bidirectional: true, projSize: 3, dtype: DType.Float64, generator: g) { UseFusedKernel = fused };
            h0 = Randn(g, 4, batch, 3);
            var c0 = Randn(g, 4, batch, hidden);
            // h and c of each sequence are selected together along the batch dimension
            run = (x, idx, len) =>
            {
                var hh = idx.NDim == 0 ? h0 : h0.IndexSelect(1, idx);
                var cc = idx.NDim == 0 ? c0 : c0.IndexSelect(1, idx);
                var (y, (h, c)) = l.Forward(x, (hh, cc), len);
                return (y, Tensor.Cat([h, c], 2));
            };
        }
        else if (kind == "gru")
        {
            var l = new GRU(3, hidden, numLayers: 2, bidirectional: true, dtype: DType.Float64, generator: g) { UseFusedKernel = fused };
            h0 = Randn(g, 4, batch, hidden);
            run = (x, idx, len) => l.Forward(x, idx.NDim == 0 ? h0 : h0.IndexSelect(1, idx), len);
        }
        else
        {
            var l = new RNN(3, hidden, numLayers: 2, bidirectional: true, dtype: DType.Float64, generator: g) { UseFusedKernel = fused };
            h0 = Randn(g, 4, batch, hidden);
            run = (x, idx, len) => l.Forward(x, idx.NDim == 0 ? h0 : h0.IndexSelect(1, idx), len);
        }
        var xAll = Randn(g, steps, batch, 3);
        var (yAll, hAll) = run(xAll, Tensor.Zeros([], DType.Int64), lengths);
        for (int b = 0; b < batch; b++)
        {
            var idx = Tensor.FromArray(new long[] { b }, 1);
            var (yb, hb) = run(xAll.Narrow(0, 0, lengths[b]).Narrow(1, b, 1), idx, null);
            var got = yAll.Narrow(1, b, 1);
            // Bitwise-close: the same operations on the same numbers, only the batch around them differs (GEMM may
            // block the rows differently, so allow float64 rounding: 1e-12).
            AssertClose(yb, got.Narrow(0, 0, lengths[b]), 1e-12);
            if (lengths[b] < steps) Assert.All(got.Narrow(0, lengths[b], steps - lengths[b]).ToDoubleArray(), v => Assert.Equal(0.0, v));
            AssertClose(hb, hAll.Narrow(1, b, 1), 1e-12);
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tol)
    {
        Assert.Equal(expected.ShapeToArray(), actual.ShapeToArray());
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= tol, $"[{i}]: expected {e[i]:R}, got {a[i]:R}");
    }

    [Fact]
    public void ParametersUsePyTorchNamesShapesAndInitBound()
    {
        var lstm = new LSTM(5, 8, numLayers: 2, bidirectional: true, projSize: 3, generator: new Generator(0));
        var names = lstm.NamedParameters().Select(p => $"{p.Name}:{string.Join("x", p.Parameter.ShapeToArray())}").ToArray();
        Assert.Equal(new[]
        {
            "weight_ih_l0:32x5", "weight_hh_l0:32x3", "bias_ih_l0:32", "bias_hh_l0:32", "weight_hr_l0:3x8",
            "weight_ih_l0_reverse:32x5", "weight_hh_l0_reverse:32x3", "bias_ih_l0_reverse:32", "bias_hh_l0_reverse:32", "weight_hr_l0_reverse:3x8",
            "weight_ih_l1:32x6", "weight_hh_l1:32x3", "bias_ih_l1:32", "bias_hh_l1:32", "weight_hr_l1:3x8",
            "weight_ih_l1_reverse:32x6", "weight_hh_l1_reverse:32x3", "bias_ih_l1_reverse:32", "bias_hh_l1_reverse:32", "weight_hr_l1_reverse:3x8",
        }, names);
        // U(−1/√H, 1/√H) with H = 8: every value inside ±0.3536, and with 1000+ draws the extremes come near the bound.
        var all = lstm.Parameters().SelectMany(p => p.ToDoubleArray()).ToArray();
        Assert.All(all, v => Assert.InRange(Math.Abs(v), 0, 1 / Math.Sqrt(8)));
        Assert.True(all.Max() > 0.34 && all.Min() < -0.34);
        var gru = new GRU(4, 6, bias: false);
        Assert.Equal(new[] { "weight_ih_l0", "weight_hh_l0" }, gru.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal("LSTM(5, 8, proj_size=3, num_layers=2, bidirectional=True)", lstm.ToString());
        Assert.Equal("GRU(4, 6, bias=False)", gru.ToString());
    }

    [Fact]
    public void BatchFirstAndUnbatchedAgreeWithTimeMajor()
    {
        var g = new Generator(8);
        var gru = new GRU(3, 4, numLayers: 2, dtype: DType.Float64, generator: g);
        var gruBf = new GRU(3, 4, numLayers: 2, batchFirst: true, dtype: DType.Float64, generator: g);
        gruBf.LoadStateDict(gru.StateDict());
        var x = Randn(g, 5, 2, 3);
        var (y, h) = gru.Call(x, null);
        var (yb, hb) = gruBf.Call(x.Transpose(0, 1), null);
        AssertClose(y, yb.Transpose(0, 1), 0);
        AssertClose(h, hb, 0);
        var (y1, h1) = gru.Call(x.Select(1, 1), null);
        Assert.Equal(new[] { 5, 4 }, y1.ShapeToArray());
        Assert.Equal(new[] { 2, 4 }, h1.ShapeToArray());
        AssertClose(y.Select(1, 1), y1, 1e-12);
    }

    [Fact]
    public void DropoutActsBetweenLayersOnlyAndOnlyInTraining()
    {
        var g = new Generator(9);
        var lstm = new LSTM(3, 4, numLayers: 2, dropout: 1.0, dtype: DType.Float64, generator: g);
        var x1 = Randn(g, 4, 2, 3);
        var x2 = Randn(g, 4, 2, 3);
        // p = 1 in training zeroes layer 0's outputs, so layer 1 sees zeros whatever the input ...
        var (ya, _) = lstm.Call(x1, null);
        var (yb, _) = lstm.Call(x2, null);
        AssertClose(ya, yb, 0);
        // ... but the last layer's output is not dropped (layer 1 on zero input still has a nonzero state from its biases)
        Assert.Contains(ya.ToDoubleArray(), v => v != 0);
        lstm.Eval();
        var (ye1, _) = lstm.Call(x1, null);
        var (ye2, _) = lstm.Call(x2, null);
        Assert.Contains(ye1.ToDoubleArray().Zip(ye2.ToDoubleArray()), p => p.First != p.Second);
    }

    [Fact]
    public void ErrorsNameTheOpAndTheShapes()
    {
        var lstm = new LSTM(5, 4, numLayers: 2);
        var e1 = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Zeros([3, 2, 6]), null));
        Assert.Contains("LSTM", e1.Message);
        Assert.Contains("Expected 5, got 6", e1.Message);
        Assert.Contains("[3, 2, 6]", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Zeros([3, 2, 5]), (Tensor.Zeros([2, 3, 4]), Tensor.Zeros([2, 2, 4]))));
        Assert.Contains("LSTM", e2.Message);
        Assert.Contains("[2, 2, 4]", e2.Message);
        Assert.Contains("[2, 3, 4]", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros([3, 2, 5]), null, [3, 1, 2]));
        Assert.Contains("LSTM", e3.Message);
        Assert.Contains("3 entries", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros([3, 2, 5]), null, [4, 1]));
        Assert.Contains("[1, 3]", e4.Message);
        var gru = new GRU(5, 4);
        var e5 = Assert.Throws<ArgumentException>(() => gru.Call(Tensor.Zeros([3, 2, 5]), Tensor.Zeros([1, 3, 4])));
        Assert.Contains("GRU", e5.Message);
        Assert.Contains("[1, 2, 4]", e5.Message);
        var cell = new LSTMCell(5, 4);
        var e6 = Assert.Throws<ArgumentException>(() => cell.Call(Tensor.Zeros([2, 3]), null));
        Assert.Contains("LSTMCell", e6.Message);
        Assert.Contains("expected 5", e6.Message);
        var e7 = Assert.Throws<ArgumentException>(() => new RNNCell(5, 4).Call(Tensor.Zeros([2, 5]), Tensor.Zeros([3, 4])));
        Assert.Contains("RNNCell", e7.Message);
        Assert.Contains("[2, 4]", e7.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(5, 4, projSize: 4));
    }
}
