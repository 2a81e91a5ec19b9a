using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.Kernels;

/// <summary>
/// 2-D convolution lowered to the packed GEMM (<see cref="Gemm"/>): forward, backward-data and backward-weight
/// over contiguous NCHW tensors, float32 and float64. <see cref="ConvReference"/> holds the direct loops these are
/// tested against.
/// </summary>
/// <remarks>
/// <para>
/// <b>Lowering.</b> For one image, im2col writes the column matrix col[C·KH·KW, OH·OW] whose column l holds the
/// input patch under output position l (zeros where the patch hangs over the padding). Group g's weight is a
/// matrix W_g[OC/G, K] (K = C/G·KH·KW, rows of the stored weight as they lie), and its rows of col are the
/// contiguous block col_g[K, L], so the three passes are three products per image and group:
/// </para>
/// <code>
/// forward          y_g   = W_g · col_g             (bias pre-written into y, GEMM accumulates with β = 1)
/// backward-data    dcol_g = W_gᵀ · dy_g,   dx = col2im(dcol)   (col2im adds overlapping patches)
/// backward-weight  dW_g  += dy_g · col_gᵀ          (summed over the images)
/// </code>
/// <para>
/// <b>Implicit GEMM.</b> Inside a batch worker (and for any image too small for GEMM's own threads) the products run
/// in <see cref="ConvGemm{T, TKernel}"/>, which never materialises col: GEMM's packing step gathers the panels of col
/// (forward) or colᵀ (backward-weight) straight from the image, and backward-data adds each register tile of
/// W_gᵀ·dy_g straight into dx (col2im fused into the kernel's write-back). <see cref="Im2Col"/>/<see cref="Col2Im"/>
/// with a pooled column buffer remain for a lone large image, where GEMM on the explicit matrix uses every core.
/// </para>
/// <para>
/// A 1×1 kernel with stride 1 and no padding has col = x, so the image is handed to GEMM directly. A depthwise
/// convolution (G = C = OC) has products with M = 1 that GEMM cannot block, so it runs a direct kernel
/// (<see cref="DepthwiseConvKernels"/>).
/// </para>
/// <para>
/// <b>Parallel layout.</b> The batch is cut into min(threads, N) contiguous chunks, one per worker; each worker
/// owns one column buffer (one image's worth, never the batch's: a 224×224 layer would otherwise need
/// gigabytes) and, for backward-weight, its own dW accumulator, summed at the end. The GEMMs inside run
/// single-threaded (<see cref="Gemm.OnThisThreadOnly"/>). Why: on the 2-core target the per-image products are
/// small — LeNet's first layer is 6×25×784 and ResNet-20's widest 64×576×64 — all below GEMM's own parallel
/// threshold (m·n·k ≈ 160³), so GEMM would run them on one core anyway, and splitting one small product across
/// cores packs the same panels twice. Images are independent, so the batch split uses both cores with no
/// synchronisation beyond the final dW sum. With one image (inference, N = 1) there is nothing to split, so GEMM
/// gets the cores and parallelises the product itself when it is large enough.
/// </para>
/// <para>Scratch buffers come from <see cref="ArrayPool{T}.Shared"/>: they are overwritten before being read, so
/// the zero-fill of <see cref="BufferPool"/> would be wasted work, and a training step re-rents the same sizes.</para>
/// </remarks>
internal static class ConvKernels
{
    /// <summary>y = conv(x, w) + b. x [N, C, H, W], w [OC, C/G, KH, KW], bias [OC] or empty, y [N, OC, OH, OW] (overwritten).</summary>
    public static void Forward<T>(ReadOnlyMemory<T> x, ReadOnlyMemory<T> w, ReadOnlyMemory<T> bias, Memory<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.N == 0 || g.OC == 0 || g.L == 0) return;
        if (g.IsDepthwise) { DepthwiseConvKernels.Forward(x, w, bias, y, g); return; }
        ForChunks(g, (c0, c1, parallel) =>
        {
            using var gemmThreads = parallel ? Gemm.OnThisThreadOnly() : default(Gemm.SingleThreadScope?);
            if (!g.IsPointwise && Fused(g, parallel)) { FusedForward(x.Span, w.Span, bias.Span, y.Span, g, c0, c1); return; }
            T[]? col = g.IsPointwise ? null : ArrayPool<T>.Shared.Rent(g.C * g.KH * g.KW * g.L);
            var xs = x.Span; var ws = w.Span; var bs = bias.Span; var ys = y.Span;
            int K = g.K, L = g.L, ocg = g.OCg;
            for (int n = c0; n < c1; n++)
            {
                var xi = xs.Slice(n * g.C * g.HW, g.C * g.HW);
                var yi = ys.Slice(n * g.OC * L, g.OC * L);
                if (!bs.IsEmpty) for (int oc = 0; oc < g.OC; oc++) yi.Slice(oc * L, L).Fill(bs[oc]);
                ReadOnlySpan<T> src = xi;
                if (col is not null) { Im2Col(xi, col, g); src = col; }
                for (int grp = 0; grp < g.Groups; grp++)
                    GemmT(yi.Slice(grp * ocg * L, ocg * L), L, ws.Slice(grp * ocg * K, ocg * K), K, false,
                        src.Slice(grp * K * L, K * L), L, false, ocg, L, K, bs.IsEmpty ? T.Zero : T.One);
            }
            if (col is not null) ArrayPool<T>.Shared.Return(col);
        });
    }

    /// <summary>dx = ∂L/∂x from dy [N, OC, OH, OW] and w: the transposed convolution of dy (dx overwritten).</summary>
    public static void BackwardData<T>(ReadOnlyMemory<T> dy, ReadOnlyMemory<T> w, Memory<T> dx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.N == 0 || g.C == 0 || g.HW == 0) return;
        if (g.OC == 0 || g.L == 0) { dx.Span.Slice(0, g.N * g.C * g.HW).Clear(); return; }
        if (g.IsDepthwise) { DepthwiseConvKernels.BackwardData(dy, w, dx, g); return; }
        ForChunks(g, (c0, c1, parallel) =>
        {
            using var gemmThreads = parallel ? Gemm.OnThisThreadOnly() : default(Gemm.SingleThreadScope?);
            if (!g.IsPointwise && Fused(g, parallel)) { FusedDataGrad(dx.Span, w.Span, dy.Span, g, c0, c1); return; }
            T[]? col = g.IsPointwise ? null : ArrayPool<T>.Shared.Rent(g.C * g.KH * g.KW * g.L);
            var dys = dy.Span; var ws = w.Span; var dxs = dx.Span;
            int K = g.K, L = g.L, ocg = g.OCg;
            for (int n = c0; n < c1; n++)
            {
                var dyi = dys.Slice(n * g.OC * L, g.OC * L);
                var dxi = dxs.Slice(n * g.C * g.HW, g.C * g.HW);
                Span<T> dst = col is null ? dxi : col.AsSpan(0, g.C * g.KH * g.KW * L);
                for (int grp = 0; grp < g.Groups; grp++)
                    GemmT(dst.Slice(grp * K * L, K * L), L, ws.Slice(grp * ocg * K, ocg * K), K, true,
                        dyi.Slice(grp * ocg * L, ocg * L), L, false, K, L, ocg, T.Zero);
                if (col is not null) { dxi.Clear(); Col2Im(col, dxi, g); }
            }
            if (col is not null) ArrayPool<T>.Shared.Return(col);
        });
    }

    /// <summary>dw = ∂L/∂w = Σ_n dy_n · col(x_n)ᵀ per group (dw [OC, C/G, KH, KW] overwritten).</summary>
    public static void BackwardWeight<T>(ReadOnlyMemory<T> x, ReadOnlyMemory<T> dy, Memory<T> dw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int wlen = g.OC * g.K;
        dw.Span.Slice(0, wlen).Clear();
        if (g.N == 0 || wlen == 0 || g.L == 0) return;
        if (g.IsDepthwise) { DepthwiseConvKernels.BackwardWeight(x, dy, dw, g); return; }
        int chunks = Chunks(g.N);
        // Worker 0 accumulates straight into dw; the others into their own buffers, added in at the end.
        var partial = new T[chunks][];
        ForChunks(g, (c0, c1, parallel) =>
        {
            using var gemmThreads = parallel ? Gemm.OnThisThreadOnly() : default(Gemm.SingleThreadScope?);
            int chunk = ChunkIndex(g.N, c0);
            Span<T> acc;
            if (chunk == 0) acc = dw.Span.Slice(0, wlen);
            else { partial[chunk] = ArrayPool<T>.Shared.Rent(wlen); acc = partial[chunk].AsSpan(0, wlen); acc.Clear(); }
            bool fused = !g.IsPointwise && Fused(g, parallel);
            T[]? col = g.IsPointwise || fused ? null : ArrayPool<T>.Shared.Rent(g.C * g.KH * g.KW * g.L);
            var xs = x.Span; var dys = dy.Span;
            int K = g.K, L = g.L, ocg = g.OCg;
            for (int n = c0; n < c1; n++)
            {
                var xi = xs.Slice(n * g.C * g.HW, g.C * g.HW);
                var dyi = dys.Slice(n * g.OC * L, g.OC * L);
                if (fused) { FusedWeightGrad(acc, dyi, xi, g); continue; }
                ReadOnlySpan<T> src = xi;
                if (col is not null) { Im2Col(xi, col, g); src = col; }
                for (int grp = 0; grp < g.Groups; grp++)
                    GemmT(acc.Slice(grp * ocg * K, ocg * K), K, dyi.Slice(grp * ocg * L, ocg * L), L, false,
                        src.Slice(grp * K * L, K * L), L, true, ocg, K, L, T.One);
            }
            if (col is not null) ArrayPool<T>.Shared.Return(col);
        });
        var d = dw.Span.Slice(0, wlen);
        for (int c = 1; c < chunks; c++)
        {
            if (partial[c] is not { } p) continue;
            TensorPrimitives.Add<T>(d, p.AsSpan(0, wlen), d);
            ArrayPool<T>.Shared.Return(p);
        }
    }

    /// <summary>db[oc] = Σ_n Σ_l dy[n, oc, l] over dy [N, OC, L] (db overwritten).</summary>
    public static void BiasGrad<T>(ReadOnlySpan<T> dy, Span<T> db, int n, int oc, int l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        db.Slice(0, oc).Clear();
        for (int i = 0; i < n; i++)
            for (int c = 0; c < oc; c++)
                db[c] += TensorPrimitives.Sum(dy.Slice((i * oc + c) * l, l));
    }

    /// <summary>
    /// im2col for one image: x [C, H, W] → col [C·KH·KW, OH·OW], row (c, kh, kw), column (oh, ow) holding
    /// x[c, oh·SH − PH + kh·DH, ow·SW − PW + kw·DW], 0 outside the image.
    /// </summary>
    /// <remarks>
    /// For each row and output row the in-bounds output columns form one interval [lo, hi) (computed once per
    /// kernel column), so the inner loop has no bounds test: a block copy at stride 1, a strided gather otherwise,
    /// and the two padded margins are cleared.
    /// </remarks>
    public static void Im2Col<T>(ReadOnlySpan<T> x, Span<T> col, ConvGeometry g) where T : unmanaged
    {
        int L = g.L, OW = g.OW;
        for (int c = 0; c < g.C; c++)
        {
            var xc = x.Slice(c * g.HW, g.HW);
            for (int kh = 0; kh < g.KH; kh++)
                for (int kw = 0; kw < g.KW; kw++)
                {
                    var row = col.Slice(((c * g.KH + kh) * g.KW + kw) * L, L);
                    var (lo, hi) = ValidRange(g.W, OW, g.SW, g.PW, kw * g.DW);
                    int iw0 = lo * g.SW - g.PW + kw * g.DW;
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        var dst = row.Slice(oh * OW, OW);
                        int ih = oh * g.SH - g.PH + kh * g.DH;
                        if ((uint)ih >= (uint)g.H || hi <= lo) { dst.Clear(); continue; }
                        dst.Slice(0, lo).Clear();
                        dst.Slice(hi).Clear();
                        var src = xc.Slice(ih * g.W);
                        if (g.SW == 1) src.Slice(iw0, hi - lo).CopyTo(dst.Slice(lo));
                        else for (int ow = lo, iw = iw0; ow < hi; ow++, iw += g.SW) dst[ow] = src[iw];
                    }
                }
        }
    }

    /// <summary>col2im for one image: x [C, H, W] += the patches of col [C·KH·KW, OH·OW] (the adjoint of <see cref="Im2Col"/>).</summary>
    public static void Col2Im<T>(ReadOnlySpan<T> col, Span<T> x, ConvGeometry g) where T : unmanaged, INumberBase<T>
    {
        int L = g.L, OW = g.OW;
        for (int c = 0; c < g.C; c++)
        {
            var xc = x.Slice(c * g.HW, g.HW);
            for (int kh = 0; kh < g.KH; kh++)
                for (int kw = 0; kw < g.KW; kw++)
                {
                    var row = col.Slice(((c * g.KH + kh) * g.KW + kw) * L, L);
                    var (lo, hi) = ValidRange(g.W, OW, g.SW, g.PW, kw * g.DW);
                    if (hi <= lo) continue;
                    int iw0 = lo * g.SW - g.PW + kw * g.DW;
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        int ih = oh * g.SH - g.PH + kh * g.DH;
                        if ((uint)ih >= (uint)g.H) continue;
                        var src = row.Slice(oh * OW);
                        var dst = xc.Slice(ih * g.W);
                        if (g.SW == 1) AddInto(dst.Slice(iw0, hi - lo), src.Slice(lo, hi - lo));
                        else for (int ow = lo, iw = iw0; ow < hi; ow++, iw += g.SW) dst[iw] += src[ow];
                    }
                }
        }
    }

    /// <summary>
    /// The output columns [lo, hi) whose input column ow·s − p + off lies in [0, n): lo = ⌈(p − off)/s⌉,
    /// hi = ⌊(n − 1 + p − off)/s⌋ + 1, clipped to [0, outN].
    /// </summary>
    internal static (int Lo, int Hi) ValidRange(int n, int outN, int s, int p, int off)
    {
        int lo = Math.Max(0, CeilDiv(p - off, s));
        int hi = Math.Min(outN, FloorDiv(n - 1 + p - off, s) + 1);
        return (lo, Math.Max(lo, hi));
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
    private static int CeilDiv(int a, int b) => -FloorDiv(-a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInto<T>(Span<T> dst, ReadOnlySpan<T> src) where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(float))
        {
            var d = MemoryMarshal.Cast<T, float>(dst);
            TensorPrimitives.Add(d, MemoryMarshal.Cast<T, float>(src), d);
        }
        else if (typeof(T) == typeof(double))
        {
            var d = MemoryMarshal.Cast<T, double>(dst);
            TensorPrimitives.Add(d, MemoryMarshal.Cast<T, double>(src), d);
        }
        else for (int i = 0; i < dst.Length; i++) dst[i] += src[i];
    }

    /// <summary>The worker count for a batch of n images: one contiguous chunk of images per worker.</summary>
    internal static int Chunks(int n)
    {
        int chunks = Math.Max(1, Math.Min(Par.MaxThreads, n));
        int per = (n + chunks - 1) / chunks;
        return (n + per - 1) / per;
    }

    private static int PerChunk(int n) { int c = Chunks(n); return (n + c - 1) / c; }

    private static int ChunkIndex(int n, int firstImage) => firstImage / PerChunk(n);

    /// <summary>Runs body(firstImage, endImage, parallel) once per chunk of the batch, the chunks in parallel.</summary>
    internal static void ForChunks(ConvGeometry g, Action<int, int, bool> body)
    {
        int chunks = Chunks(g.N), per = PerChunk(g.N);
        if (chunks == 1) { body(0, g.N, false); return; }
        // GEMM's helper threads stay awake briefly between jobs, so the back-to-back convolutions of a training step
        // do not each pay a thread-pool wake-up (tens of µs on a loaded machine); the GEMMs inside run single-threaded,
        // so they never ask for those workers themselves. The pool is the fallback when another thread holds them.
        Action<int> part = c => body(c * per, Math.Min(g.N, (c + 1) * per), true);
        if (!GemmWorkers.TryRun(chunks, part))
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, part);
    }

    /// <summary>
    /// Whether to run an image's products as implicit GEMM (<see cref="ConvGemm{T, TKernel}"/>, single-threaded, no
    /// column buffer): always inside a batch worker or when one thread is all there is; for a lone image only when the
    /// product is too small for GEMM to split over threads (m·n·k below GEMM's own threshold, 160³), since otherwise
    /// GEMM on an explicit column matrix gets every core.
    /// </summary>
    private static bool Fused(ConvGeometry g, bool parallel)
        => parallel || Par.MaxThreads == 1 || (long)g.OCg * g.L * g.K < 160L * 160 * 160;

    /// <summary>Implicit-GEMM forward over images [n0, n1), dispatched once to the micro-kernel family in use.</summary>
    private static unsafe void FusedForward<T>(ReadOnlySpan<T> xs, ReadOnlySpan<T> ws, ReadOnlySpan<T> bs, Span<T> ys, ConvGeometry g, int n0, int n1)
        where T : unmanaged
    {
        fixed (T* px = xs) fixed (T* pw = ws) fixed (T* pb0 = bs) fixed (T* py = ys)
        {
            T* pb = bs.IsEmpty ? null : pb0;
            if (typeof(T) == typeof(float))
            {
                float* x = (float*)px, w = (float*)pw, b = (float*)pb, y = (float*)py;
                switch (Gemm.Isa)
                {
                    case GemmIsa.Avx512: ConvGemm<float, GemmKernels.Sgemm512>.ForwardImages(x, w, b, y, g, n0, n1); break;
                    case GemmIsa.Avx2: ConvGemm<float, GemmKernels.Sgemm256>.ForwardImages(x, w, b, y, g, n0, n1); break;
                    case GemmIsa.Vector128: ConvGemm<float, GemmKernels.Sgemm128>.ForwardImages(x, w, b, y, g, n0, n1); break;
                    default: ConvGemm<float, GemmKernels.Scalar<float>>.ForwardImages(x, w, b, y, g, n0, n1); break;
                }
            }
            else if (typeof(T) == typeof(double))
            {
                double* x = (double*)px, w = (double*)pw, b = (double*)pb, y = (double*)py;
                switch (Gemm.Isa)
                {
                    case GemmIsa.Avx512: ConvGemm<double, GemmKernels.Dgemm512>.ForwardImages(x, w, b, y, g, n0, n1); break;
                    case GemmIsa.Avx2: ConvGemm<double, GemmKernels.Dgemm256>.ForwardImages(x, w, b, y, g, n0, n1); break;
                    case GemmIsa.Vector128: ConvGemm<double, GemmKernels.Dgemm128>.ForwardImages(x, w, b, y, g, n0, n1); break;
                    default: ConvGemm<double, GemmKernels.Scalar<double>>.ForwardImages(x, w, b, y, g, n0, n1); break;
                }
            }
            else throw new NotSupportedException($"conv: no GEMM for {typeof(T).Name}");
        }
    }

    /// <summary>Implicit-GEMM backward-data over images [n0, n1), dispatched once to the micro-kernel family in use.</summary>
    private static unsafe void FusedDataGrad<T>(Span<T> dxs, ReadOnlySpan<T> ws, ReadOnlySpan<T> dys, ConvGeometry g, int n0, int n1)
        where T : unmanaged
    {
        fixed (T* pdx = dxs) fixed (T* pw = ws) fixed (T* pdy = dys)
        {
            if (typeof(T) == typeof(float))
            {
                float* x = (float*)pdx, w = (float*)pw, d = (float*)pdy;
                switch (Gemm.Isa)
                {
                    case GemmIsa.Avx512: ConvGemm<float, GemmKernels.Sgemm512>.DataGradImages(x, w, d, g, n0, n1); break;
                    case GemmIsa.Avx2: ConvGemm<float, GemmKernels.Sgemm256>.DataGradImages(x, w, d, g, n0, n1); break;
                    case GemmIsa.Vector128: ConvGemm<float, GemmKernels.Sgemm128>.DataGradImages(x, w, d, g, n0, n1); break;
                    default: ConvGemm<float, GemmKernels.Scalar<float>>.DataGradImages(x, w, d, g, n0, n1); break;
                }
            }
            else if (typeof(T) == typeof(double))
            {
                double* x = (double*)pdx, w = (double*)pw, d = (double*)pdy;
                switch (Gemm.Isa)
                {
                    case GemmIsa.Avx512: ConvGemm<double, GemmKernels.Dgemm512>.DataGradImages(x, w, d, g, n0, n1); break;
                    case GemmIsa.Avx2: ConvGemm<double, GemmKernels.Dgemm256>.DataGradImages(x, w, d, g, n0, n1); break;
                    case GemmIsa.Vector128: ConvGemm<double, GemmKernels.Dgemm128>.DataGradImages(x, w, d, g, n0, n1); break;
                    default: ConvGemm<double, GemmKernels.Scalar<double>>.DataGradImages(x, w, d, g, n0, n1); break;
                }
            }
            else throw new NotSupportedException($"conv: no GEMM for {typeof(T).Name}");
        }
    }

    private static unsafe void FusedWeightGrad<T>(Span<T> acc, ReadOnlySpan<T> dyi, ReadOnlySpan<T> xi, ConvGeometry g) where T : unmanaged
    {
        fixed (T* pa = acc) fixed (T* pdy = dyi) fixed (T* px = xi)
        {
            if (typeof(T) == typeof(float))
            {
                float* a = (float*)pa, d = (float*)pdy, xf = (float*)px;
                switch (Gemm.Isa)
                {
                    case GemmIsa.Avx512: ConvGemm<float, GemmKernels.Sgemm512>.WeightGradImage(a, d, xf, g); break;
                    case GemmIsa.Avx2: ConvGemm<float, GemmKernels.Sgemm256>.WeightGradImage(a, d, xf, g); break;
                    case GemmIsa.Vector128: ConvGemm<float, GemmKernels.Sgemm128>.WeightGradImage(a, d, xf, g); break;
                    default: ConvGemm<float, GemmKernels.Scalar<float>>.WeightGradImage(a, d, xf, g); break;
                }
            }
            else if (typeof(T) == typeof(double))
            {
                double* a = (double*)pa, d = (double*)pdy, xd = (double*)px;
                switch (Gemm.Isa)
                {
                    case GemmIsa.Avx512: ConvGemm<double, GemmKernels.Dgemm512>.WeightGradImage(a, d, xd, g); break;
                    case GemmIsa.Avx2: ConvGemm<double, GemmKernels.Dgemm256>.WeightGradImage(a, d, xd, g); break;
                    case GemmIsa.Vector128: ConvGemm<double, GemmKernels.Dgemm128>.WeightGradImage(a, d, xd, g); break;
                    default: ConvGemm<double, GemmKernels.Scalar<double>>.WeightGradImage(a, d, xd, g); break;
                }
            }
            else throw new NotSupportedException($"conv: no GEMM for {typeof(T).Name}");
        }
    }

    /// <summary>GEMM for either float type (the type test is resolved when the JIT specialises for T).</summary>
    internal static void GemmT<T>(Span<T> c, int ldc, ReadOnlySpan<T> a, int lda, bool transA, ReadOnlySpan<T> b, int ldb, bool transB,
        int m, int n, int k, T beta) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Gemm.Sgemm(MemoryMarshal.Cast<T, float>(c), ldc, MemoryMarshal.Cast<T, float>(a), lda, transA, MemoryMarshal.Cast<T, float>(b), ldb, transB,
                m, n, k, 1f, Unsafe.As<T, float>(ref beta));
        else if (typeof(T) == typeof(double))
            Gemm.Dgemm(MemoryMarshal.Cast<T, double>(c), ldc, MemoryMarshal.Cast<T, double>(a), lda, transA, MemoryMarshal.Cast<T, double>(b), ldb, transB,
                m, n, k, 1.0, Unsafe.As<T, double>(ref beta));
        else throw new NotSupportedException($"conv: no GEMM for {typeof(T).Name}");
    }
}
