using Glassbox.Kernels;

namespace Glassbox.LinearAlgebra;

/// <summary>
/// Implicit symmetric QR iteration with Wilkinson shifts on a tridiagonal matrix (LAPACK <c>steqr</c>): the second
/// phase of <see cref="SymmetricEigen"/>.
/// </summary>
/// <remarks>
/// <para>
/// On the unreduced block T[l..h] (all off-diagonals non-negligible), one step takes the Wilkinson shift μ — the
/// eigenvalue of the trailing 2×2 block closer to T[h,h]: with δ = (d_{h−1} − d_h)/2,
/// μ = d_h − e_{h−1}² / (δ + sign(δ)·√(δ² + e_{h−1}²)) — and performs the QR step of T − μI implicitly: a plane
/// rotation in (l, l+1) whose first column is ∝ (d_l − μ, e_l) creates a bulge at (l, l+2), and rotations in
/// (k, k+1) chase it off the bottom (Golub &amp; Van Loan, Alg. 8.3.2). Convergence of e_{h−1} → 0 is cubic for
/// symmetric matrices. An off-diagonal is set to zero once |e_i| ≤ ε·(|d_i| + |d_{i+1}|), which splits the problem.
/// </para>
/// <para>
/// Each rotation R = [[c, s], [−s, c]] acts as T ← R·T·Rᵀ on rows/columns (k, k+1) and is accumulated into the
/// rows of Zᵀ (Zᵀ ← R·Zᵀ), keeping A = Z·T·Zᵀ throughout. Storing Zᵀ rather than Z makes every rotation a pair of
/// contiguous row updates.
/// </para>
/// </remarks>
internal static class TridiagonalQr
{
    /// <summary>
    /// Diagonalizes the tridiagonal (d, e) in place: on return d holds the eigenvalues (unsorted) and e is zero.
    /// The rotations are applied to the n×n rows of <paramref name="zt"/> (skipped when it is empty).
    /// </summary>
    public static void Diagonalize(Span<double> d, Span<double> e, double[] zt, int n)
    {
        const double eps = 2.220446049250313e-16;
        bool vectors = zt.Length > 0;
        int h = n - 1, iterations = 0;
        while (h > 0)
        {
            if (Negligible(e[h - 1], d[h - 1], d[h], eps)) { e[h - 1] = 0; h--; continue; }
            int l = h - 1;
            while (l > 0 && !Negligible(e[l - 1], d[l - 1], d[l], eps)) l--;
            if (l > 0) e[l - 1] = 0;
            if (++iterations > 30 * n)
                throw new LinAlgException($"Eigh: the tridiagonal QR iteration did not converge in {30 * n} steps (n = {n})");

            double delta = (d[h - 1] - d[h]) / 2, eh = e[h - 1];
            double root = Hypot(delta, eh);
            double mu = d[h] - eh * eh / (delta + (delta >= 0 ? root : -root));
            double x = d[l] - mu, z = e[l];
            for (int k = l; k < h; k++)
            {
                double r = Hypot(x, z);
                double c = r == 0 ? 1 : x / r, s = r == 0 ? 0 : z / r;
                if (k > l) e[k - 1] = r;
                double a = d[k], b = e[k], dd = d[k + 1];
                double cs2b = 2 * c * s * b;
                d[k] = c * c * a + cs2b + s * s * dd;
                d[k + 1] = s * s * a - cs2b + c * c * dd;
                e[k] = c * s * (dd - a) + (c * c - s * s) * b;
                if (k < h - 1)
                {
                    z = s * e[k + 1];
                    e[k + 1] *= c;
                    x = e[k];
                }
                if (vectors) VectorOps.Rotate(zt.AsSpan(k * n, n), zt.AsSpan((k + 1) * n, n), c, s);
            }
        }
    }

    private static bool Negligible(double e, double d0, double d1, double eps)
        => Math.Abs(e) <= eps * (Math.Abs(d0) + Math.Abs(d1)) || Math.Abs(e) < 1e-300;

    private static double Hypot(double x, double y)
    {
        x = Math.Abs(x); y = Math.Abs(y);
        double big = Math.Max(x, y), small = Math.Min(x, y);
        if (big == 0) return 0;
        double q = small / big;
        return big * Math.Sqrt(1 + q * q);
    }
}
