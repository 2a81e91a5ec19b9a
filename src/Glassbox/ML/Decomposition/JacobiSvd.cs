namespace Glassbox.ML.Decomposition;

/// <summary>
/// Exact thin SVD by one-sided (Hestenes) Jacobi rotations, optionally preceded by a Householder QR so that a tall
/// matrix is reduced to its f×f triangular factor first (the "R-SVD" of Golub &amp; Van Loan §8.6.3; Drmač–Veselić
/// precondition the same way). One-sided Jacobi computes small singular values to high relative accuracy, which
/// is why it is the reference ("full") solver of PCA; its cost is a few sweeps of 3·m·L² flops for m vectors of
/// length L, so it is meant for small and medium data (LAPACK's <c>gesdd</c>, which sklearn's "full" uses, is
/// faster on large matrices).
/// </summary>
/// <remarks>Overlaps <see cref="LinearAlgebra.Svd"/> (the same QR-preconditioned one-sided Jacobi), written before it
/// existed. PCA still calls this copy because it returns all m right vectors, null space included, in the layout PCA
/// consumes; folding it into LinearAlgebra.Svd is an open follow-up.</remarks>
internal static class JacobiSvd
{
    /// <summary>
    /// Orthogonalizes the m vectors stored as the rows of <paramref name="rows"/> (m×len, row-major, destroyed):
    /// finds an orthogonal m×m J with (rowsᵀ·J) having orthogonal columns. Returns the column norms σ (descending)
    /// and Jᵀ with rows permuted to match (row r = the right singular vector of σ_r of the len×m matrix rowsᵀ).
    /// </summary>
    public static (double[] Sigma, double[] RightRows) Decompose(double[] rows, int m, int len)
    {
        // QR-precondition tall problems: rowsᵀ = Q·R, then only the m×m R matters (same σ and right vectors).
        if (len > 2 * m && m > 0)
        {
            HouseholderR(rows, m, len);
            var r = new double[m * m];
            for (int j = 0; j < m; j++) Array.Copy(rows, j * len, r, j * m, m);
            rows = r; len = m;
        }
        var v = new double[m * m];
        for (int i = 0; i < m; i++) v[i * m + i] = 1;
        var norms = new double[m];
        for (int i = 0; i < m; i++) norms[i] = DenseKernels.DotRaw(rows.AsSpan(i * len, len), rows.AsSpan(i * len, len));
        const double tol = 1e-15;
        for (int sweep = 0; sweep < 80; sweep++)
        {
            bool rotated = false;
            for (int i = 0; i < m - 1; i++)
                for (int j = i + 1; j < m; j++)
                {
                    var ai = rows.AsSpan(i * len, len); var aj = rows.AsSpan(j * len, len);
                    double alpha = norms[i], beta = norms[j];
                    double gamma = DenseKernels.DotRaw(ai, aj);
                    if (Math.Abs(gamma) <= tol * Math.Sqrt(alpha * beta) || gamma == 0) continue;
                    rotated = true;
                    // the rotation that zeroes the (i, j) entry of the 2×2 Gram [[α, γ], [γ, β]]
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.CopySign(1, zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                    Rotate(ai, aj, c, s);
                    Rotate(v.AsSpan(i * m, m), v.AsSpan(j * m, m), c, s);
                    // α' = α − tγ, β' = β + tγ exactly in exact arithmetic; recompute to stop drift
                    norms[i] = DenseKernels.DotRaw(ai, ai);
                    norms[j] = DenseKernels.DotRaw(aj, aj);
                }
            if (!rotated) break;
        }
        var order = Enumerable.Range(0, m).OrderByDescending(i => norms[i]).ToArray();
        var sigma = new double[m];
        var vr = new double[m * m];
        for (int r = 0; r < m; r++)
        {
            sigma[r] = Math.Sqrt(norms[order[r]]);
            Array.Copy(v, order[r] * m, vr, r * m, m);
        }
        return (sigma, vr);
    }

    /// <summary>(a, b) ← (c·a − s·b, s·a + c·b).</summary>
    private static void Rotate(Span<double> a, Span<double> b, double c, double s)
    {
        for (int k = 0; k < a.Length; k++)
        {
            double x = a[k], y = b[k];
            a[k] = c * x - s * y;
            b[k] = s * x + c * y;
        }
    }

    /// <summary>
    /// Householder QR of the len×m matrix whose columns are the rows of <paramref name="rows"/>; on return the
    /// first m entries of row j hold column j of R (zeros below the diagonal).
    /// </summary>
    private static void HouseholderR(double[] rows, int m, int len)
    {
        var v = new double[len];
        for (int k = 0; k < m; k++)
        {
            var ak = rows.AsSpan(k * len, len);
            double norm2 = DenseKernels.DotRaw(ak.Slice(k), ak.Slice(k));
            double x0 = ak[k];
            double alpha = -Math.CopySign(Math.Sqrt(norm2), x0 == 0 ? 1 : x0);
            double vnorm2 = norm2 - x0 * x0 + (x0 - alpha) * (x0 - alpha);
            if (norm2 == 0 || vnorm2 == 0) continue;
            var vk = v.AsSpan(k, len - k);
            ak.Slice(k).CopyTo(vk);
            vk[0] = x0 - alpha;
            double tau = 2 / vnorm2;
            ak[k] = alpha;
            ak.Slice(k + 1).Clear();
            for (int j = k + 1; j < m; j++)
            {
                var aj = rows.AsSpan(j * len + k, len - k);
                DenseKernels.Axpy(aj, -tau * DenseKernels.DotRaw(vk, aj), vk);
            }
        }
    }
}
