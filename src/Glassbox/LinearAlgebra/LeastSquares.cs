using Glassbox.Kernels;

namespace Glassbox.LinearAlgebra;

/// <summary>
/// Minimum-norm least squares and the Moore–Penrose pseudo-inverse through the SVD (<c>numpy.linalg.lstsq</c>,
/// <c>numpy.linalg.pinv</c>, LAPACK <c>gelsd</c>-style thresholding).
/// </summary>
/// <remarks>
/// With A = U·diag(S)·Vh (reduced, k = min(m, n)), the minimizer of ‖A·x − b‖₂ of smallest ‖x‖₂ is
/// x = Vhᵀ·diag(1/σ)·Uᵀ·b, where 1/σ_i is replaced by 0 for σ_i ≤ rcond·σ_max. Those singular values are treated
/// as exact zeros; the count of the others is the effective rank. The SVD route costs more than QR but handles
/// rank deficiency and reports the rank, as numpy does.
/// </remarks>
public static class LeastSquares
{
    /// <summary>numpy's default cut-off for <c>lstsq</c> (rcond = None): ε·max(m, n).</summary>
    public static double DefaultRcond(int m, int n) => 2.220446049250313e-16 * Math.Max(m, n);

    /// <summary>
    /// Solves min ‖A·X − B‖ for the m×n <paramref name="a"/> and m×nrhs <paramref name="b"/>, writing the n×nrhs
    /// minimum-norm solution to <paramref name="x"/> (leading dimension <paramref name="ldx"/>) and the k singular
    /// values of A to <paramref name="s"/>. Returns the effective rank.
    /// </summary>
    public static int Solve(Span<double> x, int ldx, Span<double> s, ReadOnlySpan<double> a, int lda, int m, int n,
        ReadOnlySpan<double> b, int ldb, int nrhs, double rcond)
    {
        int k = Math.Min(m, n);
        var u = new double[m * k];
        var vh = new double[k * n];
        Svd.Decompose(u, k, s, vh, n, a, lda, m, n);
        int rank = Rank(s, k, rcond);
        // c = diag(1/σ)·Uᵀ·b (rank × nrhs), then x = Vh[:rank]ᵀ·c.
        var c = new double[Math.Max(rank * nrhs, 0)];
        Gemm.Dgemm(c, nrhs, u, k, true, b, ldb, false, rank, nrhs, m);
        for (int i = 0; i < rank; i++) VectorOps.Scale(1.0 / s[i], c.AsSpan(i * nrhs, nrhs));
        if (rank == 0) { for (int i = 0; i < n; i++) x.Slice(i * ldx, nrhs).Clear(); return 0; }
        Gemm.Dgemm(x, ldx, vh, n, true, c, nrhs, false, n, nrhs, rank);
        return rank;
    }

    /// <summary>
    /// Writes the n×m pseudo-inverse A⁺ = Vhᵀ·diag(1/σ)·Uᵀ of the m×n <paramref name="a"/> into
    /// <paramref name="pinv"/> (leading dimension <paramref name="ldp"/>), zeroing 1/σ for σ ≤ rcond·σ_max.
    /// Returns the effective rank.
    /// </summary>
    public static int PseudoInverse(Span<double> pinv, int ldp, ReadOnlySpan<double> a, int lda, int m, int n, double rcond)
    {
        int k = Math.Min(m, n);
        var u = new double[m * k];
        var vh = new double[k * n];
        var s = new double[k];
        Svd.Decompose(u, k, s, vh, n, a, lda, m, n);
        int rank = Rank(s, k, rcond);
        // w = diag(1/σ)·U[:, :rank]ᵀ (rank × m), built row by row from U's columns.
        var w = new double[rank * m];
        for (int i = 0; i < m; i++)
            for (int r = 0; r < rank; r++) w[r * m + i] = u[i * k + r] / s[r];
        if (rank == 0) { for (int i = 0; i < n; i++) pinv.Slice(i * ldp, m).Clear(); return 0; }
        Gemm.Dgemm(pinv, ldp, vh, n, true, w, m, false, n, m, rank);
        return rank;
    }

    private static int Rank(ReadOnlySpan<double> s, int k, double rcond)
    {
        if (k == 0) return 0;
        double cut = rcond * s[0];
        int rank = 0;
        while (rank < k && s[rank] > cut) rank++;
        return rank;
    }
}
