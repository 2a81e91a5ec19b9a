using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>
/// Transformer layers beyond PyTorch parity: float64 finite-difference gradients of tiny blocks (every input and
/// parameter), the causal flag, cloning and stacking, initialisation, dropout, names and errors.
/// </summary>
public class TransformerTests
{
    private const DType F64 = DType.Float64;

    private static Tensor Randn(Generator g, params int[] shape) => Tensor.Randn(shape, F64, g);

    /// <summary>Gives every parameter a random value of order one, so that zero biases and unit norm weights do not hide a wrong gradient.</summary>
    private static void Scramble(Module m, Generator g)
    {
        using var _ = GradMode.NoGrad();
        foreach (var p in m.Parameters()) p.CopyFrom(Tensor.Randn(p.ShapeToArray(), F64, g) * 0.5 + (p.NDim == 1 ? 0.3 : 0));
    }

    [Theory]
    [InlineData(false, TransformerActivation.Relu)]
    [InlineData(true, TransformerActivation.Gelu)]
    public void EncoderLayerGradCheck(bool normFirst, TransformerActivation activation)
    {
        var g = new Generator(3);
        var layer = new TransformerEncoderLayer(4, 2, 5, dropout: 0, activation, normFirst: normFirst, dtype: F64, generator: g);
        Scramble(layer, g);
        var x = Randn(g, 3, 2, 4).RequiresGrad_();
        var mask = Transformer.GenerateSquareSubsequentMask(3, F64);
        var pad = Tensor.FromArray(new[] { false, false, true, false, false, false }, [2, 3]);
        // ReLU has a kink at 0: a central difference with step 1e-6 is wrong only for a pre-activation within 1e-6 of 0,
        // which none of this seeded case's 30 pre-activations is (such a case would fail here every run, not at random).
        GradCheck.Assert(_ => layer.Forward(x, mask, pad), [x, .. layer.Parameters()]);
    }

    [Fact]
    public void DecoderLayerGradCheck()
    {
        var g = new Generator(4);
        var layer = new TransformerDecoderLayer(4, 2, 3, dropout: 0, TransformerActivation.Gelu, normFirst: true, batchFirst: true, dtype: F64, generator: g);
        Scramble(layer, g);
        var tgt = Randn(g, 2, 3, 4).RequiresGrad_();
        var memory = Randn(g, 2, 2, 4).RequiresGrad_();
        var memPad = Tensor.FromArray(new[] { false, true, false, false }, [2, 2]);
        GradCheck.Assert(_ => layer.Forward(tgt, memory, memoryKeyPaddingMask: memPad, tgtIsCausal: true), [tgt, memory, .. layer.Parameters()]);
    }

    [Fact]
    public void IsCausalWithoutMaskEqualsTheSquareSubsequentMask()
    {
        var g = new Generator(5);
        var enc = new TransformerEncoderLayer(6, 3, 8, dropout: 0, dtype: F64, generator: g);
        var dec = new TransformerDecoderLayer(6, 2, 8, dropout: 0, dtype: F64, generator: g);
        var x = Randn(g, 5, 2, 6);
        var mem = Randn(g, 4, 2, 6);
        var causal = Transformer.GenerateSquareSubsequentMask(5, F64);
        // The flag may take the attention kernel's causal path, which skips the masked scores instead of adding −∞ to
        // them: the same sums, possibly grouped differently, so equal to within float64 rounding of O(1) values.
        NNFixture.Close(enc.Forward(x, causal).ToDoubleArray(), enc.Forward(x, isCausal: true).ToDoubleArray(), 1e-12, 1e-12, "encoder is_causal");
        NNFixture.Close(dec.Forward(x, mem, causal).ToDoubleArray(), dec.Forward(x, mem, tgtIsCausal: true).ToDoubleArray(), 1e-12, 1e-12, "decoder tgt_is_causal");
        // And the mask matters: position 0 of a causal layer must not depend on later positions.
        var x2 = x.Clone();
        using (GradMode.NoGrad()) x2.Narrow(0, 4, 1).Fill(7.0);
        var y1 = enc.Forward(x, isCausal: true).Narrow(0, 0, 4).ToDoubleArray();
        var y2 = enc.Forward(x2, isCausal: true).Narrow(0, 0, 4).ToDoubleArray();
        Assert.Equal(y1, y2);
        Assert.NotEqual(enc.Forward(x).Narrow(0, 0, 4).ToDoubleArray(), enc.Forward(x2).Narrow(0, 0, 4).ToDoubleArray());
    }

    [Fact]
    public void CloneCopiesValuesNotStorage()
    {
        var layer = new TransformerEncoderLayer(4, 2, 6, dtype: F64, generator: new Generator(6));
        layer.Eval();
        var copy = layer.Clone();
        Assert.False(copy.Training);
        var a = layer.StateDict();
        var b = copy.StateDict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var k in a.Keys) Assert.Equal(a[k].ToDoubleArray(), b[k].ToDoubleArray());
        using (GradMode.NoGrad()) copy.Linear1.Weight.Fill(0.0);
        Assert.NotEqual(0.0, layer.Linear1.Weight.Abs().Sum().Item());
    }

    [Fact]
    public void StackOfClonesStartsEqualAndFactoryStackDoesNot()
    {
        var g = new Generator(7);
        var cloned = new TransformerEncoder(new TransformerEncoderLayer(4, 2, 6, generator: g), 3);
        Assert.Equal(3, cloned.NumLayers);
        Assert.Equal(cloned.Layers[0].Linear1.Weight.ToDoubleArray(), cloned.Layers[2].Linear1.Weight.ToDoubleArray());
        Assert.NotSame(cloned.Layers[0].Linear1.Weight, cloned.Layers[2].Linear1.Weight);
        var fresh = new TransformerDecoder(_ => new TransformerDecoderLayer(4, 2, 6, generator: g), 2, new LayerNorm(4));
        Assert.NotEqual(fresh.Layers[0].Linear1.Weight.ToDoubleArray(), fresh.Layers[1].Linear1.Weight.ToDoubleArray());
        Assert.Contains("norm.bias", fresh.StateDict().Keys);
        Assert.DoesNotContain(cloned.StateDict().Keys, k => k.StartsWith("norm", StringComparison.Ordinal));
    }

    [Fact]
    public void TransformerInitIsXavierUniformOnMatrices()
    {
        var t = new Transformer(8, 2, 2, 1, 12, generator: new Generator(8));
        foreach (var (name, p) in t.NamedParameters())
        {
            var v = p.ToDoubleArray();
            if (p.NDim > 1)
            {
                // xavier_uniform bound √(6/(fan_in + fan_out)); a fresh draw of ≥ 64 values comes within 30% of it.
                double bound = Math.Sqrt(6.0 / (p.Size(1) + p.Size(0)));
                Assert.True(v.All(u => Math.Abs(u) <= bound), name);
                Assert.True(v.Max(Math.Abs) > 0.7 * bound, name);
            }
        }
        // The clones differ after the re-initialisation, as in PyTorch.
        Assert.NotEqual(t.Encoder.Layers[0].Linear1.Weight.ToDoubleArray(), t.Encoder.Layers[1].Linear1.Weight.ToDoubleArray());
        Assert.NotNull(t.Encoder.Norm);
        Assert.NotNull(t.Decoder.Norm);
    }

    [Fact]
    public void DropoutIsActiveOnlyInTraining()
    {
        var layer = new TransformerEncoderLayer(6, 2, 10, dropout: 0.5, generator: new Generator(9));
        var x = Tensor.Randn([4, 3, 6], DType.Float32, new Generator(10));
        var train1 = layer.Forward(x).ToDoubleArray();
        var train2 = layer.Forward(x).ToDoubleArray();
        Assert.NotEqual(train1, train2);
        layer.Eval();
        Assert.Equal(layer.Forward(x).ToDoubleArray(), layer.Forward(x).ToDoubleArray());
    }

    [Fact]
    public void BiasFreeBlocksHaveNoBiases()
    {
        var t = new Transformer(6, 2, 1, 1, 8, bias: false);
        Assert.DoesNotContain(t.NamedParameters(), p => p.Name.EndsWith("bias", StringComparison.Ordinal));
        // Per block: attention 4·36 (+ cross-attention 4·36 in the decoder), feed-forward 2·6·8, one γ per norm.
        long enc = 4 * 36 + 2 * 48 + 2 * 6, dec = 8 * 36 + 2 * 48 + 3 * 6;
        Assert.Equal(enc + dec + 2 * 6, t.ParameterCount);
    }

    [Fact]
    public void ShapesFollowBatchFirstAndUnbatched()
    {
        var g = new Generator(11);
        var t = new Transformer(8, 4, 1, 1, 16, batchFirst: true, generator: g);
        Assert.Equal([2, 5, 8], t.Forward(Tensor.Randn([2, 3, 8], DType.Float32, g), Tensor.Randn([2, 5, 8], DType.Float32, g)).ShapeToArray());
        Assert.Equal([5, 8], t.Forward(Tensor.Randn([3, 8], DType.Float32, g), Tensor.Randn([5, 8], DType.Float32, g)).ShapeToArray());
    }

    [Fact]
    public void ErrorsNameTheOpAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TransformerEncoderLayer(6, 4));
        Assert.Contains("6", ex.Message);
        Assert.Contains("4", ex.Message);
        var layer = new TransformerEncoderLayer(8, 2, 16);
        ex = Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros([3, 2, 7])));
        Assert.Contains("TransformerEncoderLayer", ex.Message);
        Assert.Contains("[3, 2, 7]", ex.Message);
        var t = new Transformer(8, 2, 1, 1, 16);
        ex = Assert.Throws<ArgumentException>(() => t.Forward(Tensor.Zeros([3, 2, 8]), Tensor.Zeros([4, 3, 8])));
        Assert.Contains("batch number", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => t.Forward(Tensor.Zeros([3, 2, 8]), Tensor.Zeros([4, 2, 6])));
        Assert.Contains("d_model=8", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new TransformerDecoderLayer(8, 2, 16).Forward(Tensor.Zeros([3, 2, 8]), Tensor.Zeros([4, 8])));
        Assert.Contains("both be batched", ex.Message);
    }
}
