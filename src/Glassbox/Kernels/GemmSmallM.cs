using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Glassbox.Kernels;

/// <summary>
/// SGEMM for one to <see cref="MaxRows"/> rows of C (matrix-vector products: a Linear layer on a single sample),
/// without packing: each row of C is computed straight from op(A)'s row and op(B) as stored.
/// </summary>
/// <remarks>
/// <para><b>Why.</b> The packed path (<see cref="GemmDriver{T, TKernel}"/>) copies all of op(B) into micro-panels on
/// every call. For a product with many rows that copy is paid back many times over; for one row it is the whole
/// cost: a 784×512 weight is ~400k values copied (for <c>Linear</c>'s x·Wᵀ, a strided scatter) to do 400k
/// multiply-adds, and the kernel then computes a full MR-row tile of which one row is used. Here op(B) is read once,
/// in place. The alternative, caching the packed weights of a frozen <c>Linear</c>, would save the copy only from the
/// second call on, needs invalidation whenever the weights change, and still wastes the MR − 1 zero rows of the
/// tile; a kernel path serves every caller of <see cref="Gemm.Sgemm"/> without any state.</para>
/// <para><b>Same bits as the packed path.</b> The serving layer relies on a sample's outputs not depending on the
/// batch it is computed in (docs/serving.md), so this path reproduces the packed path's arithmetic exactly, element
/// for element. With m &lt; MR (every float kernel has MR ≥ 4, so m ≤ 3) all of the packed path's rows fall in edge
/// tiles, and for each K block (the same <c>kc</c> split of K as the driver's) an element is: a chain of
/// multiply-adds acc ← a[p]·b[p] + acc over p in order from acc = 0, fused exactly when the ISA's kernel fuses
/// (FMA on AVX2 and AVX-512, <c>MultiplyAddEstimate</c> on 128-bit vectors, separate multiply and add in the scalar
/// kernel); then C ← α·acc on the first block when β = 0, else C ← α·acc + β'·C with β' = β on the first block and 1
/// after it (a multiply, a multiply, an add — the edge-tile merge). Vectorising over the output columns j keeps each
/// element's chain sequential in p. Where op(B) = Bᵀ (a Linear weight [out, in], each output's weights contiguous
/// in p), eight rows of B are read eight values at a time and transposed in registers so that each vector holds
/// one p for eight outputs. The tests check bit equality with the packed path on every kernel family.</para>
/// <para><b>Threads.</b> Large products (m·n·k ≥ the driver's threshold) split the columns of C between threads;
/// each element is computed the same way whoever computes it.</para>
/// </remarks>
internal static unsafe class GemmSmallM
{
    /// <summary>The most rows of C this path takes: below the smallest MR of the float kernels (4).</summary>
    public const int MaxRows = 3;

    /// <summary>C[m×n] = α·op(A)·op(B) + β·C for validated arguments with 1 ≤ m ≤ <see cref="MaxRows"/>, n, k ≥ 1, α ≠ 0.</summary>
    public static void Sgemm(float* c, int ldc, float* a, int lda, bool transA, float* b, int ldb, bool transB,
        int m, int n, int k, float alpha, float beta, GemmIsa isa, int threads)
    {
        int kcDepth = isa switch
        {
            GemmIsa.Avx512 => GemmKernels.Sgemm512.KC,
            GemmIsa.Avx2 => GemmKernels.Sgemm256.KC,
            GemmIsa.Vector128 => GemmKernels.Sgemm128.KC,
            _ => GemmKernels.Scalar<float>.KC,
        };
        // the driver's split of K into equal blocks of at most KC
        int kBlocks = (k + kcDepth - 1) / kcDepth;
        int kcMax = (k + kBlocks - 1) / kBlocks;

        // rows of op(A) contiguous: a row of A as stored, or (transposed) a gathered column
        float[]? gathered = null;
        if (transA && lda != 1)
        {
            gathered = new float[m * k];
            for (int r = 0; r < m; r++)
                for (int p = 0; p < k; p++) gathered[r * k + p] = a[(nint)p * lda + r];
        }
        fixed (float* g = gathered)
        {
            float* rows = g != null ? g : a;
            // transA with lda = 1 (one column stored densely, or K = 1) needs no copy: row r starts at a + r
            int rowStride = g != null ? k : transA ? 1 : lda;

            int parts = threads <= 1 ? 1 : Math.Min(threads, (n + 63) / 64);
            if (parts <= 1)
            {
                Columns(c, ldc, rows, rowStride, b, ldb, transB, m, 0, n, k, kcMax, alpha, beta, isa);
                return;
            }
            int per = ((n + 7) / 8 + parts - 1) / parts * 8;
            nint pc = (nint)c, pr = (nint)rows, pb = (nint)b;
            Action<int> part = t =>
            {
                int s = t * per, e = Math.Min(n, s + per);
                if (e > s) Columns((float*)pc, ldc, (float*)pr, rowStride, (float*)pb, ldb, transB, m, s, e, k, kcMax, alpha, beta, isa);
            };
            if (!GemmWorkers.TryRun(parts, part))
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part);
        }
    }

    /// <summary>Columns [j0, j1) of every row, K block by K block as the driver's loop does.</summary>
    private static void Columns(float* c, int ldc, float* rows, int rowStride, float* b, int ldb, bool transB, int m, int j0, int j1,
        int k, int kcMax, float alpha, float beta, GemmIsa isa)
    {
        for (int pc = 0; pc < k; pc += kcMax)
        {
            int kc = Math.Min(kcMax, k - pc);
            float betaK = pc == 0 ? beta : 1f;
            for (int r = 0; r < m; r++)
            {
                float* ar = rows + (nint)r * rowStride + pc;
                float* cr = c + (nint)r * ldc;
                // op(B)[p, j] for p from pc: b[p·ldb + j], or b[j·ldb + p] when transposed
                float* bk = transB ? b + pc : b + (nint)pc * ldb;
                switch (isa)
                {
                    case GemmIsa.Avx512:
                    case GemmIsa.Avx2:
                        if (transB) Dot256(ar, bk, ldb, kc, j0, j1, cr, alpha, betaK); else Axpy256(ar, bk, ldb, kc, j0, j1, cr, alpha, betaK);
                        break;
                    case GemmIsa.Vector128:
                        if (transB) Dot128(ar, bk, ldb, kc, j0, j1, cr, alpha, betaK); else Axpy128(ar, bk, ldb, kc, j0, j1, cr, alpha, betaK);
                        break;
                    default:
                        ScalarRow(ar, bk, ldb, transB, kc, j0, j1, cr, alpha, betaK);
                        break;
                }
            }
        }
    }

    // The edge-tile merge of the driver: C ← α·acc (β' = 0) or α·acc + β'·C, as separate multiplies and an add.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(float* c, Vector256<float> acc, float alpha, float beta)
    {
        var v = acc * Vector256.Create(alpha);
        if (beta != 0f) v += Vector256.Create(beta) * Vector256.Load(c);
        v.Store(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(float* c, Vector128<float> acc, float alpha, float beta)
    {
        var v = acc * Vector128.Create(alpha);
        if (beta != 0f) v += Vector128.Create(beta) * Vector128.Load(c);
        v.Store(c);
    }

    /// <summary>The first <paramref name="count"/> lanes of <paramref name="lanes"/> merged into C one by one.</summary>
    private static void MergePartial(float* c, float* lanes, int count, float alpha, float beta)
    {
        for (int j = 0; j < count; j++) c[j] = beta == 0f ? alpha * lanes[j] : alpha * lanes[j] + beta * c[j];
    }

    /// <summary>op(B) = B stored [K, N]: C[j] chains over p with B's row p loaded eight columns at a time (32 per step, four independent chains).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy256(float* a, float* b, int ldb, int kc, int j0, int j1, float* c, float alpha, float beta)
    {
        int j = j0;
        for (; j + 32 <= j1; j += 32)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb)
            {
                var av = Vector256.Create(a[p]);
                s0 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp), s0);
                s1 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + 8), s1);
                s2 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + 16), s2);
                s3 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + 24), s3);
            }
            Merge(c + j, s0, alpha, beta); Merge(c + j + 8, s1, alpha, beta); Merge(c + j + 16, s2, alpha, beta); Merge(c + j + 24, s3, alpha, beta);
        }
        for (; j + 8 <= j1; j += 8)
        {
            Vector256<float> s = default;
            float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb) s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Vector256.Load(bp), s);
            Merge(c + j, s, alpha, beta);
        }
        if (j < j1)
        {
            int cols = j1 - j;
            float* pad = stackalloc float[8];
            Vector256<float> s = default;
            float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb)
            {
                for (int q = 0; q < 8; q++) pad[q] = q < cols ? bp[q] : 0f;
                s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Vector256.Load(pad), s);
            }
            s.Store(pad);
            MergePartial(c + j, pad, cols, alpha, beta);
        }
    }

    /// <summary>The same with 128-bit vectors and <c>MultiplyAddEstimate</c>, as the 128-bit kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy128(float* a, float* b, int ldb, int kc, int j0, int j1, float* c, float alpha, float beta)
    {
        float* pad = stackalloc float[4];
        int j = j0;
        for (; j + 8 <= j1; j += 8)
        {
            Vector128<float> s0 = default, s1 = default;
            float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb)
            {
                var av = Vector128.Create(a[p]);
                s0 = Vector128.MultiplyAddEstimate(av, Vector128.Load(bp), s0);
                s1 = Vector128.MultiplyAddEstimate(av, Vector128.Load(bp + 4), s1);
            }
            Merge(c + j, s0, alpha, beta); Merge(c + j + 4, s1, alpha, beta);
        }
        for (; j < j1; j += 4)
        {
            int cols = Math.Min(4, j1 - j);
            Vector128<float> s = default;
            float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb)
            {
                Vector128<float> bv;
                if (cols == 4) bv = Vector128.Load(bp);
                else
                {
                    for (int q = 0; q < 4; q++) pad[q] = q < cols ? bp[q] : 0f;
                    bv = Vector128.Load(pad);
                }
                s = Vector128.MultiplyAddEstimate(Vector128.Create(a[p]), bv, s);
            }
            s.Store(pad);
            MergePartial(c + j, pad, cols, alpha, beta);
        }
    }

    /// <summary>Eight values of column p of op(B) for outputs j…j+7 when fewer than eight rows (or p's) remain: lanes past <paramref name="count"/> are 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Gather8(float* bj, int ldb, int count, float* lanes)
    {
        for (int q = 0; q < 8; q++) lanes[q] = q < count ? bj[(nint)q * ldb] : 0f;
        return Vector256.Load(lanes);
    }

    /// <summary>
    /// op(B) = Bᵀ with B stored [N, K] (a Linear weight): outputs j…j+7 are eight rows of B. Per step of eight p's the
    /// 8×8 block is loaded row-wise and transposed in registers (unpack, shuffle, cross-lane permute), giving eight
    /// vectors that each hold one p for the eight outputs; the chains then advance in p order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot256(float* a, float* b, int ldb, int kc, int j0, int j1, float* c, float alpha, float beta)
    {
        float* lanes = stackalloc float[8];
        int j = j0;
        for (; j < j1; j += 8)
        {
            int outs = Math.Min(8, j1 - j);
            float* bj = b + (nint)j * ldb;
            Vector256<float> s = default;
            int p = 0;
            if (outs == 8 && Avx.IsSupported)
            {
                float* r0 = bj, r1 = bj + ldb, r2 = bj + 2 * (nint)ldb, r3 = bj + 3 * (nint)ldb;
                float* r4 = bj + 4 * (nint)ldb, r5 = bj + 5 * (nint)ldb, r6 = bj + 6 * (nint)ldb, r7 = bj + 7 * (nint)ldb;
                for (; p + 8 <= kc; p += 8)
                {
                    var t0 = Avx.UnpackLow(Vector256.Load(r0 + p), Vector256.Load(r1 + p));
                    var t1 = Avx.UnpackHigh(Vector256.Load(r0 + p), Vector256.Load(r1 + p));
                    var t2 = Avx.UnpackLow(Vector256.Load(r2 + p), Vector256.Load(r3 + p));
                    var t3 = Avx.UnpackHigh(Vector256.Load(r2 + p), Vector256.Load(r3 + p));
                    var t4 = Avx.UnpackLow(Vector256.Load(r4 + p), Vector256.Load(r5 + p));
                    var t5 = Avx.UnpackHigh(Vector256.Load(r4 + p), Vector256.Load(r5 + p));
                    var t6 = Avx.UnpackLow(Vector256.Load(r6 + p), Vector256.Load(r7 + p));
                    var t7 = Avx.UnpackHigh(Vector256.Load(r6 + p), Vector256.Load(r7 + p));
                    // per 128-bit half: rows 0–3 (resp. 4–7) of p, p+1, p+2, p+3 (low half) and p+4 … p+7 (high half)
                    var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
                    var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
                    var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
                    var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Avx.Permute2x128(u0, u4, 0x20), s);
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p + 1]), Avx.Permute2x128(u1, u5, 0x20), s);
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p + 2]), Avx.Permute2x128(u2, u6, 0x20), s);
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p + 3]), Avx.Permute2x128(u3, u7, 0x20), s);
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p + 4]), Avx.Permute2x128(u0, u4, 0x31), s);
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p + 5]), Avx.Permute2x128(u1, u5, 0x31), s);
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p + 6]), Avx.Permute2x128(u2, u6, 0x31), s);
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p + 7]), Avx.Permute2x128(u3, u7, 0x31), s);
                }
            }
            for (; p < kc; p++) s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Gather8(bj + p, ldb, outs, lanes), s);
            if (outs == 8) Merge(c + j, s, alpha, beta);
            else
            {
                s.Store(lanes);
                MergePartial(c + j, lanes, outs, alpha, beta);
            }
        }
    }

    /// <summary>op(B) = Bᵀ with 128-bit vectors: four outputs at a time, each p's four values gathered into a vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot128(float* a, float* b, int ldb, int kc, int j0, int j1, float* c, float alpha, float beta)
    {
        float* lanes = stackalloc float[4];
        for (int j = j0; j < j1; j += 4)
        {
            int outs = Math.Min(4, j1 - j);
            float* bj = b + (nint)j * ldb;
            Vector128<float> s = default;
            if (outs == 4)
            {
                float* r1 = bj + ldb, r2 = bj + 2 * (nint)ldb, r3 = bj + 3 * (nint)ldb;
                for (int p = 0; p < kc; p++)
                    s = Vector128.MultiplyAddEstimate(Vector128.Create(a[p]), Vector128.Create(bj[p], r1[p], r2[p], r3[p]), s);
                Merge(c + j, s, alpha, beta);
                continue;
            }
            for (int p = 0; p < kc; p++)
            {
                for (int q = 0; q < 4; q++) lanes[q] = q < outs ? bj[(nint)q * ldb + p] : 0f;
                s = Vector128.MultiplyAddEstimate(Vector128.Create(a[p]), Vector128.Load(lanes), s);
            }
            s.Store(lanes);
            MergePartial(c + j, lanes, outs, alpha, beta);
        }
    }

    /// <summary>The scalar kernel's arithmetic: acc += a·b (a multiply, then an add), then the merge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarRow(float* a, float* b, int ldb, bool transB, int kc, int j0, int j1, float* c, float alpha, float beta)
    {
        for (int j = j0; j < j1; j++)
        {
            float acc = 0f;
            if (transB)
            {
                float* bj = b + (nint)j * ldb;
                for (int p = 0; p < kc; p++) acc += a[p] * bj[p];
            }
            else
            {
                float* bp = b + j;
                for (int p = 0; p < kc; p++, bp += ldb) acc += a[p] * *bp;
            }
            c[j] = beta == 0f ? alpha * acc : alpha * acc + beta * c[j];
        }
    }
}
