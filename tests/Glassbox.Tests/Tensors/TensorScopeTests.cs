using Glassbox.Autograd;

namespace Glassbox.Tests.Tensors;

public class TensorScopeTests
{
    [Fact]
    public void TemporariesAreReleasedAndReuseTheirBuffers()
    {
        var w = Tensor.FromArray(new float[4096], 64, 64).RequiresGrad_();
        var x = Tensor.Ones(32, 64);
        Tensor temp;
        using (new TensorScope())
        {
            temp = x.MatMul(w).Relu();
            Assert.Equal(32 * 64, temp.Numel);
        }
        var e = Assert.Throws<ObjectDisposedException>(() => temp.ToArray<float>());
        Assert.Contains("TensorScope", e.Message);

        // The same unusual shapes again: every buffer of the step must now come from the pool. Other tests run
        // in parallel and only ever add hits, so "at least one hit per buffer of the step" is a sound lower bound.
        var a = Tensor.Ones(37, 53);
        var b = Tensor.Ones(53, 41);
        int buffers;
        using (var s = new TensorScope()) { a.MatMul(b).Relu(); buffers = s.Count; }
        Assert.True(buffers >= 2);
        long hitsBefore = BufferPool.Hits;
        using (new TensorScope()) { a.MatMul(b).Relu(); }
        Assert.True(BufferPool.Hits - hitsBefore >= buffers, $"expected >= {buffers} pool hits, got {BufferPool.Hits - hitsBefore}");
    }

    [Fact]
    public void KeptTensorsAndLeafGradientsSurvive()
    {
        var w = Tensor.FromArray([1.0, 2.0, 3.0]).RequiresGrad_();
        Tensor kept;
        using (new TensorScope())
        {
            var y = (w * w).Sum();
            y.Backward();
            kept = TensorScope.Keep(w * 10.0);
        }
        Assert.Equal(new[] { 2.0, 4.0, 6.0 }, w.Grad!.ToArray<double>());
        Assert.Equal(new[] { 10.0, 20.0, 30.0 }, kept.ToArray<double>());
        // gradients keep accumulating correctly across scopes
        using (new TensorScope()) { (w * w).Sum().Backward(); }
        Assert.Equal(new[] { 4.0, 8.0, 12.0 }, w.Grad!.ToArray<double>());
    }

    [Fact]
    public void UntrackedAllocationsOutliveTheScope()
    {
        Tensor state;
        using (new TensorScope())
        {
            using (TensorScope.Untracked()) state = Tensor.Zeros(10);
            using (GradMode.NoGrad()) state.AddInPlace(Tensor.Ones(10));
        }
        Assert.Equal(10f, state.Sum().Item<float>());
    }

    [Fact]
    public void PooledBuffersComeBackZeroed()
    {
        using (new TensorScope()) { Tensor.Full([1000], 7.0); }
        using (new TensorScope())
        {
            var z = Tensor.Zeros(1000);
            Assert.All(z.ToArray<float>(), v => Assert.Equal(0f, v));
        }
    }
}
