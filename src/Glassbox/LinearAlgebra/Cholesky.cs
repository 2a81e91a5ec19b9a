namespace Glassbox.LinearAlgebra;

/// <summary>
/// Cholesky factorization A = L·Lᵀ of a symmetric positive-definite matrix (<c>torch.linalg.cholesky</c>,
/// <c>numpy.linalg.cholesky</c>, LAPACK <c>potrf</c> with uplo = 'L').
/// </summary>
/// <remarks>
/// Row-oriented (Cholesky–Banachiewicz) order: row i of L is finished before row i+1 is started, using
/// L[i,j] = (A[i,j] − Σ_{k&lt;j} L[i,k]·L[j,k]) / L[j,j] and L[i,i] = √(A[i,i] − Σ_{k&lt;i} L[i,k]²).
/// Each inner sum is a dot product of two contiguous row prefixes of L, so the n³/3 flops run over cache lines
/// in order. Only the lower triangle of A is read; the strict upper triangle of L is written as zeros.
/// </remarks>
public static class Cholesky
{
    /// <summary>
    /// Writes the lower-triangular factor of the n×n matrix <paramref name="a"/> (row-major, leading dimension
    /// <paramref name="lda"/>) into <paramref name="l"/> (leading dimension <paramref name="ldl"/>); l may alias a
    /// when ldl = lda. Returns −1 on success, else the index of the first pivot whose value
    /// A[i,i] − Σ L[i,k]² is not above <paramref name="minPivot"/> (with the default 0: the leading minor of order
    /// i+1 is not positive definite). A positive <paramref name="minPivot"/> treats pivots at rounding-noise level as
    /// singular, for callers that fall back to a pseudo-inverse rather than trust a factor of a near-singular matrix.
    /// The factor is bit-for-bit that of the column-oriented (Crout) order: both take the same dot products.
    /// </summary>
    public static int Factor(Span<double> l, int ldl, ReadOnlySpan<double> a, int lda, int n, double minPivot = 0)
    {
        for (int i = 0; i < n; i++)
        {
            // Copy row i's lower part first so that l may alias a.
            for (int j = 0; j <= i; j++) l[i * ldl + j] = a[i * lda + j];
            var li = l.Slice(i * ldl, i + 1);
            for (int j = 0; j < i; j++)
            {
                var lj = l.Slice(j * ldl, j);
                li[j] = (li[j] - VectorOps.Dot(li[..j], lj)) / l[j * ldl + j];
            }
            double d = li[i] - VectorOps.Dot(li[..i], li[..i]);
            // NaN fails too: "!(d > minPivot)" rather than "d <= minPivot".
            if (!(d > minPivot)) return i;
            li[i] = Math.Sqrt(d);
            for (int j = i + 1; j < n; j++) l[i * ldl + j] = 0;
        }
        return -1;
    }
}
