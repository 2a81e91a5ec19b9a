using Glassbox.Kernels;
using Glassbox.NN;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The fused batch/group/layer-norm kernels (through <see cref="F.BatchNorm"/>, <see cref="F.GroupNorm"/> and <see cref="F.LayerNorm"/>) against the
/// composed Tensor-op formulas of <see cref="NormReference"/> over a sweep of shapes: outputs, running statistics and
/// the gradients of input, weight and bias, in both dtypes. The reference always runs in float64 on the same values,
/// so a float32 mismatch measures the fused float32 path's own rounding.
/// </summary>
public class NormKernelsTests
{
    public static TheoryData<DType, int, int> Sweep()
    {
        var d = new TheoryData<DType, int, int>();
        foreach (var dt in new[] { DType.Float32, DType.Float64 })
            foreach (var (h, w) in new[] { (1, 1), (5, 7), (8, 8), (32, 32) })
                d.Add(dt, h, w);
        return d;
    }

    private static Tensor Rand(Generator g, DType dt, double scale, double offset, params int[] shape)
    {
        var v = new double[ShapeUtil.Numel(shape)];
        for (int i = 0; i < v.Length; i++) v[i] = g.NextNormal() * scale + offset;
        // Round through the dtype so the float64 reference sees exactly the values the float32 path sees.
        return Tensor.FromArray(v, shape).To(dt);
    }

    /// <summary>
    /// |fused − reference| ≤ 4·K·ε·max(T, max|reference|): each result is built from sums of at most K terms (K = the
    /// input's element count), each rounding K·ε·Σ|terms|, chained through a few steps; T is the size of those terms
    /// (see <see cref="Scales"/>), which can far exceed the result where normalisation cancels (dx of a channel with two
    /// values is exactly 0). ε = 6e-8 (float32) or 1.1e-16 (float64).
    /// </summary>
    private static void Close(Tensor reference, Tensor fused, int k, double terms, string what)
    {
        Assert.Equal(reference.ShapeToArray(), fused.ShapeToArray());
        var e = reference.ToDoubleArray();
        var a = fused.ToDoubleArray();
        double eps = fused.DType == DType.Float32 ? 6e-8 : 1.1e-16;
        double tol = 4 * k * eps * Math.Max(terms, e.Length == 0 ? 0 : e.Max(Math.Abs));
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(a[i] - e[i]) <= tol, $"{what}[{i}]: fused {a[i]:R}, reference {e[i]:R} (bound {tol:G3})");
    }

    private static double MaxAbs(Tensor t) => t.Numel == 0 ? 0 : t.ToDoubleArray().Max(Math.Abs);

    /// <summary>
    /// Term sizes for y, dx, dγ, dβ from the largest 1/σ: gain = max|γ|·max 1/σ. μ is only known to ε·|μ|, so x − μ
    /// and x̂ carry absolute errors ε·|x| and ε·|x|/σ: y = gain·(x − μ) + β rounds on the scale gain·|x|; dx sums
    /// gain·|g| terms and multiplies x̂, so gain·|g|·max(1, |x|/σ); dγ sums |g|·|x|/σ; dβ sums |g|.
    /// </summary>
    private static double[] Scales(Tensor variances, Tensor x, Tensor w, Tensor up)
    {
        double invstd = 1 / Math.Sqrt(variances.ToDoubleArray().Min() + 1e-5), mx = MaxAbs(x), mg = MaxAbs(up);
        double gain = Math.Max(1, MaxAbs(w)) * invstd;
        return [gain * mx, gain * mg * Math.Max(1, mx * invstd), mg * mx * invstd, mg];
    }

    private static (Tensor Y, Tensor Dx, Tensor Dw, Tensor Db) Run(Func<Tensor, Tensor, Tensor, Tensor> f, Tensor x, Tensor w, Tensor b, Tensor up)
    {
        var (xi, wi, bi) = (x.Detach().RequiresGrad_(), w.Detach().RequiresGrad_(), b.Detach().RequiresGrad_());
        var y = f(xi, wi, bi);
        (y * up).Sum().Backward();
        return (y, xi.Grad!, wi.Grad!, bi.Grad!);
    }

    private static void Compare((Tensor Y, Tensor Dx, Tensor Dw, Tensor Db) refr, (Tensor Y, Tensor Dx, Tensor Dw, Tensor Db) fused, int k, double[] t, string at)
    {
        Close(refr.Y, fused.Y, k, t[0], at + " y");
        Close(refr.Dx, fused.Dx, k, t[1], at + " dx");
        Close(refr.Dw, fused.Dw, k, t[2], at + " dweight");
        Close(refr.Db, fused.Db, k, t[3], at + " dbias");
    }

    [Theory, MemberData(nameof(Sweep))]
    public void BatchNormFusedMatchesComposed(DType dt, int h, int w)
    {
        var g = new Generator((ulong)(h * 100 + w));
        foreach (int n in new[] { 1, 2, 3, 4, 5 })
            foreach (int c in new[] { 1, 3, 17 })
            {
                string at = $"{dt} [{n}, {c}, {h}, {w}]";
                var x = Rand(g, dt, 1.5, 3.0, n, c, h, w);
                var wt = Rand(g, dt, 0.5, 1.0, c);
                var bs = Rand(g, dt, 0.5, 0.0, c);
                var up = Rand(g, dt, 1.0, 0.0, n, c, h, w);
                var rm0 = Rand(g, dt, 1.0, 0.0, c);
                var rv0 = Rand(g, dt, 0.1, 1.0, c);
                int k = Math.Max(1, x.Numel);
                var f64 = (Tensor t) => t.To(DType.Float64);

                // Eval: running statistics as constants (legal for every shape, including one value per channel).
                var refEval = Run((xi, wi, bi) => NormReference.BatchNorm(xi, f64(rm0), f64(rv0), wi, bi, false, 0.1, 1e-5), f64(x), f64(wt), f64(bs), f64(up));
                var fusedEval = Run((xi, wi, bi) => F.BatchNorm(xi, rm0, rv0, wi, bi, false, 0.1, 1e-5), x, wt, bs, up);
                Compare(refEval, fusedEval, k, Scales(f64(rv0), x, wt, up), at + " eval");

                if (n * h * w == 1) continue; // training needs more than one value per channel
                var (rmR, rvR, rmF, rvF) = (f64(rm0).Clone(), f64(rv0).Clone(), rm0.Clone(), rv0.Clone());
                var refTrain = Run((xi, wi, bi) => NormReference.BatchNorm(xi, rmR, rvR, wi, bi, true, 0.1, 1e-5), f64(x), f64(wt), f64(bs), f64(up));
                var fusedTrain = Run((xi, wi, bi) => F.BatchNorm(xi, rmF, rvF, wi, bi, true, 0.1, 1e-5), x, wt, bs, up);
                var batchVar = f64(x).Reshape(n, c, h * w).Var([0, 2], correction: 0);
                Compare(refTrain, fusedTrain, k, Scales(batchVar, x, wt, up), at + " train");
                // Running statistics blend means of x and of (x − μ)²: terms of size |x| and |x|².
                double mx = MaxAbs(x);
                Close(rmR, rmF, k, mx, at + " running_mean");
                Close(rvR, rvF, k, mx * mx, at + " running_var");
            }
    }

    [Theory, MemberData(nameof(Sweep))]
    public void GroupNormFusedMatchesComposed(DType dt, int h, int w)
    {
        var g = new Generator((ulong)(h * 100 + w + 7));
        foreach (int n in new[] { 1, 2, 5 })
            foreach (var (c, groups) in new[] { (1, 1), (3, 1), (3, 3), (6, 2), (17, 17), (9, 1) }) // (9, 1) at 32×32: a 9,216-value group spans three kernel chunks
            {
                string at = $"{dt} [{n}, {c}, {h}, {w}] groups={groups}";
                var x = Rand(g, dt, 1.5, 3.0, n, c, h, w);
                var wt = Rand(g, dt, 0.5, 1.0, c);
                var bs = Rand(g, dt, 0.5, 0.0, c);
                var up = Rand(g, dt, 1.0, 0.0, n, c, h, w);
                var f64 = (Tensor t) => t.To(DType.Float64);
                var refr = Run((xi, wi, bi) => NormReference.GroupNorm(xi, groups, wi, bi, 1e-5), f64(x), f64(wt), f64(bs), f64(up));
                var fused = Run((xi, wi, bi) => F.GroupNorm(xi, groups, wi, bi, 1e-5), x, wt, bs, up);
                var groupVar = f64(x).Reshape(n * groups, c / groups * h * w).Var([1], correction: 0);
                Compare(refr, fused, Math.Max(1, x.Numel), Scales(groupVar, x, wt, up), at);
            }
    }

    [Theory, MemberData(nameof(Sweep))]
    public void LayerNormFusedMatchesComposed(DType dt, int h, int w)
    {
        var g = new Generator((ulong)(h * 100 + w + 13));
        foreach (int n in new[] { 1, 2, 5 })
            foreach (int c in new[] { 1, 3, 17 })
                foreach (var shape in new[] { new[] { c, h, w }, new[] { h, w }, new[] { w } })
                {
                    string at = $"{dt} [{n}, {c}, {h}, {w}] over {ShapeUtil.Format(shape)}";
                    var x = Rand(g, dt, 1.5, 3.0, n, c, h, w);
                    var wt = Rand(g, dt, 0.5, 1.0, shape);
                    var bs = Rand(g, dt, 0.5, 0.0, shape);
                    var up = Rand(g, dt, 1.0, 0.0, n, c, h, w);
                    var f64 = (Tensor t) => t.To(DType.Float64);
                    int d = ShapeUtil.Numel(shape);
                    var refr = Run((xi, wi, bi) => NormReference.LayerNorm(xi, shape, wi, bi, 1e-5), f64(x), f64(wt), f64(bs), f64(up));
                    var fused = Run((xi, wi, bi) => F.LayerNorm(xi, shape, wi, bi, 1e-5), x, wt, bs, up);
                    var rowVar = f64(x).Reshape(x.Numel / d, d).Var([1], correction: 0);
                    Compare(refr, fused, Math.Max(1, x.Numel), Scales(rowVar, x, wt, up), at);
                }
    }

    [Fact]
    public void MomentsStayAccurateWithALargeOffset()
    {
        // x = 1e4 + small noise: E[x²] − E[x]² would cancel ~8 digits in float64 and everything in float32; the two-pass
        // moments keep the variance to a few ε relative of its own size.
        var v = new double[4 * 1000];
        var g = new Generator(42);
        for (int i = 0; i < v.Length; i++) v[i] = 1e4 + g.NextNormal() * 0.01;
        var mean = new double[1];
        var var = new double[1];
        NormKernels.Moments<double>(v, 4, 1, 1000, 0, 1, mean, var);
        double mu = v.Average(), exact = v.Sum(t => (t - mu) * (t - mu)) / v.Length;
        Assert.Equal(mu, mean[0], 1e-9);
        Assert.True(Math.Abs(var[0] - exact) <= 1e-10 * exact, $"variance {var[0]:R} vs {exact:R}");
    }
    [Fact]
    public void Float32MomentsAtResNetScale()
    {
        // One channel of ResNet-20's first stage at batch 128: 128 blocks of 32×32 float32 values, mean 50, sd 1.
        // Each block sums in float32 across SIMD lanes (at most 1024 terms per lane, fewer with wider vectors) and the
        // block totals in double, so the mean's relative error is at most 1024·ε₃₂ and the variance's the same
        // (x − μ is exact here: both near 50, within a factor 2). A single float32 accumulator over all 131,072 values
        // would allow 128 times more.
        const int n = 128, s = 1024;
        var g = new Generator(99);
        var v = new float[n * s];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(50 + g.NextNormal());
        var mean = new double[1];
        var var = new double[1];
        NormKernels.Moments<float>(v, n, 1, s, 0, 1, mean, var);
        double mu = v.Sum(t => (double)t) / v.Length, exact = v.Sum(t => (t - mu) * (t - mu)) / v.Length;
        Assert.True(Math.Abs(mean[0] - mu) <= 1024 * 6e-8 * 51, $"mean {mean[0]:R} vs {mu:R}");
        Assert.True(Math.Abs(var[0] - exact) <= 1024 * 6e-8 * exact, $"variance {var[0]:R} vs {exact:R}");
    }
}
