using Glassbox.Autograd;
using Glassbox.Explain;
using Glassbox.Models;
using Glassbox.NN;

namespace Glassbox.Tests.Models;

/// <summary>The Vision Transformer: parameter counts, names, shapes, float64 gradients and the attention maps it hands to rollout.</summary>
public class VisionTransformerTests
{
    /// <summary>
    /// The count from the layer formulas of the class remarks, term by term, for the MNIST-sized network
    /// (28×28×1, patch 7 → 16 patches + class token, D = 32, MLP 64, 2 blocks, 10 classes).
    /// </summary>
    [Fact]
    public void ParameterCountMatchesTheLayerFormulas()
    {
        var vit = new VisionTransformer(28, 7, numLayers: 2, numHeads: 4, hiddenDim: 32, mlpDim: 64, numClasses: 10, inChannels: 1);
        long conv = 32 * 1 * 49 + 32, cls = 32, pos = 17 * 32;
        long block = 4 * 32 * 32 + 4 * 32 + 2 * 32 * 64 + 64 + 32 + 4 * 32;
        long final = 2 * 32, head = 32 * 10 + 10;
        Assert.Equal(conv + cls + pos + 2 * block + final + head, vit.ParameterCount);
        Assert.Equal(19_658, vit.ParameterCount);
    }

    /// <summary>
    /// ViT-B/16 (224², patch 16, 12 blocks of width 768 with 12 heads and MLP 3072, 1000 classes) has 86,567,656
    /// parameters in torchvision's <c>vit_b_16</c>; the same formulas give it here. (Building the 86M-parameter network
    /// would take seconds and 350 MB, so the count is checked on the formula that the small network verifies.)
    /// </summary>
    [Fact]
    public void FormulaGivesViTBase16Count()
    {
        static long Count(int image, int patch, int layers, int d, int mlp, int classes, int channels)
        {
            long n = (long)(image / patch) * (image / patch);
            long block = 4L * d * d + 4L * d + 2L * d * mlp + mlp + d + 4L * d;
            return (long)d * channels * patch * patch + d + d + (n + 1) * d + layers * block + 2L * d + (long)d * classes + classes;
        }
        Assert.Equal(19_658, Count(28, 7, 2, 32, 64, 10, 1));
        var vit = new VisionTransformer(32, 8, numLayers: 3, numHeads: 2, hiddenDim: 12, mlpDim: 20, numClasses: 7, inChannels: 3);
        Assert.Equal(Count(32, 8, 3, 12, 20, 7, 3), vit.ParameterCount);
        Assert.Equal(86_567_656, Count(224, 16, 12, 768, 3072, 1000, 3));
    }

    [Fact]
    public void NamesShapesAndInitialisation()
    {
        var vit = new VisionTransformer(8, 4, numLayers: 1, numHeads: 2, hiddenDim: 6, mlpDim: 5, numClasses: 3, inChannels: 2, generator: new Generator(1));
        var keys = vit.StateDict().Keys.ToList();
        Assert.Equal(["class_token", "pos_embedding", "conv_proj.weight", "conv_proj.bias"], keys.Take(4));   // own parameters first, as PyTorch
        Assert.Contains("encoder.layers.0.self_attn.in_proj_weight", keys);
        Assert.Contains("encoder.norm.weight", keys);
        Assert.Equal(["head.weight", "head.bias"], keys.TakeLast(2));
        Assert.Equal([1, 5, 6], vit.PosEmbedding.ShapeToArray());
        Assert.All(vit.ClassToken.ToDoubleArray(), v => Assert.Equal(0.0, v));
        Assert.True(vit.PosEmbedding.Abs().Max().Item() < 0.02 * 5);   // N(0, 0.02²): 30 draws stay inside 5σ
        var logits = vit.Forward(Tensor.Randn([3, 2, 8, 8], DType.Float32, new Generator(2)));
        Assert.Equal([3, 3], logits.ShapeToArray());
        var ex = Assert.Throws<ArgumentException>(() => vit.Forward(Tensor.Zeros([3, 1, 8, 8])));
        Assert.Contains("[N, 2, 8, 8]", ex.Message);
        Assert.Throws<ArgumentException>(() => new VisionTransformer(28, 5, 1, 2, 8, 8));
    }

    [Fact]
    public void GradCheckTinyNetwork()
    {
        var g = new Generator(3);
        var vit = new VisionTransformer(4, 2, numLayers: 1, numHeads: 2, hiddenDim: 4, mlpDim: 3, numClasses: 2, inChannels: 1, dtype: DType.Float64, generator: g);
        using (GradMode.NoGrad())
            foreach (var p in vit.Parameters()) p.CopyFrom(Tensor.Randn(p.ShapeToArray(), DType.Float64, g) * 0.5);
        var x = Tensor.Randn([2, 1, 4, 4], DType.Float64, g).RequiresGrad_();
        GradCheck.Assert(_ => vit.Forward(x), [x, .. vit.Parameters()]);
    }

    [Fact]
    public void AttentionMapsAreRowStochasticAndRolloutToo()
    {
        var g = new Generator(4);
        var vit = new VisionTransformer(8, 4, numLayers: 3, numHeads: 2, hiddenDim: 8, mlpDim: 8, numClasses: 3, inChannels: 1, dtype: DType.Float64, generator: g);
        vit.Eval();
        var x = Tensor.Randn([2, 1, 8, 8], DType.Float64, g);
        var maps = vit.AttentionMaps(x);
        Assert.Equal(3, maps.Count);
        var r = AttentionRollout.Compute(maps);
        foreach (var m in maps.Append(r))
        {
            Assert.Equal([2, 5, 5], m.ShapeToArray());
            foreach (var s in m.Sum(-1).ToDoubleArray()) Assert.Equal(1.0, s, 12);
        }
        var cls = AttentionRollout.ClassTokenMaps(r, 2);
        Assert.Equal([2, 2, 2], cls.ShapeToArray());
        Assert.Equal(1.0, cls.Max().Item(), 12);
    }

    /// <summary>A two-layer rollout worked by hand: Ã = ½A + ½I, R = Ã₂·Ã₁.</summary>
    [Fact]
    public void RolloutMatchesHandComputation()
    {
        var a1 = Tensor.FromArray(new double[] { 0.5, 0.5, 0, 1 }, [1, 2, 2]);
        var a2 = Tensor.FromArray(new double[] { 0, 1, 1, 0 }, [1, 2, 2]);
        // Ã₁ = [[.75, .25], [0, 1]], Ã₂ = [[.5, .5], [.5, .5]] → R = [[.375, .625], [.375, .625]].
        Assert.Equal([0.375, 0.625, 0.375, 0.625], AttentionRollout.Compute([a1, a2]).ToDoubleArray());
        // With no residual share it is the plain product A₂·A₁ = [[0, 1], [.5, .5]].
        Assert.Equal([0, 1, 0.5, 0.5], AttentionRollout.Compute([a1, a2], residualWeight: 0).ToDoubleArray());
        Assert.Throws<ArgumentException>(() => AttentionRollout.Compute([]));
        Assert.Throws<ArgumentException>(() => AttentionRollout.Compute([a1, Tensor.Zeros([1, 3, 3], DType.Float64)]));
    }
}
