using System.Numerics;
using System.Runtime.CompilerServices;

namespace Glassbox.Kernels;

/// <summary>
/// The five blocked loops of GEMM around a micro-kernel (see <see cref="Gemm"/> for the loop nest), and the
/// split of the work over threads. Generic over the kernel struct so every kernel gets loops specialized with
/// its block sizes as constants.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TKernel">The micro-kernel and its blocking.</typeparam>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : struct, IGemmKernel<T>
{
    /// <summary>
    /// C = α·op(A)·op(B) + β·C for arguments already validated, with m, n, k ≥ 1 and α ≠ 0, on up to
    /// <paramref name="threads"/> threads.
    /// </summary>
    /// <remarks>
    /// Threads get disjoint row ranges of C (or column ranges, see below), cut at multiples of MR (NR) so that
    /// only the last range has a partial tile. The ranges are independent GEMMs: each thread packs its own
    /// slice of A and all of B (or its slice of B and all of A). Sharing one packed B between threads would pack less, but needs a barrier per KC step;
    /// with two to a few cores the duplicated A packing is a few per cent of the work at n ≥ 512. The parts run
    /// on <see cref="GemmWorkers"/> (threads that stay awake between products), or on the thread pool when
    /// another thread's GEMM holds them.
    /// </remarks>
    public static void Run(T* c, int ldc, T* a, int lda, bool transA, T* b, int ldb, bool transB,
        int m, int n, int k, T alpha, T beta, int threads)
    {
        // Each thread packs the whole of the operand along the dimension that is not split, so split the one
        // whose duplicate packing is cheaper. A packed from a non-transposed A (and B from a transposed B) is a
        // strided gather, ~3× the cost per element of the contiguous copy of the other case (measured: n = 256
        // SGEMM on 2 threads ran 20% slower split along N than along M). Never cut into slivers under 4 tiles.
        double dupA = (double)m * k * (transA ? 1 : 3), dupB = (double)n * k * (transB ? 3 : 1);
        bool canM = m >= 4 * TKernel.MR * threads, canN = n >= 4 * TKernel.NR * threads;
        bool splitN = canN && (!canM || dupA < dupB) || !canM && n >= m;
        int unit = splitN ? TKernel.NR : TKernel.MR;
        int len = splitN ? n : m;
        int units = (len + unit - 1) / unit;
        int parts = Math.Min(threads, units);
        if (parts <= 1) { Serial(c, ldc, a, lda, transA, b, ldb, transB, m, n, k, alpha, beta); return; }

        int per = (units + parts - 1) / parts * unit;
        nint pc = (nint)c, pa = (nint)a, pb = (nint)b; // pointers cannot be captured by the lambda; addresses can
        Action<int> part = t =>
        {
            int s = t * per, e = Math.Min(len, s + per);
            if (e <= s) return;
            T* c0 = (T*)pc, a0 = (T*)pa, b0 = (T*)pb;
            if (splitN)
                Serial(c0 + s, ldc, a0, lda, transA, b0 + (transB ? (nint)s * ldb : s), ldb, transB, m, e - s, k, alpha, beta);
            else
                Serial(c0 + (nint)s * ldc, ldc, a0 + (transA ? s : (nint)s * lda), lda, transA, b0, ldb, transB, e - s, n, k, alpha, beta);
        };
        if (!GemmWorkers.TryRun(parts, part))
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part);
    }

    /// <summary>The blocked loops on the calling thread.</summary>
    /// <remarks>
    /// K and M are cut into equal blocks no larger than KC and MC (rather than full blocks plus a sliver) so
    /// that, e.g., k = 300 runs as 2×150 instead of 256 + 44: a thin last block would pay the C-tile load and
    /// store and the B-panel fetch for little arithmetic. β applies only on the first K block; later blocks
    /// accumulate into C with β = 1.
    /// </remarks>
    private static void Serial(T* c, int ldc, T* a, int lda, bool transA, T* b, int ldb, bool transB,
        int m, int n, int k, T alpha, T beta)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int kBlocks = (k + TKernel.KC - 1) / TKernel.KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int mBlocks = (m + TKernel.MC - 1) / TKernel.MC;
        int mcMax = RoundUp((m + mBlocks - 1) / mBlocks, mr);
        int ncMax = Math.Min(TKernel.NC, RoundUp(n, nr));

        nuint bBytes = (nuint)RoundUp(kcMax * ncMax * sizeof(T), 64);
        nuint aBytes = (nuint)(kcMax * mcMax * sizeof(T));
        byte* scratch = GemmScratch.Get(bBytes + aBytes);
        T* bPack = (T*)scratch, aPack = (T*)(scratch + bBytes);

        for (int jc = 0; jc < n; jc += TKernel.NC)
        {
            int nc = Math.Min(TKernel.NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                GemmPacking.PackB<T, TKernel>(bPack, transB ? b + (nint)jc * ldb + pc : b + (nint)pc * ldb + jc, ldb, transB, kc, nc);
                T betaK = pc == 0 ? beta : T.One;
                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    GemmPacking.PackA<T, TKernel>(aPack, transA ? a + (nint)pc * lda + ic : a + (nint)ic * lda + pc, lda, transA, mc, kc);
                    Macro(c + (nint)ic * ldc + jc, ldc, aPack, bPack, mc, nc, kc, alpha, betaK);
                }
            }
        }
    }

    /// <summary>
    /// The two loops around the micro-kernel over one packed mc×kc A block and kc×nc B block. jr is outer so
    /// one B micro-panel stays in L1 while all A micro-panels of the block (in L2) stream past it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro(T* c, int ldc, T* aPack, T* bPack, int mc, int nc, int kc, T alpha, T beta)
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
                if (rows == mr && cols == nr)
                {
                    TKernel.Run(kc, ap, bp, cp, ldc, alpha, beta);
                    continue;
                }
                // Edge tile: compute the full (zero-padded) tile into a scratch tile, then merge the valid part.
                TKernel.Run(kc, ap, bp, tile, nr, T.One, T.Zero);
                for (int i = 0; i < rows; i++)
                {
                    T* ci = cp + (nint)i * ldc;
                    T* ti = tile + i * nr;
                    if (beta == T.Zero) for (int j = 0; j < cols; j++) ci[j] = alpha * ti[j];
                    else for (int j = 0; j < cols; j++) ci[j] = alpha * ti[j] + beta * ci[j];
                }
            }
        }
    }

    private static int RoundUp(int x, int unit) => (x + unit - 1) / unit * unit;
}
