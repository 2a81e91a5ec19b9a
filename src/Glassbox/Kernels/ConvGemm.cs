using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Glassbox.Kernels;

/// <summary>
/// "Implicit GEMM" for one image and one group of a convolution: the blocked GEMM loops of
/// <see cref="GemmDriver{T, TKernel}"/> with the packing of the column matrix replaced by a gather straight from
/// the image, so the column matrix is never written out.
/// </summary>
/// <remarks>
/// <para>
/// Lowered through an explicit im2col, every element of col[K, L] is written once by im2col, read once and written
/// again by GEMM's B packing, and read by the micro-kernel. Here the packing routine reads the image itself: packed B
/// holds NR-wide micro-panels (see <see cref="GemmPacking"/>), and an element (q, l) of col, q = (c, kh, kw) and
/// l = (oh, ow), is x[c, oh·SH − PH + kh·DH, ow·SW − PW + kw·DW] or 0. For a fixed q, consecutive l along one output
/// row read consecutive (stride SW) input columns, so the gather runs in segments — one per output row and panel —
/// each a block copy at stride 1 with its out-of-image ends cleared; the in-image column range of each kernel column
/// kw is computed once per block (<see cref="ConvKernels.ValidRange"/>), so the inner loops have no bounds tests.
/// That saves one full write and read of the column matrix per pass, which for the small images of LeNet and
/// ResNet-20 is a sizeable part of the time next to the arithmetic (a 16×144×1024 product does ~2.4·10⁶ FMAs on a
/// 147,456-element column matrix).
/// </para>
/// <para>
/// Two products use it: the forward pass y_g[OCg, L] = W_g[OCg, K]·col_g[K, L] (col is B, packed row by row), and
/// backward-weight dW_g[OCg, K] += dy_g[OCg, L]·col_gᵀ (colᵀ is B: its panels run across NR values of q, its rows
/// along l, so the gather writes with stride NR), and backward-data dx += col2im(W_gᵀ·dy_g), whose register tiles are
/// added into dx as they leave the micro-kernel. In forward and backward-data, A is the weight, the same for every
/// image: it is packed once per range of images (<see cref="PackWeights"/>), which matters for small images with
/// many channels (ResNet-20's 8×8 stage packs a 64×576 weight, as large as the image's own column matrix).
/// Single-threaded: the caller runs one range of images per worker (see <see cref="ConvKernels"/>).
/// </para>
/// </remarks>
internal static unsafe partial class ConvGemm<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : struct, IGemmKernel<T>
{
    /// <summary>
    /// The forward pass over images [n0, n1) of a batch: y = conv(x, w) + bias (bias null for none; y overwritten).
    /// The weight is packed into GEMM's A layout once for the whole range (every image multiplies the same W_g),
    /// then each image and group is one product with the column matrix gathered on the fly.
    /// </summary>
    public static void ForwardImages(T* x, T* w, T* bias, T* y, ConvGeometry g, int n0, int n1)
    {
        if (PaddedWidth && Pays(g)) ForwardImagesPadded(x, w, bias, y, g, n0, n1);
        else ForwardImagesGather(x, w, bias, y, g, n0, n1);
    }

    /// <summary>
    /// Whether stride-1 forward passes take the padded-width lowering (see <see cref="ForwardImagesPadded"/>); setting
    /// <c>GLASSBOX_CONV_PADDED_WIDTH=0</c> before start-up turns it off, for side-by-side timing of the two lowerings.
    /// </summary>
    internal static readonly bool PaddedWidth = Environment.GetEnvironmentVariable("GLASSBOX_CONV_PADDED_WIDTH") != "0";

    /// <summary>The forward pass over images [n0, n1) with the column panels gathered from the unpadded image.</summary>
    internal static void ForwardImagesGather(T* x, T* w, T* bias, T* y, ConvGeometry g, int n0, int n1)
    {
        int m = g.OCg, k = g.K, L = g.L;
        if (m == 0 || L == 0) return;
        int mPad = RoundUp(m, TKernel.MR), groupLen = k * mPad;
        T[] packed = ArrayPool<T>.Shared.Rent(Math.Max(1, g.Groups * groupLen));
        try
        {
            fixed (T* pa = packed)
            {
                for (int grp = 0; grp < g.Groups; grp++) PackWeights(pa + (nint)grp * groupLen, w + (nint)grp * m * k, k, false, m, k);
                for (int n = n0; n < n1; n++)
                {
                    T* yi = y + (nint)n * g.OC * L, xi = x + (nint)n * g.C * g.HW;
                    if (bias != null) for (int oc = 0; oc < g.OC; oc++) new Span<T>(yi + (nint)oc * L, L).Fill(bias[oc]);
                    for (int grp = 0; grp < g.Groups; grp++)
                        Forward(yi + (nint)grp * m * L, pa + (nint)grp * groupLen, xi, g, grp, bias != null ? T.One : T.Zero);
                }
            }
        }
        finally { ArrayPool<T>.Shared.Return(packed); }
    }

    /// <summary>
    /// The backward-data pass over images [n0, n1): dx = col2im(W_gᵀ·dy_g) per group (dx overwritten), with Wᵀ packed
    /// once for the range; stride-1 passes scatter into a padded buffer (<see cref="DataGradImagesPadded"/>) unless
    /// <c>GLASSBOX_CONV_PADDED_WIDTH=0</c>.
    /// </summary>
    public static void DataGradImages(T* dx, T* w, T* dy, ConvGeometry g, int n0, int n1)
    {
        if (PaddedWidth && ScattersPadded(g)) DataGradImagesPadded(dx, w, dy, g, n0, n1);
        else DataGradImagesClipped(dx, w, dy, g, n0, n1);
    }

    /// <summary>
    /// The backward-data pass over images [n0, n1) with every scattered run clipped to the image (any stride): the
    /// reference that <see cref="DataGradImagesPadded"/> must match bit for bit.
    /// </summary>
    internal static void DataGradImagesClipped(T* dx, T* w, T* dy, ConvGeometry g, int n0, int n1)
    {
        int m = g.K, k = g.OCg, L = g.L;
        int mPad = RoundUp(m, TKernel.MR), groupLen = k * mPad;
        T[] packed = ArrayPool<T>.Shared.Rent(Math.Max(1, g.Groups * groupLen));
        try
        {
            fixed (T* pa = packed)
            {
                for (int grp = 0; grp < g.Groups; grp++) PackWeights(pa + (nint)grp * groupLen, w + (nint)grp * k * m, m, true, m, k);
                for (int n = n0; n < n1; n++)
                {
                    T* dxi = dx + (nint)n * g.C * g.HW, dyi = dy + (nint)n * g.OC * L;
                    new Span<T>(dxi, g.C * g.HW).Clear();
                    for (int grp = 0; grp < g.Groups; grp++)
                        DataGrad(dxi, pa + (nint)grp * groupLen, dyi + (nint)grp * k * L, g, grp);
                }
            }
        }
        finally { ArrayPool<T>.Shared.Return(packed); }
    }

    /// <summary>
    /// Packs all of op(A) (m×k; element (i, p) = a[i·lda + p], or a[p·lda + i] when transposed) block by block as the
    /// products below consume it: the block at depth offset pc and row offset ic starts at pc·RoundUp(m, MR) + ic·kc.
    /// </summary>
    private static void PackWeights(T* dst, T* a, int lda, bool trans, int m, int k)
    {
        var (kcMax, mcMax) = Blocking(m, k);
        int mPad = RoundUp(m, TKernel.MR);
        for (int pc = 0; pc < k; pc += kcMax)
        {
            int kc = Math.Min(kcMax, k - pc);
            for (int ic = 0; ic < m; ic += mcMax)
                GemmPacking.PackA<T, TKernel>(dst + (nint)pc * mPad + (nint)ic * kc, trans ? a + (nint)pc * lda + ic : a + (nint)ic * lda + pc,
                    lda, trans, Math.Min(mcMax, m - ic), kc);
        }
    }

    /// <summary>GEMM's block sizes for an m×k A: depth and row blocks cut evenly (as <see cref="GemmDriver{T, TKernel}"/> does).</summary>
    private static (int KcMax, int McMax) Blocking(int m, int k)
    {
        int kBlocks = (k + TKernel.KC - 1) / TKernel.KC, mBlocks = (m + TKernel.MC - 1) / TKernel.MC;
        return ((k + kBlocks - 1) / kBlocks, RoundUp((m + mBlocks - 1) / mBlocks, TKernel.MR));
    }

    /// <summary>
    /// y[OCg, L] = W_g·col_g(x) + β·y, with x the image [C, H, W], aPacked the group's weight rows [OCg, K] packed by
    /// <see cref="PackWeights"/> and y the group's output rows (leading dimension L).
    /// </summary>
    private static void Forward(T* y, T* aPacked, T* x, ConvGeometry g, int group, T beta)
    {
        int m = g.OCg, n = g.L, k = g.K;
        if (m == 0 || n == 0) return;
        if (k == 0) { if (beta == T.Zero) new Span<T>(y, m * n).Clear(); return; }
        var (kcMax, mcMax) = Blocking(m, k);
        int mPad = RoundUp(m, TKernel.MR);
        int ncMax = Math.Min(TKernel.NC, RoundUp(n, TKernel.NR));
        T* bPack = (T*)GemmScratch.Get((nuint)(kcMax * ncMax * sizeof(T)));
        int qBase = group * k;
        for (int jc = 0; jc < n; jc += TKernel.NC)
        {
            int nc = Math.Min(TKernel.NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                PackCol(bPack, x, g, qBase + pc, kc, jc, nc);
                T betaK = pc == 0 ? beta : T.One;
                for (int ic = 0; ic < m; ic += mcMax)
                    Macro(y + (nint)ic * n + jc, n, aPacked + (nint)pc * mPad + (nint)ic * kc, bPack, Math.Min(mcMax, m - ic), nc, kc, betaK);
            }
        }
    }

    /// <summary>dw[OCg, K] += dy_g[OCg, L]·col_g(x)ᵀ, with dy the group's upstream rows (leading dimension L).</summary>
    public static void WeightGrad(T* dw, T* dy, T* x, ConvGeometry g, int group)
    {
        int m = g.OCg, n = g.K, k = g.L;
        if (m == 0 || n == 0 || k == 0) return;
        var (kcMax, mcMax) = Blocking(m, k);
        int ncMax = Math.Min(TKernel.NC, RoundUp(n, TKernel.NR));
        nuint bBytes = (nuint)RoundUp(kcMax * ncMax * sizeof(T), 64), aBytes = (nuint)RoundUp(kcMax * mcMax * sizeof(T), 64);
        byte* scratch = GemmScratch.Get(bBytes + aBytes + (nuint)(TKernel.NR * RoundUp(kcMax, 8) * sizeof(T)));
        T* bPack = (T*)scratch, aPack = (T*)(scratch + bBytes), rowsTmp = (T*)(scratch + bBytes + aBytes);
        int qBase = group * n;
        for (int jc = 0; jc < n; jc += TKernel.NC)
        {
            int nc = Math.Min(TKernel.NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                PackColT(bPack, rowsTmp, x, g, qBase + jc, nc, pc, kc);
                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    GemmPacking.PackA<T, TKernel>(aPack, dy + (nint)ic * k + pc, k, false, mc, kc);
                    Macro(dw + (nint)ic * n + jc, n, aPack, bPack, mc, nc, kc, T.One);
                }
            }
        }
    }

    /// <summary>
    /// dx += col2im(W_gᵀ·dy_g) with x the image gradient [C, H, W], aPacked the group's Wᵀ packed by
    /// <see cref="PackWeights"/> and dy the group's upstream rows [OCg, L]: each MR×NR tile of the column gradient is
    /// computed into a scratch tile in L1 and added straight into dx, so the column gradient matrix is never stored.
    /// </summary>
    private static void DataGrad(T* dx, T* aPacked, T* dy, ConvGeometry g, int group)
    {
        int m = g.K, n = g.L, k = g.OCg;
        if (m == 0 || n == 0 || k == 0) return;
        var (kcMax, mcMax) = Blocking(m, k);
        int mPad = RoundUp(m, TKernel.MR);
        int ncMax = Math.Min(TKernel.NC, RoundUp(n, TKernel.NR));
        T* bPack = (T*)GemmScratch.Get((nuint)(kcMax * ncMax * sizeof(T)));
        Span<Row> rows = mcMax <= 512 ? stackalloc Row[mcMax] : new Row[mcMax];
        int qBase = group * m;
        for (int ic = 0; ic < m; ic += mcMax)
        {
            int mc = Math.Min(mcMax, m - ic);
            for (int i = 0; i < mc; i++) rows[i] = new Row(g, qBase + ic + i);
            for (int jc = 0; jc < n; jc += TKernel.NC)
            {
                int nc = Math.Min(TKernel.NC, n - jc);
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, k - pc);
                    GemmPacking.PackB<T, TKernel>(bPack, dy + (nint)pc * n + jc, n, false, kc, nc);
                    MacroScatter(dx, g, rows, jc, aPacked + (nint)pc * mPad + (nint)ic * kc, bPack, mc, nc, kc);
                }
            }
        }
    }

    /// <summary>The micro-kernel loops of <see cref="DataGrad"/>: every tile goes to scratch, then is scattered into dx row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroScatter(T* dx, in ConvGeometry g, ReadOnlySpan<Row> rowMap, int jc, T* aPack, T* bPack, int mc, int nc, int kc)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        T* tile = stackalloc T[mr * nr];
        // The tile's columns split into runs along output rows: (output row, first output column, length, tile column).
        int* seg = stackalloc int[4 * (nr + 1)];
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr), segs = 0;
            int l = jc + jr, end = l + cols, oh = l / g.OW, ow = l - oh * g.OW;
            while (l < end)
            {
                int run = Math.Min(end - l, g.OW - ow);
                seg[4 * segs] = oh; seg[4 * segs + 1] = ow; seg[4 * segs + 2] = run; seg[4 * segs + 3] = l - jc - jr;
                segs++; l += run; ow = 0; oh++;
            }
            T* bp = bPack + (nint)jr * kc;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                TKernel.Run(kc, aPack + (nint)ir * kc, bp, tile, nr, T.One, T.Zero);
                for (int i = 0; i < rows; i++)
                {
                    var r = rowMap[ir + i];
                    T* ti = tile + i * nr;
                    for (int s = 0; s < segs; s++)
                        r.ScatterAdd(g, dx, seg[4 * s], seg[4 * s + 1], seg[4 * s + 2], ti + seg[4 * s + 3]);
                }
            }
        }
    }

    /// <summary>
    /// Packs col rows q0 … q0 + kc − 1, columns l0 … l0 + nc − 1 as GEMM's B (kc×nc, NR-wide panels, zero-padded):
    /// element (p, j) goes to dst[(j / NR)·kc·NR + p·NR + j mod NR].
    /// </summary>
    /// <remarks>
    /// Panel by panel, so the stores run sequentially through each panel: a panel's NR columns are cut into runs along
    /// output rows once, then every row q of the block copies its runs (<see cref="Row.Gather"/>, short runs moved by
    /// inline vector copies). The rows' image offsets are computed once per block, not once per panel.
    /// </remarks>
    internal static void PackCol(T* dst, T* x, ConvGeometry g, int q0, int kc, int l0, int nc)
    {
        int nr = TKernel.NR, panels = (nc + nr - 1) / nr, tail = panels * nr - nc;
        Row* rows = stackalloc Row[Math.Max(1, kc)];
        for (int p = 0; p < kc; p++) rows[p] = new Row(g, q0 + p);
        // A panel's NR columns split into runs along output rows: (output row, first output column, length, panel column).
        int* seg = stackalloc int[4 * (nr + 1)];
        for (int panel = 0; panel < panels; panel++)
        {
            int l = l0 + panel * nr, end = Math.Min(l0 + nc, l + nr), oh = l / g.OW, ow = l - oh * g.OW, segs = 0, first = l;
            while (l < end)
            {
                int run = Math.Min(end - l, g.OW - ow);
                seg[4 * segs] = oh; seg[4 * segs + 1] = ow; seg[4 * segs + 2] = run; seg[4 * segs + 3] = l - first;
                segs++; l += run; ow = 0; oh++;
            }
            T* d = dst + (nint)panel * kc * nr;
            int pad = panel == panels - 1 ? tail : 0;
            for (int p = 0; p < kc; p++, d += nr)
            {
                for (int s = 0; s < segs; s++) rows[p].Gather(g, x, seg[4 * s], seg[4 * s + 1], seg[4 * s + 2], d + seg[4 * s + 3], 1);
                if (pad > 0) new Span<T>(d + (nr - pad), pad).Clear();
            }
        }
    }

    /// <summary>
    /// The row-by-row form of <see cref="PackCol"/> (its reference in the tests): for each row of col, its values across
    /// every panel. Slower because consecutive stores land a whole panel (kc·NR values) apart.
    /// </summary>
    internal static void PackColByRow(T* dst, T* x, ConvGeometry g, int q0, int kc, int l0, int nc)
    {
        int nr = TKernel.NR, panels = (nc + nr - 1) / nr, tail = panels * nr - nc;
        for (int p = 0; p < kc; p++)
        {
            var r = new Row(g, q0 + p);
            // Walk l over [l0, l0 + nc) in runs that end at an output row's end or a panel's end.
            int l = l0, end = l0 + nc, oh = l / g.OW, ow = l - oh * g.OW;
            while (l < end)
            {
                int rel = l - l0, panel = rel / nr, j = rel - panel * nr;
                int run = Math.Min(Math.Min(end - l, g.OW - ow), nr - j);
                r.Gather(g, x, oh, ow, run, dst + (nint)panel * kc * nr + (nint)p * nr + j, 1);
                l += run; ow += run;
                if (ow == g.OW) { ow = 0; oh++; }
            }
            if (tail > 0) new Span<T>(dst + (nint)(panels - 1) * kc * nr + (nint)p * nr + (nr - tail), tail).Clear();
        }
    }

    /// <summary>
    /// Packs colᵀ as GEMM's B: rows l0 … l0 + kc − 1 (output positions), columns q0 … q0 + nc − 1 (kernel taps), NR-wide
    /// panels over q: element (p, j) = col[q0 + j, l0 + p] goes to dst[(j / NR)·kc·NR + p·NR + j mod NR].
    /// </summary>
    /// <remarks>
    /// Along l, a row q of col is a run of consecutive image values, but the packed panel wants them NR apart, so a
    /// direct gather (<see cref="PackColTScalar"/>) stores every element on its own — one scalar store per element
    /// of the K×L column matrix, which measured about three times the GEMM's own time on ResNet-20's stages. For
    /// float32 with AVX this gathers each panel's NR rows with block copies into <paramref name="rows"/>
    /// (NR × RoundUp(kc, 8) scratch, row j = col[q0 + j, l0 …]; rows past nc cleared, which is the panel's zero
    /// padding) and then transposes it into the panel in 8×8 register blocks (8 loads, 24 shuffles, 8 stores per
    /// 64 values). The result is bit-identical to <see cref="PackColTScalar"/>; only the data movement differs.
    /// </remarks>
    internal static void PackColT(T* dst, T* rows, T* x, ConvGeometry g, int q0, int nc, int l0, int kc)
    {
        int nr = TKernel.NR;
        if (typeof(T) != typeof(float) || !Avx.IsSupported || nr % 8 != 0 || kc < 8) { PackColTScalar(dst, x, g, q0, nc, l0, kc); return; }
        int ld = RoundUp(kc, 8), kc8 = kc & ~7;
        for (int j0 = 0; j0 < nc; j0 += nr)
        {
            for (int jj = 0; jj < nr; jj++)
            {
                T* row = rows + (nint)jj * ld;
                if (j0 + jj >= nc) { new Span<T>(row, kc).Clear(); continue; }
                var r = new Row(g, q0 + j0 + jj);
                int l = l0, end = l0 + kc, oh = l / g.OW, ow = l - oh * g.OW;
                while (l < end)
                {
                    int run = Math.Min(end - l, g.OW - ow);
                    r.Gather(g, x, oh, ow, run, row + (l - l0), 1);
                    l += run; ow = 0; oh++;
                }
            }
            float* d = (float*)dst + (nint)(j0 / nr) * kc * nr, src = (float*)rows;
            for (int p = 0; p < kc8; p += 8)
                for (int jj = 0; jj < nr; jj += 8)
                    Transpose8x8(src + (nint)jj * ld + p, ld, d + (nint)p * nr + jj, nr);
            for (int p = kc8; p < kc; p++)
                for (int jj = 0; jj < nr; jj++) d[(nint)p * nr + jj] = src[(nint)jj * ld + p];
        }
    }

    /// <summary>
    /// dst[k·ldd + i] = src[i·lda + k] for an 8×8 block: rows 0–7 of src (leading dimension lda) become columns of
    /// dst (leading dimension ldd). Pairs are interleaved (unpack), then quads (shuffle), then the 128-bit halves swapped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, int lda, float* dst, int ldd)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + lda);
        var r2 = Avx.LoadVector256(src + 2 * lda); var r3 = Avx.LoadVector256(src + 3 * lda);
        var r4 = Avx.LoadVector256(src + 4 * lda); var r5 = Avx.LoadVector256(src + 5 * lda);
        var r6 = Avx.LoadVector256(src + 6 * lda); var r7 = Avx.LoadVector256(src + 7 * lda);
        // t: (r0[0], r1[0], r0[1], r1[1] | r0[4], r1[4], r0[5], r1[5]) and the like.
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        // u0: column 0 of rows 0–3 | column 4 of rows 0–3; u1 columns 1|5, u2 2|6, u3 3|7 (u4–u7 the same for rows 4–7).
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>
    /// The direct form of <see cref="PackColT"/> (and its fallback without AVX, for float64 and for other panel widths):
    /// each element gathered straight into its place in the panel, NR apart.
    /// </summary>
    internal static void PackColTScalar(T* dst, T* x, ConvGeometry g, int q0, int nc, int l0, int kc)
    {
        int nr = TKernel.NR;
        for (int j = 0; j < nc; j++)
        {
            var r = new Row(g, q0 + j);
            T* d = dst + (nint)(j / nr) * kc * nr + j % nr;
            int l = l0, end = l0 + kc, oh = l / g.OW, ow = l - oh * g.OW;
            while (l < end)
            {
                int run = Math.Min(end - l, g.OW - ow);
                r.Gather(g, x, oh, ow, run, d + (nint)(l - l0) * nr, nr);
                l += run; ow = 0; oh++;
            }
        }
        int tail = RoundUp(nc, nr) - nc;
        if (tail > 0)
        {
            T* last = dst + (nint)(nc / nr) * kc * nr;
            for (int p = 0; p < kc; p++) new Span<T>(last + (nint)p * nr + (nr - tail), tail).Clear();
        }
    }

    /// <summary>One row q = (c, kh, kw) of the column matrix: where its values come from in the image.</summary>
    private readonly struct Row
    {
        private readonly int channelOffset, rowOffset, lo, hi, iw0;

        public Row(in ConvGeometry g, int q)
        {
            int kk = g.KH * g.KW, c = q / kk, t = q - c * kk, kh = t / g.KW, kw = t - kh * g.KW;
            channelOffset = c * g.HW;
            rowOffset = kh * g.DH - g.PH;
            (lo, hi) = ConvKernels.ValidRange(g.W, g.OW, g.SW, g.PW, kw * g.DW);
            iw0 = kw * g.DW - g.PW; // input column of output column 0
        }

        /// <summary>
        /// Writes col[q, (oh, ow … ow + run − 1)] to dst[0], dst[stride], …: the in-image range [lo, hi) is copied
        /// (strided by SW in the input), the rest cleared.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Gather(in ConvGeometry g, T* x, int oh, int ow, int run, T* dst, int stride)
        {
            int ih = oh * g.SH + rowOffset;
            int a = Math.Max(ow, lo), b = Math.Min(ow + run, hi);
            if ((uint)ih >= (uint)g.H || b <= a) { Fill(dst, 0, run, stride); return; }
            Fill(dst, 0, a - ow, stride);
            Fill(dst, b - ow, ow + run - b, stride);
            T* src = x + channelOffset + (nint)ih * g.W + iw0 + a * g.SW;
            T* d = dst + (nint)(a - ow) * stride;
            int cnt = b - a;
            if (stride == 1 && g.SW == 1) CopyRun(src, d, cnt);
            else if (g.SW == 1) for (int i = 0; i < cnt; i++) d[(nint)i * stride] = src[i];
            else for (int i = 0; i < cnt; i++) d[(nint)i * stride] = src[(nint)i * g.SW];
        }

        /// <summary>
        /// The adjoint of <see cref="Gather"/> at stride 1: x[in-image part of col[q, (oh, ow … ow + run − 1)]] += src[…];
        /// values that fall on the padding are dropped.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void ScatterAdd(in ConvGeometry g, T* x, int oh, int ow, int run, T* src)
        {
            int ih = oh * g.SH + rowOffset;
            int a = Math.Max(ow, lo), b = Math.Min(ow + run, hi);
            if ((uint)ih >= (uint)g.H || b <= a) return;
            T* d = x + channelOffset + (nint)ih * g.W + iw0 + a * g.SW;
            T* s = src + (a - ow);
            int cnt = b - a;
            if (g.SW == 1) { var dd = new Span<T>(d, cnt); TensorPrimitives.Add(dd, new ReadOnlySpan<T>(s, cnt), dd); }
            else for (int i = 0; i < cnt; i++) d[(nint)i * g.SW] += s[i];
        }

        /// <summary>
        /// d[0 … n) = s[0 … n) for the short runs of a gather (one output row, at most a panel: 8–32 values in
        /// ResNet-20): 256-bit moves inline, where a general block copy's call and size dispatch would cost as much as
        /// the copy itself.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void CopyRun(T* s, T* d, int n)
        {
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
                for (int w = Vector256<T>.Count; i <= n - w; i += w) Vector256.Store(Vector256.Load(s + i), d + i);
            for (; i < n; i++) d[i] = s[i];
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Fill(T* dst, int from, int count, int stride)
        {
            if (count <= 0) return;
            if (stride == 1) new Span<T>(dst + from, count).Clear();
            else for (int i = 0; i < count; i++) dst[(nint)(from + i) * stride] = T.Zero;
        }
    }

    /// <summary>
    /// The two loops around the micro-kernel (as in <see cref="GemmDriver{T, TKernel}"/>, α = 1). An edge tile (fewer
    /// than MR rows or NR columns valid — every tile when OCg &lt; MR, e.g. LeNet's 6 filters) is computed into a
    /// scratch tile and merged row by row with vector copies/adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro(T* c, int ldc, T* aPack, T* bPack, int mc, int nc, int kc, T beta)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        T* tile = stackalloc T[mr * nr];
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* bp = bPack + (nint)jr * kc;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                T* ap = aPack + (nint)ir * kc;
                T* cp = c + (nint)ir * ldc + jr;
                if (rows == mr && cols == nr) { TKernel.Run(kc, ap, bp, cp, ldc, T.One, beta); continue; }
                TKernel.Run(kc, ap, bp, tile, nr, T.One, T.Zero);
                for (int i = 0; i < rows; i++)
                {
                    var src = new ReadOnlySpan<T>(tile + i * nr, cols);
                    var dst = new Span<T>(cp + (nint)i * ldc, cols);
                    if (beta == T.Zero) src.CopyTo(dst);
                    else TensorPrimitives.Add(dst, src, dst); // β is 0 or 1 here
                }
            }
        }
    }

    private static int RoundUp(int x, int unit) => (x + unit - 1) / unit * unit;
}
