namespace Glassbox.LinearAlgebra;

/// <summary>
/// LU factorization with partial pivoting, P·A = L·U, and the solves, determinant and inverse built on it
/// (<c>torch.linalg.lu_factor</c> / <c>lu_solve</c>, LAPACK <c>getrf</c> / <c>getrs</c>).
/// </summary>
/// <remarks>
/// <para>
/// Right-looking Doolittle elimination in row-major order: at step k the pivot is the entry of largest magnitude
/// in column k at or below the diagonal (ties: the first), its row is swapped into place, and every row i &gt; k
/// is updated by the contiguous axpy A[i, k+1:] −= l_ik·A[k, k+1:], with l_ik = A[i,k]/A[k,k] stored in A[i,k].
/// Partial pivoting bounds |l_ik| ≤ 1, which keeps the factorization backward stable in practice.
/// </para>
/// <para>
/// Storage (LAPACK layout): after <see cref="Factor"/>, the strict lower triangle of A holds L (unit diagonal
/// implied) and the upper triangle holds U. <c>piv[k]</c> is the row swapped with row k at step k, so P is the
/// product of those transpositions applied in order k = 0, 1, ….
/// </para>
/// </remarks>
public static class Lu
{
    /// <summary>
    /// Factors the n×n matrix <paramref name="a"/> (leading dimension <paramref name="lda"/>) in place.
    /// Returns −1 when every pivot is non-zero, else the first step k whose pivot is exactly 0 (the matrix is
    /// singular; the factorization is still completed, as LAPACK does, so the determinant reads 0).
    /// </summary>
    public static int Factor(Span<double> a, int lda, int n, Span<int> piv)
    {
        int singular = -1;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double best = Math.Abs(a[k * lda + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(a[i * lda + k]);
                if (v > best) { best = v; p = i; }
            }
            piv[k] = p;
            if (p != k)
                VectorOps.Swap(a.Slice(k * lda, n), a.Slice(p * lda, n));
            double pivot = a[k * lda + k];
            if (pivot == 0) { if (singular < 0) singular = k; continue; }
            var rowK = a.Slice(k * lda + k + 1, n - k - 1);
            for (int i = k + 1; i < n; i++)
            {
                double lik = a[i * lda + k] / pivot;
                a[i * lda + k] = lik;
                VectorOps.Axpy(-lik, rowK, a.Slice(i * lda + k + 1, n - k - 1));
            }
        }
        return singular;
    }

    /// <summary>
    /// Solves A·X = B in place given the factors from <see cref="Factor"/>: <paramref name="b"/> is n×nrhs
    /// (leading dimension <paramref name="ldb"/>) and is overwritten with X. The factors must be non-singular.
    /// </summary>
    /// <remarks>Row-oriented substitutions: each step is an axpy of whole right-hand-side rows, contiguous in memory.</remarks>
    public static void Solve(ReadOnlySpan<double> lu, int lda, int n, ReadOnlySpan<int> piv, Span<double> b, int ldb, int nrhs)
    {
        for (int k = 0; k < n; k++)
            if (piv[k] != k) VectorOps.Swap(b.Slice(k * ldb, nrhs), b.Slice(piv[k] * ldb, nrhs));
        // Forward: L·Y = P·B (unit diagonal).
        for (int i = 1; i < n; i++)
        {
            var bi = b.Slice(i * ldb, nrhs);
            for (int j = 0; j < i; j++) VectorOps.Axpy(-lu[i * lda + j], b.Slice(j * ldb, nrhs), bi);
        }
        // Backward: U·X = Y.
        for (int i = n - 1; i >= 0; i--)
        {
            var bi = b.Slice(i * ldb, nrhs);
            for (int j = i + 1; j < n; j++) VectorOps.Axpy(-lu[i * lda + j], b.Slice(j * ldb, nrhs), bi);
            VectorOps.Scale(1.0 / lu[i * lda + i], bi);
        }
    }

    /// <summary>
    /// det(A) from the factors: the product of U's diagonal, negated once per actual row swap
    /// (det P = (−1)^swaps). May overflow or underflow to ±∞ / 0 for large n, like <c>numpy.linalg.det</c>.
    /// </summary>
    public static double Determinant(ReadOnlySpan<double> lu, int lda, int n, ReadOnlySpan<int> piv)
    {
        double det = 1;
        for (int k = 0; k < n; k++)
        {
            det *= lu[k * lda + k];
            if (piv[k] != k) det = -det;
        }
        return det;
    }

    /// <summary>
    /// (sign, log|det A|) from the factors, immune to the overflow of <see cref="Determinant"/>
    /// (<c>torch.linalg.slogdet</c>). A singular matrix gives (0, −∞).
    /// </summary>
    public static (double Sign, double LogAbsDet) LogDeterminant(ReadOnlySpan<double> lu, int lda, int n, ReadOnlySpan<int> piv)
    {
        double sign = 1, log = 0;
        for (int k = 0; k < n; k++)
        {
            double u = lu[k * lda + k];
            if (u == 0) return (0, double.NegativeInfinity);
            if (u < 0) sign = -sign;
            if (piv[k] != k) sign = -sign;
            log += Math.Log(Math.Abs(u));
        }
        return (sign, log);
    }
}
