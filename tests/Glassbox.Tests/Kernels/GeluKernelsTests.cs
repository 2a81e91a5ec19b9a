using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The vectorised float32 GELU against the float64 reference kernel (series/continued-fraction erf, accurate to double
/// precision): each float32 result must be the float64 value rounded to float32, or its neighbour — the fitted erfc has
/// relative error below 2e-10, so only values within that distance of a rounding boundary may round the other way.
/// </summary>
public class GeluKernelsTests
{
    /// <summary>Distance in float32 ulps (units in the last place) between two finite floats of any sign.</summary>
    private static long Ulps(float a, float b)
    {
        static long Key(float f) { int i = BitConverter.SingleToInt32Bits(f); return i < 0 ? int.MinValue - (long)i : i; }
        return Math.Abs(Key(a) - Key(b));
    }

    private static float[] Grid()
    {
        var xs = new List<float>();
        for (int i = -24000; i <= 24000; i++) xs.Add(i / 1000f);           // [-24, 24] step 0.001: both tails and the clamp at |x| = 12√2
        foreach (var v in new[] { 0f, -0f, 1e-30f, -1e-30f, 1e-7f, -1e-7f, 40f, -40f, 1e6f, -1e6f, float.Epsilon, -float.Epsilon }) xs.Add(v);
        return xs.ToArray();
    }

    [Fact]
    public void ForwardIsTheRoundedDoubleValueWithinOneUlp()
    {
        var x = Grid();
        var y = new float[x.Length];
        GeluKernels.Gelu(y, x);
        var x64 = Array.ConvertAll(x, v => (double)v);
        var y64 = new double[x.Length];
        ActivationKernels.Gelu<double>(y64, x64);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Ulps(y[i], (float)y64[i]) <= 1, $"gelu({x[i]:R}) = {y[i]:R}, reference {y64[i]:R}");
    }

    [Fact]
    public void DerivativeAndFusedBackwardMatchTheReference()
    {
        var x = Grid();
        var g = new float[x.Length];
        var rng = new Generator(5);
        for (int i = 0; i < g.Length; i++) g[i] = (float)(rng.NextDouble() * 4 - 2);
        var d = new float[x.Length];
        var dx = new float[x.Length];
        GeluKernels.GeluGrad(d, x);
        GeluKernels.GeluBackward(dx, g, x);
        var x64 = Array.ConvertAll(x, v => (double)v);
        var d64 = new double[x.Length];
        ActivationKernels.GeluGrad<double>(d64, x64);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Ulps(d[i], (float)d64[i]) <= 1, $"gelu'({x[i]:R}) = {d[i]:R}, reference {d64[i]:R}");
            // g·GELU′ is formed in double from the float g and rounded once.
            Assert.True(Ulps(dx[i], (float)(g[i] * d64[i])) <= 1, $"g·gelu'({x[i]:R}) = {dx[i]:R}, reference {g[i] * d64[i]:R}");
        }
    }

    [Fact]
    public void TensorGeluFloat32BackwardIsTheFusedKernel()
    {
        var x = Tensor.FromArray(new float[] { -3f, -0.5f, 0f, 0.25f, 2f, 7f }, 2, 3).RequiresGrad_();
        var y = x.Gelu();
        var u = Tensor.FromArray(new float[] { 1f, -2f, 0.5f, 3f, -1f, 0.25f }, 2, 3);
        (y * u).Sum().Backward();
        var x64 = x.Detach().Double().RequiresGrad_();
        (x64.Gelu() * u.Double()).Sum().Backward();
        var a = x.Grad!.ToArray<float>();
        var b = x64.Grad!.ToDoubleArray();
        for (int i = 0; i < a.Length; i++) Assert.True(Ulps(a[i], (float)b[i]) <= 1, $"element {i}: {a[i]:R} vs {b[i]:R}");
        var ys = y.ToArray<float>();
        var y64 = x64.Detach().Gelu().ToDoubleArray();
        for (int i = 0; i < ys.Length; i++) Assert.True(Ulps(ys[i], (float)y64[i]) <= 1);
    }
}
