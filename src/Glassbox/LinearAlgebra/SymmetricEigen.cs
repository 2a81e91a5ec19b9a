namespace Glassbox.LinearAlgebra;

/// <summary>
/// Eigendecomposition A = V·diag(w)·Vᵀ of a real symmetric matrix (<c>torch.linalg.eigh</c>,
/// <c>numpy.linalg.eigh</c>, LAPACK <c>syev</c>): Householder tridiagonalization
/// (<see cref="HouseholderTridiagonal"/>) followed by implicit symmetric QR with Wilkinson shifts
/// (<see cref="TridiagonalQr"/>).
/// </summary>
/// <remarks>
/// <para>
/// Only the lower triangle of A is read (numpy's default <c>UPLO='L'</c>); the upper triangle is assumed to mirror it.
/// Cost ≈ 8n³/3 flops for the reduction (full-block updates) + 4n³/3 to form Q + about 6n³ for the rotations when
/// eigenvectors are wanted; without eigenvectors the iteration is O(n²).
/// </para>
/// <para>
/// <b>Output.</b> Eigenvalues ascending (stable sort). Eigenvectors are the columns of V, orthonormal to working
/// precision. <b>Sign convention</b> (numpy/LAPACK promise none; compare up to sign): each eigenvector is flipped
/// so its entry of largest magnitude (the first such on ties) is positive. Eigenvectors of repeated eigenvalues
/// are any orthonormal basis of the eigenspace.
/// </para>
/// </remarks>
public static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the n×n symmetric <paramref name="a"/> (leading dimension <paramref name="lda"/>): writes the
    /// eigenvalues into <paramref name="w"/> (n, ascending) and, when <paramref name="computeVectors"/>, the
    /// eigenvectors as the columns of <paramref name="v"/> (n×n, leading dimension <paramref name="ldv"/>).
    /// </summary>
    public static void Decompose(Span<double> w, Span<double> v, int ldv, ReadOnlySpan<double> a, int lda, int n, bool computeVectors = true)
    {
        var work = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                work[i * n + j] = work[j * n + i] = a[i * lda + j];
        var d = new double[n];
        var e = new double[Math.Max(n - 1, 0)];
        var q = computeVectors ? new double[n * n] : [];
        HouseholderTridiagonal.Reduce(work, n, d, e, q);
        // The rotations act on the rows of Zᵀ = Qᵀ.
        var zt = computeVectors ? new double[n * n] : [];
        if (computeVectors) VectorOps.Transpose(zt, n, q, n, n, n);
        TridiagonalQr.Diagonalize(d, e, zt, n);

        var order = Enumerable.Range(0, n).OrderBy(i => d[i]).ToArray();
        for (int p = 0; p < n; p++) w[p] = d[order[p]];
        if (!computeVectors) return;
        for (int p = 0; p < n; p++)
        {
            var z = zt.AsSpan(order[p] * n, n);
            int best = 0;
            for (int j = 1; j < n; j++) if (Math.Abs(z[j]) > Math.Abs(z[best])) best = j;
            double sign = z[best] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) v[i * ldv + p] = sign * z[i];
        }
    }
}
