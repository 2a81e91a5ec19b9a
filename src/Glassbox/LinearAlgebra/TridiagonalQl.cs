namespace Glassbox.LinearAlgebra;

/// <summary>
/// Implicit QL iteration with Wilkinson-type shifts on a symmetric tridiagonal matrix (EISPACK <c>tql2</c>,
/// LAPACK <c>steqr</c> in its QL variant): the second phase of <see cref="SymmetricEigen"/>.
/// </summary>
/// <remarks>
/// <para>
/// For the leading unconverged index l, the block l…m ends at the first negligible off-diagonal: |e_m| ≤
/// ε·(|d_m| + |d_{m+1}|), or |e_m| ≤ ε·‖T‖ with ‖T‖ = max_i(|d_i| + |e_i|). The first (relative) test alone can
/// fail forever on a rank-deficient matrix: where neighbouring eigenvalues are zero in exact arithmetic, d and e are
/// roundoff of size ε·‖T‖ and cannot be resolved to their own relative precision (the covariance of fewer samples
/// than dimensions hung here). Dropping an e_m of size ε·‖T‖ moves the eigenvalues by at most that much, which is the
/// backward error the method has anyway (EISPACK's <c>tql2</c> uses the same absolute scale). The shift is the eigenvalue of the leading 2×2 block [[d_l, e_l], [e_l, d_{l+1}]]
/// closer to d_l; one QL step of T − μI is then performed implicitly by plane rotations in (i, i+1) for
/// i = m−1 down to l, chasing the bulge upwards (Golub &amp; Van Loan §8.3.3 for the QR form; QL is the same
/// iteration on the reversed matrix, which suits matrices graded with large entries at the top). Convergence of
/// e_l → 0 is cubic for symmetric matrices; each eigenvalue is allowed <see cref="MaxIterations"/> steps.
/// </para>
/// <para>
/// Each rotation is accumulated into the rows (i, i+1) of Zᵀ, keeping A = Z·T·Zᵀ throughout. Storing Zᵀ rather
/// than Z makes every rotation a pair of contiguous row updates. Lengths are formed with an overflow-safe hypot.
/// </para>
/// </remarks>
internal static class TridiagonalQl
{
    /// <summary>Steps allowed per eigenvalue before <see cref="LinAlgException"/> (a handful is normal).</summary>
    public const int MaxIterations = 60;

    /// <summary>
    /// Diagonalizes the tridiagonal (d, e) in place (e[i] = T[i, i+1], length n, e[n−1] = 0): on return d holds the
    /// eigenvalues (unsorted) and e is overwritten. The rotations are applied to the n×n rows of
    /// <paramref name="zt"/> (skipped when it is empty).
    /// </summary>
    public static void Diagonalize(double[] d, double[] e, double[] zt, int n)
    {
        const double eps = 2.2e-16;
        bool vectors = zt.Length > 0;
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Abs(d[i]) + Math.Abs(e[i]));
        for (int l = 0; l < n; l++)
        {
            for (int iter = 0; ; iter++)
            {
                int m = l;
                for (; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= double.Epsilon || Math.Abs(e[m]) <= eps * dd || Math.Abs(e[m]) <= eps * norm) break;
                }
                if (m == l) break;
                if (iter == MaxIterations)
                    throw new LinAlgException($"Eigh: the tridiagonal QL iteration did not converge for eigenvalue {l} of {n} in {MaxIterations} steps");
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + Math.CopySign(r, g));
                double s = 1, c = 1, shift = 0;
                bool underflow = false;
                for (int i = m - 1; i >= l; i--)
                {
                    double f = s * e[i], b = c * e[i];
                    r = Hypot(f, g);
                    e[i + 1] = r;
                    if (r == 0)
                    {
                        // the rotation would divide by zero: the block has split at i; restart on the smaller one
                        d[i + 1] -= shift;
                        e[m] = 0;
                        underflow = true;
                        break;
                    }
                    s = f / r; c = g / r;
                    g = d[i + 1] - shift;
                    r = (d[i] - g) * s + 2 * c * b;
                    shift = s * r;
                    d[i + 1] = g + shift;
                    g = c * r - b;
                    // (z_i, z_{i+1}) ← (c·z_i − s·z_{i+1}, s·z_i + c·z_{i+1})
                    if (vectors) VectorOps.Rotate(zt.AsSpan(i * n, n), zt.AsSpan((i + 1) * n, n), c, -s);
                }
                if (underflow) continue;
                d[l] -= shift;
                e[l] = g;
                e[m] = 0;
            }
        }
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }
}
