using System.Runtime.CompilerServices;

namespace Glassbox.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the layout the GEMM micro-kernel reads with unit stride.
/// </summary>
/// <remarks>
/// <para>
/// Packed A (an mc×kc block): micro-panels of MR rows, one after another; inside a panel the MR values of
/// column p are adjacent, so the kernel reads a[p·MR + i]. Packed B (a kc×nc block): micro-panels of NR
/// columns; inside a panel row p's NR values are adjacent, so the kernel loads b[p·NR .. p·NR + NR) as whole
/// vectors. A last panel that is short (fewer than MR rows or NR columns) is padded with zeros, so the kernel
/// always computes a full tile and the zero rows/columns add nothing; the driver keeps only the valid part.
/// </para>
/// <para>
/// Why pack: the kernel touches every element of packed A nc/NR times and of packed B mc/MR times, so a
/// one-time O(mc·kc + kc·nc) copy buys contiguous, cache-line- and TLB-friendly streams for O(mc·nc·kc)
/// work, and it absorbs the transpose flags: op(X) = Xᵀ only changes which loop of the copy is unit-stride.
/// </para>
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs the mc×kc block of op(A) whose top-left element is at <paramref name="a"/>:
    /// element (i, p) is a[i·lda + p], or a[p·lda + i] when <paramref name="trans"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T, TKernel>(T* dst, T* a, int lda, bool trans, int mc, int kc) where T : unmanaged where TKernel : IGemmKernel<T>
    {
        int mr = TKernel.MR; // a JIT-time constant: each kernel gets its own copy of this loop
        for (int ir = 0; ir < mc; ir += mr, dst += (nint)mr * kc)
        {
            int rows = Math.Min(mr, mc - ir);
            if (!trans)
            {
                // Each row of A is contiguous in p; write it down a column of the panel (stride MR, in L1).
                for (int r = 0; r < rows; r++)
                {
                    T* src = a + (nint)(ir + r) * lda;
                    T* d = dst + r;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4, d += 4 * mr)
                    {
                        d[0] = src[p]; d[mr] = src[p + 1]; d[2 * mr] = src[p + 2]; d[3 * mr] = src[p + 3];
                    }
                    for (; p < kc; p++, d += mr) *d = src[p];
                }
                for (int r = rows; r < mr; r++)
                    for (int p = 0; p < kc; p++) dst[(nint)p * mr + r] = default;
            }
            else
            {
                // Column p of op(A) is row p of the stored matrix: MR contiguous values, a straight copy.
                for (int p = 0; p < kc; p++)
                {
                    T* src = a + (nint)p * lda + ir;
                    T* d = dst + (nint)p * mr;
                    if (rows == mr) Unsafe.CopyBlockUnaligned(d, src, (uint)(mr * sizeof(T)));
                    else
                    {
                        for (int r = 0; r < rows; r++) d[r] = src[r];
                        for (int r = rows; r < mr; r++) d[r] = default;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs the kc×nc block of op(B) whose top-left element is at <paramref name="b"/>:
    /// element (p, j) is b[p·ldb + j], or b[j·ldb + p] when <paramref name="trans"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T, TKernel>(T* dst, T* b, int ldb, bool trans, int kc, int nc) where T : unmanaged where TKernel : IGemmKernel<T>
    {
        int nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr, dst += (nint)nr * kc)
        {
            int cols = Math.Min(nr, nc - jr);
            if (!trans)
            {
                // Row p of op(B) is contiguous: copy NR values (the JIT turns a constant-size copy into vector moves).
                for (int p = 0; p < kc; p++)
                {
                    T* src = b + (nint)p * ldb + jr;
                    T* d = dst + (nint)p * nr;
                    if (cols == nr) Unsafe.CopyBlockUnaligned(d, src, (uint)(nr * sizeof(T)));
                    else
                    {
                        for (int j = 0; j < cols; j++) d[j] = src[j];
                        for (int j = cols; j < nr; j++) d[j] = default;
                    }
                }
            }
            else
            {
                // Column j of op(B) is row j of the stored matrix, contiguous in p; scatter it with stride NR.
                for (int j = 0; j < cols; j++)
                {
                    T* src = b + (nint)(jr + j) * ldb;
                    T* d = dst + j;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4, d += 4 * nr)
                    {
                        d[0] = src[p]; d[nr] = src[p + 1]; d[2 * nr] = src[p + 2]; d[3 * nr] = src[p + 3];
                    }
                    for (; p < kc; p++, d += nr) *d = src[p];
                }
                for (int j = cols; j < nr; j++)
                    for (int p = 0; p < kc; p++) dst[(nint)p * nr + j] = default;
            }
        }
    }
}
