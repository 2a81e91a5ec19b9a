using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>Module-level behaviour of the normalisation layers that the PyTorch fixtures do not exercise.</summary>
public class NormModuleTests
{
    private static Tensor Rand(ulong seed, DType dt, params int[] shape)
    {
        var g = new Generator(seed);
        var v = new double[ShapeUtil.Numel(shape)];
        for (int i = 0; i < v.Length; i++) v[i] = g.NextNormal() * 2 + 1;
        return Tensor.FromArray(v, shape).To(dt);
    }

    [Fact]
    public void ResetRunningStatsRestoresTheInitialBuffers()
    {
        var bn = new BatchNorm2d(3);
        bn.Forward(Rand(1, DType.Float32, 2, 3, 4, 4));
        bn.Forward(Rand(2, DType.Float32, 2, 3, 4, 4));
        Assert.Equal(2L, bn.NumBatchesTracked!.Item<long>());
        Assert.NotEqual(new float[3], bn.RunningMean!.ToArray<float>());
        bn.ResetRunningStats();
        Assert.Equal(new float[3], bn.RunningMean!.ToArray<float>());
        Assert.Equal(new[] { 1f, 1f, 1f }, bn.RunningVar!.ToArray<float>());
        Assert.Equal(0L, bn.NumBatchesTracked!.Item<long>());
    }

    [Fact]
    public void WithoutTrackingOrAffineNothingIsRegistered()
    {
        var bn = new BatchNorm2d(4, affine: false, trackRunningStats: false);
        Assert.Empty(bn.StateDict());
        Assert.Empty(bn.Parameters());
        Assert.Null(bn.RunningMean);
        Assert.Equal("BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)", bn.ToString());
        var gn = new GroupNorm(2, 4, affine: false);
        Assert.Empty(gn.StateDict());
        Assert.Equal(["weight", "bias"], new InstanceNorm2d(3, affine: true).StateDict().Keys);
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], new InstanceNorm2d(3, trackRunningStats: true).StateDict().Keys);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void NonContiguousInputMatchesItsContiguousCopy(DType dt)
    {
        // A [N, C, W, H] tensor transposed to [N, C, H, W]: strided, so the ops must gather it before the kernels run.
        var strided = Rand(3, dt, 2, 3, 5, 4).Transpose(2, 3);
        var dense = strided.Contiguous();
        foreach (Func<Tensor, Tensor> f in new Func<Tensor, Tensor>[]
                 {
                     x => F.BatchNorm(x, null, null, training: true),
                     x => F.GroupNorm(x, 3),
                     x => F.InstanceNorm(x),
                 })
        {
            var (a, b) = (strided.Detach().RequiresGrad_(), dense.Detach().RequiresGrad_());
            var ya = f(a);
            var yb = f(b);
            Assert.Equal(yb.ToDoubleArray(), ya.ToDoubleArray());
            var up = Rand(4, dt, 2, 3, 4, 5);
            (ya * up).Sum().Backward();
            (yb * up).Sum().Backward();
            Assert.Equal(b.Grad!.ToDoubleArray(), a.Grad!.Contiguous().ToDoubleArray());
        }
    }

    [Fact]
    public void ParameterGradientsDoNotNeedTheInputGradient()
    {
        var x = Rand(5, DType.Float64, 3, 2, 3, 3);
        var up = Rand(6, DType.Float64, 3, 2, 3, 3);
        var w = Tensor.FromArray(new[] { 0.7, 1.3 }, 2);
        var b = Tensor.FromArray(new[] { 0.1, -0.2 }, 2);
        (Tensor Dw, Tensor Db) Grads(bool inputGrad, Func<Tensor, Tensor, Tensor, Tensor> f)
        {
            var (xi, wi, bi) = (inputGrad ? x.Detach().RequiresGrad_() : x.Detach(), w.Detach().RequiresGrad_(), b.Detach().RequiresGrad_());
            (f(xi, wi, bi) * up).Sum().Backward();
            Assert.Equal(inputGrad, xi.Grad is not null);
            return (wi.Grad!, bi.Grad!);
        }
        foreach (Func<Tensor, Tensor, Tensor, Tensor> f in new Func<Tensor, Tensor, Tensor, Tensor>[]
                 {
                     (xi, wi, bi) => F.BatchNorm(xi, null, null, wi, bi, training: true),
                     (xi, wi, bi) => F.GroupNorm(xi, 2, wi, bi),
                 })
        {
            var (dw1, db1) = Grads(true, f);
            var (dw2, db2) = Grads(false, f);
            Assert.Equal(dw1.ToDoubleArray(), dw2.ToDoubleArray());
            Assert.Equal(db1.ToDoubleArray(), db2.ToDoubleArray());
        }
    }

    [Fact]
    public void InstanceNormWithRunningStatsIsEvalBatchNorm()
    {
        var x = Rand(7, DType.Float64, 2, 3, 4, 4);
        var rm = Tensor.FromArray(new[] { 0.5, -1.0, 2.0 }, 3);
        var rv = Tensor.FromArray(new[] { 1.5, 0.25, 4.0 }, 3);
        var a = F.InstanceNorm(x, rm, rv, useInputStats: false);
        var b = F.BatchNorm(x, rm, rv, training: false);
        Assert.Equal(b.ToDoubleArray(), a.ToDoubleArray());
    }

    [Fact]
    public void UnbatchedInstanceNormEqualsABatchOfOne()
    {
        var m = new InstanceNorm2d(3, affine: true);
        var x = Rand(8, DType.Float32, 3, 4, 5);
        var y = m.Forward(x);
        Assert.Equal([3, 4, 5], y.ShapeToArray());
        Assert.Equal(m.Forward(x.Unsqueeze(0)).ToArray<float>(), y.ToArray<float>());
    }
}
