using Glassbox.Autograd;
using Glassbox.Kernels;
using Glassbox.NN;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The fused attention kernel (online softmax, tiles, two-pass backward) against the naive float64 reference
/// <see cref="AttentionReference"/> and against the composed graph, through <see cref="F.ScaledDotProductAttention"/>:
/// float32 and float64, causal and not, L ≠ S both ways, sizes that are not multiples of the vector width or of the
/// 64-row tiles, T = 1, broadcast bool and float masks, fully blocked rows.
/// </summary>
/// <remarks>
/// <para><b>Tolerance.</b> The reference runs in float64 on the same (float32-representable) inputs. Every value the
/// kernel returns is a sum of at most n = E + S + L + Ev rounded products of O(1) factors (scores: E terms; the
/// softmax sum and P·V: S terms; the gradients add L and Ev terms), and the online softmax's rescaling adds one
/// rounding per key tile. The classic bound for such a sum is n·ε·Σ|terms|, and Σ|terms| is at most a few times the
/// largest |value| of the tensor here (the probabilities sum to one, inputs are standard normal), so the test allows
/// 4·n·ε·max|expected| absolute error per element (ε = 2⁻²⁴ or 2⁻⁵³). That is a worst case: a mis-indexed tile, a
/// missed rescale or an off-by-one causal edge changes values by O(0.1).</para>
/// </remarks>
public class AttentionKernelTests
{
    public enum MaskKind { None, Causal, Float, BoolWithBlockedRows }

    public static TheoryData<DType, int, int, int, int, int, MaskKind> Cases()
    {
        var d = new TheoryData<DType, int, int, int, int, int, MaskKind>();
        foreach (var dt in new[] { DType.Float64, DType.Float32 })
        {
            d.Add(dt, 2, 67, 130, 7, 5, MaskKind.None);
            d.Add(dt, 3, 130, 67, 9, 3, MaskKind.Causal);
            d.Add(dt, 2, 65, 200, 16, 17, MaskKind.Causal);
            d.Add(dt, 2, 64, 64, 8, 8, MaskKind.Causal);
            d.Add(dt, 1, 1, 1, 4, 3, MaskKind.None);
            d.Add(dt, 2, 1, 1, 3, 3, MaskKind.Causal);
            d.Add(dt, 2, 1, 70, 5, 4, MaskKind.None);
            d.Add(dt, 2, 70, 1, 5, 4, MaskKind.Causal);
            d.Add(dt, 2, 33, 71, 6, 5, MaskKind.Float);
            d.Add(dt, 3, 66, 67, 5, 6, MaskKind.BoolWithBlockedRows);
        }
        return d;
    }

    private static double[] Randn(Generator g, int n) => Enumerable.Range(0, n).Select(_ => (double)(float)g.NextNormal()).ToArray();

    /// <summary>The case's masks: the float mask is [L, S] (broadcast over the batch); the bool mask is [B, L, 1]-by-key
    /// pattern [B, 1, S] plus some fully blocked query rows, given as [B, L, S] with true = attend.</summary>
    private static (Tensor? Mask, double[]? Full) MakeMask(MaskKind kind, Generator g, int b, int l, int s, DType dt)
    {
        if (kind == MaskKind.Float)
        {
            var m = Randn(g, l * s);
            var full = new double[b * l * s];
            for (int i = 0; i < full.Length; i++) full[i] = m[i % (l * s)];
            return (Tensor.FromArray(m, l, s).To(dt), full);
        }
        if (kind == MaskKind.BoolWithBlockedRows)
        {
            var allow = new bool[b * l * s];
            var full = new double[b * l * s];
            for (int bb = 0; bb < b; bb++)
                for (int i = 0; i < l; i++)
                    for (int j = 0; j < s; j++)
                    {
                        int at = (bb * l + i) * s + j;
                        allow[at] = (i + bb) % 13 != 5 && (j * 7 + i + bb) % 5 != 0;
                        full[at] = allow[at] ? 0 : double.NegativeInfinity;
                    }
            return (Tensor.FromArray(allow, b, l, s), full);
        }
        return (null, null);
    }

    [Theory, MemberData(nameof(Cases))]
    public void FusedMatchesNaiveReference(DType dt, int b, int l, int s, int e, int ev, MaskKind kind)
    {
        var g = new Generator((ulong)(l * 1000 + s));
        var (qa, ka, va, ga) = (Randn(g, b * l * e), Randn(g, b * s * e), Randn(g, b * s * ev), Randn(g, b * l * ev));
        var (mask, full) = MakeMask(kind, g, b, l, s, dt);
        bool causal = kind == MaskKind.Causal;
        double scale = 1 / Math.Sqrt(e);
        var expected = AttentionReference.Forward(qa, ka, va, b, l, s, e, ev, scale, causal, full);
        var (eq, ek, evv) = AttentionReference.Backward(qa, ka, va, ga, b, l, s, e, ev, scale, causal, full);

        var q = Tensor.FromArray(qa, b, l, e).To(dt).RequiresGrad_();
        var k = Tensor.FromArray(ka, b, s, e).To(dt).RequiresGrad_();
        var v = Tensor.FromArray(va, b, s, ev).To(dt).RequiresGrad_();
        F.AttentionBackend = AttentionBackend.Fused;
        var y = F.ScaledDotProductAttention(q, k, v, mask, isCausal: causal);
        (y.MaskedFill(y.Ne(y), 0) * Tensor.FromArray(ga, b, l, ev).To(dt)).Sum().Backward();
        double eps = dt == DType.Float32 ? Math.Pow(2, -24) : Math.Pow(2, -53);
        int n = e + s + l + ev;
        AssertClose(expected, y.ToDoubleArray(), 4 * n * eps, "output");
        AssertClose(eq, q.Grad!.ToDoubleArray(), 4 * n * eps, "dq");
        AssertClose(ek, k.Grad!.ToDoubleArray(), 4 * n * eps, "dk");
        AssertClose(evv, v.Grad!.ToDoubleArray(), 4 * n * eps, "dv");
    }

    /// <summary>|a − e| ≤ tol·max|e| per element (NaN must meet NaN; the reference's dv is NaN for a fully blocked row).</summary>
    private static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1, expected.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max());
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i])) { Assert.True(double.IsNaN(actual[i]), $"{what}[{i}]: expected NaN, got {actual[i]}"); continue; }
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tol * scale, $"{what}[{i}]: got {actual[i]:R}, expected {expected[i]:R} (tol {tol * scale:G3})");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FusedMatchesComposedWithBroadcastHeadsAndKeys(bool causal)
    {
        // q [2, 3, L, E] against k/v shared by the heads ([2, 1, S, E]): the fused path broadcasts and sums dk/dv back.
        var g = new Generator(11);
        var q = Tensor.Randn([2, 3, 70, 8], DType.Float64, g).RequiresGrad_();
        var k = Tensor.Randn([2, 1, 70, 8], DType.Float64, g).RequiresGrad_();
        var v = Tensor.Randn([2, 1, 70, 6], DType.Float64, g).RequiresGrad_();
        var mask = causal ? null : Tensor.Randn([2, 1, 1, 70], DType.Float64, g);
        var u = Tensor.Randn([2, 3, 70, 6], DType.Float64, g);
        var results = new List<double[]>();
        foreach (var backend in new[] { AttentionBackend.Composed, AttentionBackend.Fused })
        {
            F.AttentionBackend = backend;
            foreach (var t in new[] { q, k, v }) t.ZeroGrad();
            var y = F.ScaledDotProductAttention(q, k, v, mask, isCausal: causal);
            (y * u).Sum().Backward();
            results.Add([.. y.ToDoubleArray(), .. q.Grad!.ToDoubleArray(), .. k.Grad!.ToDoubleArray(), .. v.Grad!.ToDoubleArray()]);
        }
        // Both in float64 over sums of ≤ 3·70 + 8 terms of O(1): 1e-12 is ~50× that rounding bound.
        for (int i = 0; i < results[0].Length; i++) Assert.Equal(results[0][i], results[1][i], 1e-12);
    }

    [Fact]
    public void FusedGradCheck()
    {
        var g = new Generator(12);
        F.AttentionBackend = AttentionBackend.Fused;
        var q = Tensor.Randn([2, 5, 3], DType.Float64, g).RequiresGrad_();
        var k = Tensor.Randn([2, 4, 3], DType.Float64, g).RequiresGrad_();
        var v = Tensor.Randn([2, 4, 2], DType.Float64, g).RequiresGrad_();
        GradCheck.Assert(xs => F.ScaledDotProductAttention(xs[0], xs[1], xs[2], isCausal: true), [q, k, v]);
        var mask = Tensor.Randn([5, 4], DType.Float64, g);
        GradCheck.Assert(xs => F.ScaledDotProductAttention(xs[0], xs[1], xs[2], mask, scale: 0.3), [q, k, v]);
    }

    [Fact]
    public void ForcedFusedRejectsWhatItCannotDo()
    {
        F.AttentionBackend = AttentionBackend.Fused;
        var q = Tensor.Randn(2, 3, 4);
        var ex = Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, q, q, dropoutP: 0.1));
        Assert.Contains("dropout", ex.Message);
        Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, q, q, Tensor.Zeros(3, 3).RequiresGrad_()));
    }

    [Fact]
    public async Task BackendSettingIsPerAsyncFlow()
    {
        F.AttentionBackend = AttentionBackend.Composed;
        var seen = await Task.Run(() => F.AttentionBackend);
        Assert.Equal(AttentionBackend.Composed, seen);
        var other = new Thread(() => seen = F.AttentionBackend);
        other.UnsafeStart();
        other.Join();
        Assert.Equal(AttentionBackend.Auto, seen);
    }
}
