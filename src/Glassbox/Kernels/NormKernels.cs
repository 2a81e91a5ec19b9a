using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Kernels;

/// <summary>
/// The building blocks of batch, group and instance normalisation over a contiguous [n, c, s] layout: per-"channel"
/// moments, a per-channel affine map, the per-channel gradient sums and the fused backward map. Every method works
/// on the channel range [c0, c1), so a caller splits channels across threads with <see cref="Par.For"/> and no two
/// threads ever write the same element or statistic.
/// </summary>
/// <remarks>
/// <para>
/// <b>One layout serves every norm.</b> Channel c of an [n, c, s] tensor is the n blocks x[k, c, 0..s) (k &lt; n),
/// each s contiguous elements, spaced c·s apart. Batch norm views its [N, C, *] input as [N, C, S] (S the product of
/// the spatial sizes), so a channel's statistics run over all N·S values. Group norm views the same memory as
/// [1, N·G, (C/G)·S]: one (sample, group) pair is one contiguous block. Its affine step is per real channel, on
/// [1, N·C, S]. Instance norm is group norm with G = C. The caller supplies per-channel coefficients; the kernels
/// never know which norm they serve.
/// </para>
/// <para>
/// <b>Statistics: two passes, block sums in T, block totals in double.</b> The mean comes first (pass 1), then
/// Σ(x − μ)² about it (pass 2). The one-pass E[x²] − E[x]² loses every digit when |μ| ≫ σ (activations with a large
/// offset, e.g. right after a ReLU with a big bias): both terms are ≈ μ² and their difference is rounding noise, and
/// can even come out negative. Welford's update is stable but a serial dependency per element, so it does not
/// vectorise; two passes cost one more read of x and are exact up to ordinary summation error. Within one block
/// (at most 4,096 values) the sum runs in T across <see cref="Vector{T}"/> lanes (each lane adds at most 4096/L
/// terms), and block results are added in double: for float32 the error is then about (4096/L)·ε₃₂ relative to
/// Σ|terms| instead of (N·S/L)·ε₃₂, which matters at N·S = 131,072 values per channel (ResNet-20's first stage at
/// batch 128).
/// </para>
/// <para>
/// <b>Backward.</b> The forward saves nothing but x and the per-channel μ and 1/σ; the backward makes one pass for
/// Σg and Σg·(x − μ) per channel and one pass for dx, which is an affine map of (g, x) per channel:
/// dx = α·g + β·(x − μ) + γ with channel constants computed by the caller (see docs/cnn.md for the derivation). Writing
/// dx that way avoids materialising x̂ and touches every array once per pass.
/// </para>
/// <para>
/// Per-channel scalars (μ, 1/σ, the coefficients and the gradient sums) are double for both element types, so the
/// float32 path rounds only where it stores an element.
/// </para>
/// </remarks>
internal static class NormKernels
{
    /// <summary>
    /// Per-channel mean and biased variance (divide by n·s) of x viewed as [n, c, s], for channels [c0, c1).
    /// With n·s = 0 both are NaN (0/0), as the empty mean is in PyTorch.
    /// </summary>
    public static void Moments<T>(ReadOnlySpan<T> x, int n, int c, int s, int c0, int c1, Span<double> mean, Span<double> var)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double count = (double)n * s;
        for (int ch = c0; ch < c1; ch++)
        {
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                var block = x.Slice((k * c + ch) * s, s);
                for (int i = 0; i < s; i += Chunk) sum += double.CreateTruncating(TensorPrimitives.Sum(block.Slice(i, Math.Min(Chunk, s - i))));
            }
            double mu = sum / count;
            T muT = T.CreateTruncating(mu);
            double sq = 0;
            for (int k = 0; k < n; k++)
            {
                var block = x.Slice((k * c + ch) * s, s);
                for (int i = 0; i < s; i += Chunk) sq += double.CreateTruncating(SumSquaredDeviations(block.Slice(i, Math.Min(Chunk, s - i)), muT));
            }
            mean[ch] = mu;
            var[ch] = sq / count;
        }
    }

    /// <summary>
    /// Longest run summed in the element type before the partial sum moves to double. A group-norm group is one block
    /// of (C/G)·H·W values (16,384 for 16 channels of 32×32), so without a cap a float32 lane would add thousands of terms.
    /// </summary>
    private const int Chunk = 4096;

    /// <summary>Σ (xᵢ − m)² over a contiguous block, accumulated across SIMD lanes.</summary>
    public static T SumSquaredDeviations<T>(ReadOnlySpan<T> x, T m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T total = T.Zero;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var acc = Vector<T>.Zero;
            var mv = new Vector<T>(m);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var d = new Vector<T>(x.Slice(i)) - mv;
                acc += d * d;
            }
            total = Vector.Sum(acc);
        }
        for (; i < x.Length; i++) { T d = x[i] - m; total += d * d; }
        return total;
    }

    /// <summary>y[k, ch, :] = scale[ch]·x[k, ch, :] + shift[ch] for channels [c0, c1) of the [n, c, s] layout.</summary>
    public static void Affine<T>(ReadOnlySpan<T> x, Span<T> y, int n, int c, int s, int c0, int c1, ReadOnlySpan<double> scale, ReadOnlySpan<double> shift)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int ch = c0; ch < c1; ch++)
        {
            T a = T.CreateTruncating(scale[ch]), b = T.CreateTruncating(shift[ch]);
            for (int k = 0; k < n; k++)
            {
                int o = (k * c + ch) * s;
                AffineBlock(x.Slice(o, s), y.Slice(o, s), a, b);
            }
        }
    }

    /// <summary>y = a·x + b over one block (fused multiply-add per SIMD vector).</summary>
    private static void AffineBlock<T>(ReadOnlySpan<T> x, Span<T> y, T a, T b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var av = new Vector<T>(a);
            var bv = new Vector<T>(b);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
                (new Vector<T>(x.Slice(i)) * av + bv).CopyTo(y.Slice(i));
        }
        for (; i < x.Length; i++) y[i] = x[i] * a + b;
    }

    /// <summary>
    /// Per-channel gradient sums for channels [c0, c1): sumG[ch] = Σ g and sumGX[ch] = Σ g·(x − mean[ch]) over
    /// the channel's n blocks. Centring on μ inside the sum (rather than Σg·x − μ·Σg) keeps the cancellation out,
    /// for the same reason the variance is taken about the mean.
    /// </summary>
    public static void GradSums<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, int n, int c, int s, int c0, int c1,
        ReadOnlySpan<double> mean, Span<double> sumG, Span<double> sumGX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int ch = c0; ch < c1; ch++)
        {
            T m = T.CreateTruncating(mean[ch]);
            double sg = 0, sgx = 0;
            for (int k = 0; k < n; k++)
                for (int i = 0, o = (k * c + ch) * s; i < s; i += Chunk)
                {
                    int len = Math.Min(Chunk, s - i);
                    var (bg, bgx) = GradSumsBlock(g.Slice(o + i, len), x.Slice(o + i, len), m);
                    sg += double.CreateTruncating(bg);
                    sgx += double.CreateTruncating(bgx);
                }
            sumG[ch] = sg;
            sumGX[ch] = sgx;
        }
    }

    private static (T SumG, T SumGX) GradSumsBlock<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, T m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sg = T.Zero, sgx = T.Zero;
        if (Vector.IsHardwareAccelerated && g.Length >= Vector<T>.Count)
        {
            var mv = new Vector<T>(m);
            Vector<T> ag = Vector<T>.Zero, agx = Vector<T>.Zero;
            for (; i <= g.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gv = new Vector<T>(g.Slice(i));
                ag += gv;
                agx += gv * (new Vector<T>(x.Slice(i)) - mv);
            }
            sg = Vector.Sum(ag);
            sgx = Vector.Sum(agx);
        }
        for (; i < g.Length; i++) { sg += g[i]; sgx += g[i] * (x[i] - m); }
        return (sg, sgx);
    }

    /// <summary>
    /// dx[k, ch, :] = alpha[ch]·g + beta[ch]·(x − mean[ch]) + gamma[ch] for channels [c0, c1): the fused normalisation
    /// backward once the caller has folded the gradient sums into the three channel constants. beta = null means 0 and
    /// the x read is skipped (eval-mode batch norm, whose statistics are constants).
    /// </summary>
    /// <remarks>x is centred before the multiply, as in the forward: expanding beta·(x − μ) into beta·x − beta·μ
    /// would round on the scale of |μ|, losing log₁₀(|μ|/σ) digits of dx when the mean is large against the spread.</remarks>
    public static void Backward<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> dx, int n, int c, int s, int c0, int c1,
        ReadOnlySpan<double> alpha, ReadOnlySpan<double> beta, ReadOnlySpan<double> gamma, ReadOnlySpan<double> mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool noX = beta.IsEmpty;
        for (int ch = c0; ch < c1; ch++)
        {
            T a = T.CreateTruncating(alpha[ch]), k = T.CreateTruncating(gamma[ch]);
            T b = noX ? T.Zero : T.CreateTruncating(beta[ch]), m = noX ? T.Zero : T.CreateTruncating(mean[ch]);
            for (int blk = 0; blk < n; blk++)
            {
                int o = (blk * c + ch) * s;
                if (noX) AffineBlock(g.Slice(o, s), dx.Slice(o, s), a, k);
                else BackwardBlock(g.Slice(o, s), x.Slice(o, s), dx.Slice(o, s), a, b, k, m);
            }
        }
    }

    private static void BackwardBlock<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> dx, T a, T b, T k, T m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && g.Length >= Vector<T>.Count)
        {
            var av = new Vector<T>(a);
            var bv = new Vector<T>(b);
            var kv = new Vector<T>(k);
            var mv = new Vector<T>(m);
            for (; i <= g.Length - Vector<T>.Count; i += Vector<T>.Count)
                (new Vector<T>(g.Slice(i)) * av + (new Vector<T>(x.Slice(i)) - mv) * bv + kv).CopyTo(dx.Slice(i));
        }
        for (; i < g.Length; i++) dx[i] = g[i] * a + (x[i] - m) * b + k;
    }
    // ---- Layer norm: rows of a [rows, d] layout, each normalised over its d values, with an elementwise γ, β of length d.
    // Its statistics are Moments(x, 1, rows, d); only the affine and the backward differ from the per-channel norms,
    // because γ and β vary along the normalised row instead of being one constant per block.

    /// <summary>
    /// y[r, :] = (x[r, :] − mean[r])·invstd[r]·γ + β for rows [r0, r1) of a [rows, d] layout; an empty γ or β means
    /// 1 or 0. x is centred first, so the result rounds on the scale of x − μ rather than of x.
    /// </summary>
    public static void LayerNormAffine<T>(ReadOnlySpan<T> x, Span<T> y, int d, int r0, int r1, ReadOnlySpan<double> mean, ReadOnlySpan<double> invstd,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool hasG = !gamma.IsEmpty, hasB = !beta.IsEmpty;
        for (int r = r0; r < r1; r++)
        {
            T m = T.CreateTruncating(mean[r]), s = T.CreateTruncating(invstd[r]);
            var xr = x.Slice(r * d, d);
            var yr = y.Slice(r * d, d);
            int i = 0;
            if (Vector.IsHardwareAccelerated && d >= Vector<T>.Count)
            {
                var mv = new Vector<T>(m);
                var sv = new Vector<T>(s);
                for (; i <= d - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var v = (new Vector<T>(xr.Slice(i)) - mv) * sv;
                    if (hasG) v *= new Vector<T>(gamma.Slice(i));
                    if (hasB) v += new Vector<T>(beta.Slice(i));
                    v.CopyTo(yr.Slice(i));
                }
            }
            for (; i < d; i++)
            {
                T v = (xr[i] - m) * s;
                if (hasG) v *= gamma[i];
                if (hasB) v += beta[i];
                yr[i] = v;
            }
        }
    }

    /// <summary>
    /// Per-row sums for rows [r0, r1): sumH[r] = Σ h and sumHX[r] = Σ h·(x − mean[r]) with h = γ·g (g where γ is
    /// empty), summed in T over chunks of at most <see cref="Chunk"/> values and in double across chunks.
    /// </summary>
    public static void LayerNormGradSums<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, int d, int r0, int r1, ReadOnlySpan<double> mean,
        ReadOnlySpan<T> gamma, Span<double> sumH, Span<double> sumHX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool hasG = !gamma.IsEmpty;
        for (int r = r0; r < r1; r++)
        {
            T m = T.CreateTruncating(mean[r]);
            double sh = 0, shx = 0;
            for (int c0 = 0; c0 < d; c0 += Chunk)
            {
                int len = Math.Min(Chunk, d - c0);
                var gs = g.Slice(r * d + c0, len);
                var xs = x.Slice(r * d + c0, len);
                var gm = hasG ? gamma.Slice(c0, len) : default;
                int i = 0;
                T a = T.Zero, b = T.Zero;
                if (Vector.IsHardwareAccelerated && len >= Vector<T>.Count)
                {
                    var mv = new Vector<T>(m);
                    Vector<T> av = Vector<T>.Zero, bv = Vector<T>.Zero;
                    for (; i <= len - Vector<T>.Count; i += Vector<T>.Count)
                    {
                        var h = new Vector<T>(gs.Slice(i));
                        if (hasG) h *= new Vector<T>(gm.Slice(i));
                        av += h;
                        bv += h * (new Vector<T>(xs.Slice(i)) - mv);
                    }
                    a = Vector.Sum(av);
                    b = Vector.Sum(bv);
                }
                for (; i < len; i++)
                {
                    T h = hasG ? gs[i] * gm[i] : gs[i];
                    a += h;
                    b += h * (xs[i] - m);
                }
                sh += double.CreateTruncating(a);
                shx += double.CreateTruncating(b);
            }
            sumH[r] = sh;
            sumHX[r] = shx;
        }
    }

    /// <summary>
    /// dx[r, :] = alpha[r]·h + beta[r]·(x − mean[r]) + gamma[r] with h = γ·g, for rows [r0, r1): the layer-norm
    /// backward once the caller has folded the row sums into the three row constants.
    /// </summary>
    public static void LayerNormBackward<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> dx, int d, int r0, int r1, ReadOnlySpan<T> weight,
        ReadOnlySpan<double> alpha, ReadOnlySpan<double> beta, ReadOnlySpan<double> gamma, ReadOnlySpan<double> mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool hasW = !weight.IsEmpty;
        for (int r = r0; r < r1; r++)
        {
            T a = T.CreateTruncating(alpha[r]), b = T.CreateTruncating(beta[r]), k = T.CreateTruncating(gamma[r]), m = T.CreateTruncating(mean[r]);
            var gs = g.Slice(r * d, d);
            var xs = x.Slice(r * d, d);
            var ds = dx.Slice(r * d, d);
            int i = 0;
            if (Vector.IsHardwareAccelerated && d >= Vector<T>.Count)
            {
                Vector<T> av = new(a), bv = new(b), kv = new(k), mv = new(m);
                for (; i <= d - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var h = new Vector<T>(gs.Slice(i));
                    if (hasW) h *= new Vector<T>(weight.Slice(i));
                    (h * av + (new Vector<T>(xs.Slice(i)) - mv) * bv + kv).CopyTo(ds.Slice(i));
                }
            }
            for (; i < d; i++)
            {
                T h = hasW ? gs[i] * weight[i] : gs[i];
                ds[i] = h * a + (xs[i] - m) * b + k;
            }
        }
    }

    /// <summary>
    /// Column sums over all rows for columns [d0, d1): dWeight[j] = Σ_r g[r, j]·(x[r, j] − mean[r])·invstd[r] and
    /// dBias[j] = Σ_r g[r, j], accumulated in double. Split by column so that threads never share an output.
    /// </summary>
    public static void LayerNormParamGrads<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, int rows, int d, int d0, int d1,
        ReadOnlySpan<double> mean, ReadOnlySpan<double> invstd, Span<double> dWeight, Span<double> dBias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            double m = mean[r], s = invstd[r];
            int o = r * d;
            for (int j = d0; j < d1; j++)
            {
                double gv = double.CreateTruncating(g[o + j]);
                dWeight[j] += gv * (double.CreateTruncating(x[o + j]) - m) * s;
                dBias[j] += gv;
            }
        }
    }
}
