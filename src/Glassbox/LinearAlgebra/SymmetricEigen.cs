namespace Glassbox.LinearAlgebra;

/// <summary>
/// Eigendecomposition A = V·diag(w)·Vᵀ of a real symmetric matrix (<c>torch.linalg.eigh</c>,
/// <c>numpy.linalg.eigh</c>, LAPACK <c>syev</c>): Householder tridiagonalization
/// (<see cref="HouseholderTridiagonal"/>) followed by implicit QL with Wilkinson-type shifts
/// (<see cref="TridiagonalQl"/>). The one eigensolver of the library: <c>Linalg.Eigh</c>, PCA (covariance and
/// randomized solvers), t-SNE's PCA initialisation and the linear models' pseudo-inverse all come here.
/// </summary>
/// <remarks>
/// <para>
/// Only the lower triangle of A is read (numpy's default <c>UPLO='L'</c>); the upper triangle is assumed to mirror it.
/// Cost ≈ 8n³/3 flops for the reduction (full-block updates) + 4n³/3 to form Q + about 6n³ for the rotations when
/// eigenvectors are wanted; without eigenvectors the iteration is O(n²).
/// </para>
/// <para>
/// <b>Sign convention</b> (numpy/LAPACK promise none; compare up to sign): each eigenvector is flipped so that its
/// entry of largest magnitude (the first such on ties) is positive — the same rule <see cref="Svd"/> applies to the
/// rows of Vh. Eigenvectors of repeated eigenvalues are any orthonormal basis of the eigenspace. PCA then applies
/// scikit-learn's own <c>svd_flip</c> (largest |U| entry of each component positive) on top, which fixes its signs
/// whatever this convention is; a flip is an exact negation, so it changes no other bit.
/// </para>
/// </remarks>
public static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the n×n symmetric <paramref name="a"/> (leading dimension <paramref name="lda"/>): writes the
    /// eigenvalues into <paramref name="w"/> (n, ascending, stable on ties) and, when <paramref name="computeVectors"/>,
    /// the eigenvectors as the columns of <paramref name="v"/> (n×n, leading dimension <paramref name="ldv"/>).
    /// </summary>
    public static void Decompose(Span<double> w, Span<double> v, int ldv, ReadOnlySpan<double> a, int lda, int n, bool computeVectors = true)
    {
        var (d, zt) = Unsorted(a, lda, n, computeVectors);
        var order = Enumerable.Range(0, n).OrderBy(i => d[i]).ToArray();
        for (int p = 0; p < n; p++) w[p] = d[order[p]];
        if (!computeVectors) return;
        for (int p = 0; p < n; p++)
        {
            var z = zt.AsSpan(order[p] * n, n);
            double sign = PositiveLargestSign(z);
            for (int i = 0; i < n; i++) v[i * ldv + p] = sign * z[i];
        }
    }

    /// <summary>
    /// The same decomposition of the n×n row-major symmetric <paramref name="a"/> in the layout the decompositions
    /// in <c>Glassbox.ML</c> consume: eigenvalues in descending order (stable on ties) and eigenvector k as row k of
    /// an n×n row-major array, so that the leading components are a contiguous prefix. Same sign convention.
    /// </summary>
    internal static (double[] Values, double[] VectorsRows) DecomposeDescending(double[] a, int n)
    {
        var (d, zt) = Unsorted(a, n, n, computeVectors: true);
        var order = Enumerable.Range(0, n).OrderByDescending(i => d[i]).ToArray();
        var values = new double[n];
        var rows = new double[n * n];
        for (int r = 0; r < n; r++)
        {
            values[r] = d[order[r]];
            var z = zt.AsSpan(order[r] * n, n);
            double sign = PositiveLargestSign(z);
            for (int i = 0; i < n; i++) rows[r * n + i] = sign * z[i];
        }
        return (values, rows);
    }

    /// <summary>Eigenvalues in the order the QL iteration leaves them, with the eigenvectors as the rows of Zᵀ.</summary>
    private static (double[] D, double[] Zt) Unsorted(ReadOnlySpan<double> a, int lda, int n, bool computeVectors)
    {
        var work = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                work[i * n + j] = work[j * n + i] = a[i * lda + j];
        var d = new double[n];
        var e = new double[n];
        var zt = HouseholderTridiagonal.Reduce(work, n, d, e, computeVectors);
        TridiagonalQl.Diagonalize(d, e, zt, n);
        return (d, zt);
    }

    /// <summary>−1 when the first entry of largest magnitude is negative, else +1.</summary>
    private static double PositiveLargestSign(ReadOnlySpan<double> z)
    {
        int best = 0;
        for (int j = 1; j < z.Length; j++) if (Math.Abs(z[j]) > Math.Abs(z[best])) best = j;
        return z.Length > 0 && z[best] < 0 ? -1 : 1;
    }
}
