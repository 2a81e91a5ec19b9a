using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Glassbox.Kernels;

/// <summary>
/// The stride-1 forward pass by the "padded-width" lowering: the image is copied once into a zero-padded buffer
/// xp[C, Hp, Wp] (Hp = OH + DH·(KH − 1), Wp = OW + DW·(KW − 1)), and the product is computed for a wide output of
/// OH·Wp columns instead of OH·OW, of which the last Wp − OW of every output row are discarded.
/// </summary>
/// <remarks>
/// <para>
/// Why: with stride 1, column l' = oh·Wp + ow of the wide column matrix, row q = (c, kh, kw), is
/// xp[c·Hp·Wp + kh·DH·Wp + kw·DW + l'] — an affine function of l' with slope 1. A panel of NR consecutive columns of
/// row q is therefore one contiguous run of the padded image, and packing it is a single NR-wide copy, with no
/// per-output-row segments and no in-image tests. <see cref="ConvGemm{T, TKernel}.PackCol"/> has to split every
/// panel at output-row boundaries and clear the padding ends, which for the 7×7 to 28×28 maps of a small U-Net cost
/// more than the micro-kernel itself (profiled: 32% of DDIM sampling time against 23% in the kernel).
/// </para>
/// <para>
/// The price is (Wp − OW)/OW extra columns of arithmetic (2/28 = 7% for a 3×3 "same" convolution on 28×28, 2/7 = 29%
/// on 7×7) and one compaction copy of the wide output. The columns in the discarded positions read values that wrap
/// into the next padded row (or, for the very last row, into <c>DW·(KW − 1)</c> elements of slack after the buffer);
/// they are never stored into y, so they may be anything. <see cref="Pays"/> takes this path only while the extra
/// width is at most a third of OW.
/// </para>
/// <para>
/// The same padded geometry serves the two backward passes: backward-weight packs colᵀ from the padded image
/// (<see cref="WeightGradImage"/>), and backward-data adds the column gradient into a padded image gradient without
/// clipping (<see cref="DataGradImagesPadded"/>). <c>GLASSBOX_CONV_PADDED_WIDTH=0</c> turns all three off.
/// </para>
/// </remarks>
internal static unsafe partial class ConvGemm<T, TKernel>
{
    /// <summary>Whether the padded-width lowering applies (stride 1) and pays (at most OW/3 discarded columns per row).</summary>
    public static bool Pays(in ConvGeometry g) => g.SH == 1 && g.SW == 1 && g.DW * (g.KW - 1) * 3 <= g.OW;

    /// <summary>
    /// The forward pass over images [n0, n1) (y = conv(x, w) + bias, y overwritten) by the padded-width lowering;
    /// requires <see cref="Pays"/>.
    /// </summary>
    public static void ForwardImagesPadded(T* x, T* w, T* bias, T* y, ConvGeometry g, int n0, int n1)
    {
        int m = g.OCg, k = g.K, L = g.L;
        if (m == 0 || L == 0) return;
        int hp = g.OH + g.DH * (g.KH - 1), wp = g.OW + g.DW * (g.KW - 1), lWide = g.OH * wp;
        int mPad = RoundUp(m, TKernel.MR), groupLen = k * mPad;
        int xpLen = g.C * hp * wp + g.DW * (g.KW - 1) + TKernel.NR;
        T[] packed = ArrayPool<T>.Shared.Rent(Math.Max(1, g.Groups * groupLen));
        T[] padded = ArrayPool<T>.Shared.Rent(xpLen);
        T[] wide = ArrayPool<T>.Shared.Rent(Math.Max(1, m * lWide));
        try
        {
            fixed (T* pa = packed) fixed (T* xp = padded) fixed (T* yw = wide)
            {
                for (int grp = 0; grp < g.Groups; grp++) PackWeights(pa + (nint)grp * groupLen, w + (nint)grp * m * k, k, false, m, k);
                new Span<T>(xp, xpLen).Clear(); // the border and the slack stay zero; the interior is rewritten per image
                for (int n = n0; n < n1; n++)
                {
                    T* xi = x + (nint)n * g.C * g.HW, yi = y + (nint)n * g.OC * L;
                    CopyIntoPadded(xp, xi, g, hp, wp);
                    for (int grp = 0; grp < g.Groups; grp++)
                    {
                        ForwardWide(yw, pa + (nint)grp * groupLen, xp, g, grp, hp, wp, lWide);
                        Compact(yi + (nint)grp * m * L, yw, g, grp, wp, bias);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(wide);
            ArrayPool<T>.Shared.Return(padded);
            ArrayPool<T>.Shared.Return(packed);
        }
    }

    /// <summary>Where row q = (c, kh, kw) of the wide column matrix starts in xp: c·Hp·Wp + kh·DH·Wp + kw·DW.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WideRowOffset(in ConvGeometry g, int q, int hp, int wp)
    {
        int kk = g.KH * g.KW, c = q / kk, t = q - c * kk, kh = t / g.KW, kw = t - kh * g.KW;
        return c * hp * wp + kh * g.DH * wp + kw * g.DW;
    }

    /// <summary>xp[c, i + PH, j + PW] = x[c, i, j] for the rows and columns that land inside [0, Hp)×[0, Wp).</summary>
    private static void CopyIntoPadded(T* xp, T* x, in ConvGeometry g, int hp, int wp)
    {
        int rows = Math.Min(g.H, hp - g.PH), cols = Math.Min(g.W, wp - g.PW);
        if (rows <= 0 || cols <= 0) return;
        for (int c = 0; c < g.C; c++)
            for (int i = 0; i < rows; i++)
                new ReadOnlySpan<T>(x + (nint)c * g.HW + (nint)i * g.W, cols)
                    .CopyTo(new Span<T>(xp + (nint)c * hp * wp + (nint)(i + g.PH) * wp + g.PW, cols));
    }

    /// <summary>yw[OCg, OH·Wp] = W_g · colWide_g(xp) (overwritten), the GEMM loops with <see cref="PackColWide"/>.</summary>
    private static void ForwardWide(T* yw, T* aPacked, T* xp, in ConvGeometry g, int group, int hp, int wp, int n)
    {
        int m = g.OCg, k = g.K;
        if (k == 0) { new Span<T>(yw, m * n).Clear(); return; }
        var (kcMax, mcMax) = Blocking(m, k);
        int mPad = RoundUp(m, TKernel.MR);
        int ncMax = Math.Min(TKernel.NC, RoundUp(n, TKernel.NR));
        T* bPack = (T*)GemmScratch.Get((nuint)(kcMax * ncMax * sizeof(T)));
        int* offsets = stackalloc int[kcMax];
        int qBase = group * k;
        for (int jc = 0; jc < n; jc += TKernel.NC)
        {
            int nc = Math.Min(TKernel.NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                for (int p = 0; p < kc; p++) offsets[p] = WideRowOffset(g, qBase + pc + p, hp, wp);
                PackColWide(bPack, xp, offsets, kc, jc, nc);
                T betaK = pc == 0 ? T.Zero : T.One;
                for (int ic = 0; ic < m; ic += mcMax)
                    Macro(yw + (nint)ic * n + jc, n, aPacked + (nint)pc * mPad + (nint)ic * kc, bPack, Math.Min(mcMax, m - ic), nc, kc, betaK);
            }
        }
    }

    /// <summary>
    /// Packs columns [l0, l0 + nc) of rows offsets[0 … kc) of the wide column matrix into NR-wide panels: row p of a
    /// panel is the NR contiguous values xp[offsets[p] + l0 + panel·NR …]; the last panel's columns past nc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackColWide(T* dst, T* xp, int* offsets, int kc, int l0, int nc)
    {
        int nr = TKernel.NR, full = nc / nr, tail = nc - full * nr;
        for (int panel = 0; panel < full; panel++)
        {
            T* d = dst + (nint)panel * kc * nr;
            T* s = xp + l0 + panel * nr;
            for (int p = 0; p < kc; p++, d += nr) Unsafe.CopyBlockUnaligned(d, s + offsets[p], (uint)(nr * sizeof(T)));
        }
        if (tail > 0)
        {
            T* d = dst + (nint)full * kc * nr;
            T* s = xp + l0 + full * nr;
            for (int p = 0; p < kc; p++, d += nr)
            {
                new ReadOnlySpan<T>(s + offsets[p], tail).CopyTo(new Span<T>(d, tail));
                new Span<T>(d + tail, nr - tail).Clear();
            }
        }
    }

    /// <summary>y_g[oc, oh·OW + ow] = yw[oc, oh·Wp + ow] (+ bias[oc]) for ow &lt; OW: drops the wrapped columns.</summary>
    private static void Compact(T* y, T* yw, in ConvGeometry g, int group, int wp, T* bias)
    {
        int m = g.OCg, ow = g.OW;
        for (int oc = 0; oc < m; oc++)
        {
            T b = bias != null ? bias[group * m + oc] : T.Zero;
            T* src = yw + (nint)oc * g.OH * wp;
            T* dst = y + (nint)oc * g.L;
            for (int oh = 0; oh < g.OH; oh++, src += wp, dst += ow)
            {
                if (bias == null) new ReadOnlySpan<T>(src, ow).CopyTo(new Span<T>(dst, ow));
                else for (int j = 0; j < ow; j++) dst[j] = src[j] + b;
            }
        }
    }

    /// <summary>Whether backward-data scatters into a padded buffer (<see cref="DataGradImagesPadded"/>): stride 1.</summary>
    public static bool ScattersPadded(in ConvGeometry g) => g.SH == 1 && g.SW == 1;

    /// <summary>
    /// The backward-data pass over images [n0, n1) (dx = col2im(W_gᵀ·dy_g), dx overwritten) for stride 1: the column
    /// gradient's tiles are added into a zero-padded image gradient dxp[C, Hp, Wp] with no clipping, and the interior
    /// is copied out to dx at the end of each image. Requires <see cref="ScattersPadded"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// With stride 1, Hp = OH + DH·(KH − 1) = H + 2·PH and Wp = W + 2·PW, and element (q, l) of the column gradient,
    /// q = (c, kh, kw), l = (oh, ow), belongs at xp-position (oh + kh·DH, ow + kw·DW) — always inside [0, Hp)×[0, Wp).
    /// So a run of a tile row along one output row is one contiguous add at dxp[offset(q) + oh·Wp + ow], with
    /// offset(q) = c·Hp·Wp + kh·DH·Wp + kw·DW computed once per block; the clipped path
    /// (<see cref="DataGradImagesClipped"/>) instead works out, for every run of every row of every tile, which part
    /// of it falls inside the image. What lands on the border is simply discarded with the buffer.
    /// </para>
    /// <para>
    /// Why not the forward's wide product (a column gradient over OH·Wp columns): here B is dy, whose packing is
    /// already a contiguous copy, so widening the columns would only add (Wp − OW)/OW arithmetic; the narrow product
    /// keeps the tile runs split at output-row ends, and each run still maps to one contiguous stretch of dxp.
    /// The loops, tiles and order of additions are those of the clipped path, so every interior element of dx receives
    /// the same values in the same order: the two are bit-identical.
    /// </para>
    /// </remarks>
    public static void DataGradImagesPadded(T* dx, T* w, T* dy, ConvGeometry g, int n0, int n1)
    {
        int m = g.K, k = g.OCg;
        int hp = g.OH + g.DH * (g.KH - 1), wp = g.OW + g.DW * (g.KW - 1), xpLen = g.C * hp * wp;
        int mPad = RoundUp(m, TKernel.MR), groupLen = k * mPad;
        T[] packed = ArrayPool<T>.Shared.Rent(Math.Max(1, g.Groups * groupLen));
        T[] padded = ArrayPool<T>.Shared.Rent(Math.Max(1, xpLen));
        try
        {
            fixed (T* pa = packed) fixed (T* dxp = padded)
            {
                for (int grp = 0; grp < g.Groups; grp++) PackWeights(pa + (nint)grp * groupLen, w + (nint)grp * k * m, m, true, m, k);
                for (int n = n0; n < n1; n++)
                {
                    T* dxi = dx + (nint)n * g.C * g.HW, dyi = dy + (nint)n * g.OC * g.L;
                    new Span<T>(dxp, xpLen).Clear();
                    for (int grp = 0; grp < g.Groups; grp++)
                        DataGradPadded(dxp, pa + (nint)grp * groupLen, dyi + (nint)grp * k * g.L, g, grp, hp, wp);
                    CopyFromPadded(dxi, dxp, g, hp, wp);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(padded);
            ArrayPool<T>.Shared.Return(packed);
        }
    }

    /// <summary>x[c, i, j] = xp[c, i + PH, j + PW]: the interior of a padded buffer (stride 1: Hp = H + 2·PH, Wp = W + 2·PW).</summary>
    private static void CopyFromPadded(T* x, T* xp, in ConvGeometry g, int hp, int wp)
    {
        for (int c = 0; c < g.C; c++)
            for (int i = 0; i < g.H; i++)
                new ReadOnlySpan<T>(xp + (nint)c * hp * wp + (nint)(i + g.PH) * wp + g.PW, g.W).CopyTo(new Span<T>(x + (nint)c * g.HW + (nint)i * g.W, g.W));
    }

    /// <summary>
    /// dxp += col2imPadded(W_gᵀ·dy_g): <see cref="DataGrad"/>'s loops with each tile row added into the padded
    /// buffer at its row's offset (<see cref="WideRowOffset"/>).
    /// </summary>
    private static void DataGradPadded(T* dxp, T* aPacked, T* dy, in ConvGeometry g, int group, int hp, int wp)
    {
        int m = g.K, n = g.L, k = g.OCg;
        if (m == 0 || n == 0 || k == 0) return;
        var (kcMax, mcMax) = Blocking(m, k);
        int mPad = RoundUp(m, TKernel.MR);
        int ncMax = Math.Min(TKernel.NC, RoundUp(n, TKernel.NR));
        T* bPack = (T*)GemmScratch.Get((nuint)(kcMax * ncMax * sizeof(T)));
        Span<int> offsets = mcMax <= 1024 ? stackalloc int[mcMax] : new int[mcMax];
        int qBase = group * m;
        for (int ic = 0; ic < m; ic += mcMax)
        {
            int mc = Math.Min(mcMax, m - ic);
            for (int i = 0; i < mc; i++) offsets[i] = WideRowOffset(g, qBase + ic + i, hp, wp);
            for (int jc = 0; jc < n; jc += TKernel.NC)
            {
                int nc = Math.Min(TKernel.NC, n - jc);
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, k - pc);
                    GemmPacking.PackB<T, TKernel>(bPack, dy + (nint)pc * n + jc, n, false, kc, nc);
                    MacroScatterPadded(dxp, g, wp, offsets, jc, aPacked + (nint)pc * mPad + (nint)ic * kc, bPack, mc, nc, kc);
                }
            }
        }
    }

    /// <summary>
    /// The micro-kernel loops of <see cref="DataGradPadded"/>: every tile goes to scratch, then each of its rows is
    /// added into dxp run by run (one run per output row the tile's columns touch), with no clipping.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroScatterPadded(T* dxp, in ConvGeometry g, int wp, ReadOnlySpan<int> offsets, int jc, T* aPack, T* bPack, int mc, int nc, int kc)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        T* tile = stackalloc T[mr * nr];
        // The tile's columns split into runs along output rows: (offset oh·Wp + ow in the padded plane, length, tile column).
        int* seg = stackalloc int[3 * (nr + 1)];
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr), segs = 0;
            int l = jc + jr, end = l + cols, oh = l / g.OW, ow = l - oh * g.OW;
            while (l < end)
            {
                int run = Math.Min(end - l, g.OW - ow);
                seg[3 * segs] = oh * wp + ow; seg[3 * segs + 1] = run; seg[3 * segs + 2] = l - jc - jr;
                segs++; l += run; ow = 0; oh++;
            }
            T* bp = bPack + (nint)jr * kc;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                TKernel.Run(kc, aPack + (nint)ir * kc, bp, tile, nr, T.One, T.Zero);
                for (int i = 0; i < rows; i++)
                {
                    T* d = dxp + offsets[ir + i], ti = tile + i * nr;
                    for (int s = 0; s < segs; s++) AddRun(d + seg[3 * s], ti + seg[3 * s + 2], seg[3 * s + 1]);
                }
            }
        }
    }

    /// <summary>
    /// d[0 … n) += s[0 … n) for one tile run (at most NR values): 256-bit adds inline, where a general vector add's
    /// call and length dispatch would cost as much as the add. Each element is one IEEE addition, as in the clipped path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRun(T* d, T* s, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (int w = Vector256<T>.Count; i <= n - w; i += w) Vector256.Store(Vector256.Load(d + i) + Vector256.Load(s + i), d + i);
        for (; i < n; i++) d[i] += s[i];
    }

    /// <summary>
    /// dW[OC, K] += Σ_groups dy_g · col_g(x)ᵀ for one image (dy [OC, L], x [C, H, W]): through the padded-width
    /// lowering when it applies, else <see cref="WeightGrad"/> group by group.
    /// </summary>
    /// <remarks>
    /// In the wide form dy is spread to dy'[OC, OH·Wp] with zeros in the discarded columns, so the wrapped values that
    /// colWide holds there are multiplied by zero and drop out of dW = dy'·colWideᵀ exactly; the rows of colᵀ that the
    /// packing reads are then contiguous runs of the padded image.
    /// </remarks>
    public static void WeightGradImage(T* dw, T* dy, T* x, ConvGeometry g)
    {
        int m = g.OCg;
        if (!(PaddedWidth && Pays(g)) || m == 0 || g.K == 0 || g.L == 0)
        {
            for (int grp = 0; grp < g.Groups; grp++) WeightGrad(dw + (nint)grp * m * g.K, dy + (nint)grp * m * g.L, x, g, grp);
            return;
        }
        int hp = g.OH + g.DH * (g.KH - 1), wp = g.OW + g.DW * (g.KW - 1), lWide = g.OH * wp;
        int xpLen = g.C * hp * wp + g.DW * (g.KW - 1) + TKernel.NR;
        T[] padded = ArrayPool<T>.Shared.Rent(xpLen);
        T[] spread = ArrayPool<T>.Shared.Rent(g.OC * lWide);
        try
        {
            fixed (T* xp = padded) fixed (T* dyw = spread)
            {
                new Span<T>(xp, xpLen).Clear();
                CopyIntoPadded(xp, x, g, hp, wp);
                new Span<T>(dyw, g.OC * lWide).Clear();
                for (int oc = 0; oc < g.OC; oc++)
                    for (int oh = 0; oh < g.OH; oh++)
                        new ReadOnlySpan<T>(dy + (nint)oc * g.L + (nint)oh * g.OW, g.OW).CopyTo(new Span<T>(dyw + (nint)oc * lWide + (nint)oh * wp, g.OW));
                for (int grp = 0; grp < g.Groups; grp++)
                    WeightGradWide(dw + (nint)grp * m * g.K, dyw + (nint)grp * m * lWide, xp, g, grp, hp, wp, lWide);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(spread);
            ArrayPool<T>.Shared.Return(padded);
        }
    }

    /// <summary>dw_g[OCg, K] += dyw_g[OCg, OH·Wp] · colWide_g(xp)ᵀ: <see cref="WeightGrad"/>'s loops over the wide columns.</summary>
    private static void WeightGradWide(T* dw, T* dyw, T* xp, in ConvGeometry g, int group, int hp, int wp, int lWide)
    {
        int m = g.OCg, n = g.K, k = lWide;
        var (kcMax, mcMax) = Blocking(m, k);
        int ncMax = Math.Min(TKernel.NC, RoundUp(n, TKernel.NR));
        nuint bBytes = (nuint)RoundUp(kcMax * ncMax * sizeof(T), 64), aBytes = (nuint)RoundUp(kcMax * mcMax * sizeof(T), 64);
        byte* scratch = GemmScratch.Get(bBytes + aBytes + (nuint)(TKernel.NR * RoundUp(kcMax, 8) * sizeof(T)));
        T* bPack = (T*)scratch, aPack = (T*)(scratch + bBytes), rowsTmp = (T*)(scratch + bBytes + aBytes);
        int* offsets = stackalloc int[ncMax];
        int qBase = group * n;
        for (int jc = 0; jc < n; jc += TKernel.NC)
        {
            int nc = Math.Min(TKernel.NC, n - jc);
            for (int j = 0; j < nc; j++) offsets[j] = WideRowOffset(g, qBase + jc + j, hp, wp);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                PackColTWide(bPack, rowsTmp, xp, offsets, nc, pc, kc);
                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    GemmPacking.PackA<T, TKernel>(aPack, dyw + (nint)ic * k + pc, k, false, mc, kc);
                    Macro(dw + (nint)ic * n + jc, n, aPack, bPack, mc, nc, kc, T.One);
                }
            }
        }
    }

    /// <summary>
    /// Packs colWideᵀ rows [l0, l0 + kc) × columns offsets[0 … nc) into NR-wide panels: panel column j, row p holds
    /// xp[offsets[j] + l0 + p] (zero past nc). Each of the NR source rows is one contiguous run, staged in
    /// <paramref name="rows"/> and turned by 8×8 transposes where the vector path applies.
    /// </summary>
    internal static void PackColTWide(T* dst, T* rows, T* xp, int* offsets, int nc, int l0, int kc)
    {
        int nr = TKernel.NR;
        bool vector = typeof(T) == typeof(float) && System.Runtime.Intrinsics.X86.Avx.IsSupported && nr % 8 == 0 && kc >= 8;
        int ld = RoundUp(kc, 8), kc8 = kc & ~7;
        for (int j0 = 0; j0 < nc; j0 += nr)
        {
            T* d = dst + (nint)(j0 / nr) * kc * nr;
            if (!vector)
            {
                for (int jj = 0; jj < nr; jj++)
                {
                    if (j0 + jj >= nc) { for (int p = 0; p < kc; p++) d[(nint)p * nr + jj] = T.Zero; continue; }
                    T* s = xp + offsets[j0 + jj] + l0;
                    for (int p = 0; p < kc; p++) d[(nint)p * nr + jj] = s[p];
                }
                continue;
            }
            for (int jj = 0; jj < nr; jj++)
            {
                var row = new Span<T>(rows + (nint)jj * ld, kc);
                if (j0 + jj >= nc) row.Clear();
                else new ReadOnlySpan<T>(xp + offsets[j0 + jj] + l0, kc).CopyTo(row);
            }
            float* df = (float*)d, src = (float*)rows;
            for (int p = 0; p < kc8; p += 8)
                for (int jj = 0; jj < nr; jj += 8)
                    Transpose8x8(src + (nint)jj * ld + p, ld, df + (nint)p * nr + jj, nr);
            for (int p = kc8; p < kc; p++)
                for (int jj = 0; jj < nr; jj++) df[(nint)p * nr + jj] = src[(nint)jj * ld + p];
        }
    }
}
