using Glassbox.Kernels;

namespace Glassbox.LinearAlgebra;

/// <summary>
/// Householder QR factorization A = Q·R of an m×n matrix (<c>torch.linalg.qr</c>, <c>numpy.linalg.qr</c>,
/// LAPACK <c>geqrf</c> / <c>orgqr</c> / <c>ormqr</c>), blocked so that almost all flops run inside
/// <see cref="Gemm.Dgemm"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Reflectors.</b> Step j builds H_j = I − τ_j·v_j·v_jᵀ with v_j[j] = 1, v_j[i&lt;j] = 0, that maps column j of the
/// partially reduced matrix to β_j·e_j below row j−1, with β_j = −sign(A[j,j])·‖A[j:,j]‖ (sign(0) = +1) and
/// τ_j = (β_j − A[j,j])/β_j ∈ [1, 2]. Choosing β with the sign opposite to A[j,j] avoids cancellation in
/// A[j,j] − β. When the column below the diagonal is already zero, τ_j = 0 (H_j = I) and R[j,j] keeps its sign.
/// This is LAPACK's convention, so Q and R match <c>numpy.linalg.qr</c> entry for entry (up to rounding);
/// the diagonal of R can be negative. Q = H_0·H_1·…·H_{k−1}, k = min(m, n).
/// </para>
/// <para>
/// <b>Compact storage</b> (as geqrf): after <see cref="Factor"/> the upper triangle of A holds R and the part
/// below the diagonal of column j holds v_j[j+1:]; <c>tau[j]</c> holds τ_j.
/// </para>
/// <para>
/// <b>Blocking</b> (Schreiber–Van Loan compact WY form): a panel of nb reflectors satisfies
/// H_j0·…·H_{j0+nb−1} = I − V·T·Vᵀ with T upper triangular,
/// T[c,c] = τ_c and T[0:c, c] = −τ_c·T[0:c,0:c]·(V[:,0:c]ᵀ·v_c). The panel itself is reduced column by column
/// (row-major axpys over the panel width), then the trailing columns receive Qᵀ = I − V·Tᵀ·Vᵀ as three GEMMs.
/// </para>
/// </remarks>
public static class HouseholderQr
{
    /// <summary>Panel width of the blocked algorithm.</summary>
    internal const int BlockSize = 32;

    /// <summary>
    /// Factors the m×n matrix <paramref name="a"/> (leading dimension <paramref name="lda"/>) in place into the
    /// compact form described on the class; <paramref name="tau"/> receives min(m, n) reflector scalars.
    /// </summary>
    public static void Factor(Span<double> a, int lda, int m, int n, Span<double> tau)
    {
        int k = Math.Min(m, n);
        for (int j0 = 0; j0 < k; j0 += BlockSize)
        {
            int jb = Math.Min(BlockSize, k - j0);
            FactorPanel(a, lda, m, j0, jb, tau);
            int nc = n - (j0 + jb);
            if (nc > 0)
            {
                var (v, t) = BlockReflector(a, lda, m, j0, jb, tau);
                ApplyBlock(a[(j0 * lda + j0 + jb)..], lda, m - j0, nc, v, t, jb, transpose: true);
            }
        }
    }

    /// <summary>
    /// C ← Q·C for the m×nc matrix <paramref name="c"/> (leading dimension <paramref name="ldc"/>), where Q is the
    /// m×m orthogonal factor held in compact form by (<paramref name="a"/>, <paramref name="tau"/>) with
    /// <paramref name="k"/> reflectors (<c>ormqr</c> with side = 'L', trans = 'N').
    /// </summary>
    public static void ApplyQ(Span<double> c, int ldc, int m, int nc, ReadOnlySpan<double> a, int lda, int k, ReadOnlySpan<double> tau)
    {
        if (nc == 0 || k == 0) return;
        int lastStart = (k - 1) / BlockSize * BlockSize;
        for (int j0 = lastStart; j0 >= 0; j0 -= BlockSize)
        {
            int jb = Math.Min(BlockSize, k - j0);
            var (v, t) = BlockReflector(a, lda, m, j0, jb, tau);
            ApplyBlock(c[(j0 * ldc)..], ldc, m - j0, nc, v, t, jb, transpose: false);
        }
    }

    /// <summary>
    /// Writes the first <paramref name="qCols"/> columns of Q (m×qCols, leading dimension <paramref name="ldq"/>)
    /// from the compact form with <paramref name="k"/> reflectors (<c>orgqr</c>). qCols = k gives the reduced Q,
    /// qCols = m the complete one; k ≤ qCols ≤ m.
    /// </summary>
    public static void FormQ(Span<double> q, int ldq, int m, int qCols, ReadOnlySpan<double> a, int lda, int k, ReadOnlySpan<double> tau)
    {
        for (int i = 0; i < m; i++)
        {
            var row = q.Slice(i * ldq, qCols);
            row.Clear();
            if (i < qCols) row[i] = 1;
        }
        if (k == 0) return;
        // Applying the blocks last-to-first to the identity, block j0 only ever meets rows and columns ≥ j0
        // (columns before j0 are still unit vectors e_c with c < j0, orthogonal to every v of the block).
        int lastStart = (k - 1) / BlockSize * BlockSize;
        for (int j0 = lastStart; j0 >= 0; j0 -= BlockSize)
        {
            int jb = Math.Min(BlockSize, k - j0);
            var (v, t) = BlockReflector(a, lda, m, j0, jb, tau);
            ApplyBlock(q[(j0 * ldq + j0)..], ldq, m - j0, qCols - j0, v, t, jb, transpose: false);
        }
    }

    /// <summary>Unblocked reduction of columns j0..j0+jb−1 (rows j0..m−1), applying each reflector only inside the panel.</summary>
    private static void FactorPanel(Span<double> a, int lda, int m, int j0, int jb, Span<double> tau)
    {
        int pe = j0 + jb;
        Span<double> w = stackalloc double[BlockSize];
        for (int j = j0; j < pe; j++)
        {
            double alpha = a[j * lda + j];
            // Scaled 2-norm of the column below the diagonal (guards against overflow for huge entries).
            double scale = 0;
            for (int i = j + 1; i < m; i++) scale = Math.Max(scale, Math.Abs(a[i * lda + j]));
            if (scale == 0) { tau[j] = 0; continue; }
            double ssq = 0;
            for (int i = j + 1; i < m; i++) { double x = a[i * lda + j] / scale; ssq += x * x; }
            double tailNorm = scale * Math.Sqrt(ssq);
            double norm = Hypot(alpha, tailNorm);
            double beta = alpha >= 0 ? -norm : norm;
            double tj = (beta - alpha) / beta;
            double inv = 1.0 / (alpha - beta);
            for (int i = j + 1; i < m; i++) a[i * lda + j] *= inv;
            a[j * lda + j] = beta;
            tau[j] = tj;

            int wc = pe - j - 1;
            if (wc == 0) continue;
            // w = vᵀ·A[j:, j+1:pe] accumulated row by row, then A[j:, j+1:pe] −= τ·v·w.
            var wv = w[..wc];
            a.Slice(j * lda + j + 1, wc).CopyTo(wv);
            for (int i = j + 1; i < m; i++) VectorOps.Axpy(a[i * lda + j], a.Slice(i * lda + j + 1, wc), wv);
            VectorOps.Axpy(-tj, wv, a.Slice(j * lda + j + 1, wc));
            for (int i = j + 1; i < m; i++) VectorOps.Axpy(-tj * a[i * lda + j], wv, a.Slice(i * lda + j + 1, wc));
        }
    }

    private static double Hypot(double x, double y)
    {
        x = Math.Abs(x); y = Math.Abs(y);
        double big = Math.Max(x, y), small = Math.Min(x, y);
        if (big == 0) return 0;
        double r = small / big;
        return big * Math.Sqrt(1 + r * r);
    }

    /// <summary>
    /// The explicit V ((m−j0)×jb, unit lower trapezoid, contiguous) and T (jb×jb upper triangular) of the block
    /// reflector for reflectors j0..j0+jb−1.
    /// </summary>
    private static (double[] V, double[] T) BlockReflector(ReadOnlySpan<double> a, int lda, int m, int j0, int jb, ReadOnlySpan<double> tau)
    {
        int mp = m - j0;
        var v = new double[mp * jb];
        for (int r = 0; r < mp; r++)
        {
            int cmax = Math.Min(r, jb);
            a.Slice((j0 + r) * lda + j0, cmax).CopyTo(v.AsSpan(r * jb, cmax));
            if (r < jb) v[r * jb + r] = 1;
        }
        var g = new double[jb * jb];
        Gemm.Dgemm(g, jb, v, jb, true, v, jb, false, jb, jb, mp);
        var t = new double[jb * jb];
        Span<double> col = stackalloc double[BlockSize];
        for (int c = 0; c < jb; c++)
        {
            double tc = tau[j0 + c];
            t[c * jb + c] = tc;
            // T[0:c, c] = −τ_c · T[0:c, 0:c] · G[0:c, c], T upper triangular.
            for (int i = 0; i < c; i++)
            {
                double s = 0;
                for (int p = i; p < c; p++) s += t[i * jb + p] * g[p * jb + c];
                col[i] = -tc * s;
            }
            for (int i = 0; i < c; i++) t[i * jb + c] = col[i];
        }
        return (v, t);
    }

    /// <summary>
    /// C ← (I − V·T·Vᵀ)·C, or with Tᵀ when <paramref name="transpose"/> (that is, Qᵀ of the block), for the
    /// rows×nc matrix C (leading dimension ldc).
    /// </summary>
    private static void ApplyBlock(Span<double> c, int ldc, int rows, int nc, double[] v, double[] t, int jb, bool transpose)
    {
        var w = new double[jb * nc];
        Gemm.Dgemm(w, nc, v, jb, true, c, ldc, false, jb, nc, rows);
        var w2 = new double[jb * nc];
        Gemm.Dgemm(w2, nc, t, jb, transpose, w, nc, false, jb, nc, jb);
        Gemm.Dgemm(c, ldc, v, jb, false, w2, nc, false, rows, nc, jb, alpha: -1, beta: 1);
    }
}
