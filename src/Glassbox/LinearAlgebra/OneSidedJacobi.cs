using Glassbox.Kernels;

namespace Glassbox.LinearAlgebra;

/// <summary>
/// One-sided (Hestenes) Jacobi orthogonalization: the iteration at the heart of <see cref="Svd"/>.
/// </summary>
/// <remarks>
/// <para>
/// Given the rows x_0 … x_{r−1} of a row-major matrix X, plane rotations of row pairs are applied until all rows
/// are mutually orthogonal. For a pair (i, j) with α = ‖x_i‖², β = ‖x_j‖², γ = x_iᵀx_j, the rotation
/// x_i ← c·x_i − s·x_j, x_j ← s·x_i + c·x_j makes the pair orthogonal when t = s/c solves t² + 2ζt − 1 = 0 with
/// ζ = (β − α)/(2γ); the root of smaller magnitude t = sign(ζ)/(|ζ| + √(1 + ζ²)) keeps the rotation angle ≤ π/4,
/// which is what makes the cyclic method converge (quadratically, once the off-diagonal mass is small).
/// Every rotation is also applied to the rows of a companion matrix (the accumulated Vᵀ).
/// </para>
/// <para>
/// With X = Aᵀ, the rotations form an orthogonal J with J·Aᵀ having orthogonal rows, i.e. A·Jᵀ = U·Σ, so the
/// converged row norms are the singular values, the normalized rows the left singular vectors and J = Vᵀ.
/// Demmel and Veselić (1992) show this computes even tiny singular values to high relative accuracy, which is why
/// it is preferred here over bidiagonalization + QR for a from-scratch implementation: it is short and accurate.
/// </para>
/// <para>
/// <b>Ordering.</b> Pairs are visited in round-robin ("tournament") order: each of the r−1 rounds (r rounded up to
/// even) pairs every row with exactly one other, so the r/2 rotations of a round touch disjoint rows and run in
/// parallel with results independent of the thread schedule. A pair is rotated only when
/// |γ| &gt; tol·√α·√β with tol = len·ε; a sweep with no rotation ends the iteration.
/// </para>
/// </remarks>
internal static class OneSidedJacobi
{
    /// <summary>Upper bound on sweeps; convergence normally takes 6–12.</summary>
    public const int MaxSweeps = 60;

    /// <summary>
    /// Orthogonalizes the <paramref name="rows"/> rows (length <paramref name="len"/>, leading dimension
    /// <paramref name="ldx"/>) of <paramref name="x"/>, applying the same rotations to the rows (length
    /// <paramref name="vLen"/>, leading dimension <paramref name="ldv"/>) of <paramref name="v"/>. Returns the sweep count.
    /// </summary>
    public static int Orthogonalize(double[] x, int ldx, int rows, int len, double[] v, int ldv, int vLen)
    {
        if (rows < 2) return 0;
        int players = rows + (rows & 1);
        var arrangement = new int[players];
        for (int i = 0; i < players; i++) arrangement[i] = i;
        var pairs = new (int I, int J)[players / 2];
        double tol = Math.Max(len, 1) * 2.220446049250313e-16;
        // About 10 flops per element of the two rows (Gram pass + rotation of x and v); aim for ≥ 64k flops a chunk.
        int grain = Math.Max(1, 6400 / Math.Max(1, len + vLen));

        for (int sweep = 1; sweep <= MaxSweeps; sweep++)
        {
            int rotated = 0;
            for (int round = 0; round < players - 1; round++)
            {
                int np = 0;
                for (int p = 0; p < players / 2; p++)
                {
                    int i = arrangement[p], j = arrangement[players - 1 - p];
                    if (i >= rows || j >= rows) continue;
                    pairs[np++] = i < j ? (i, j) : (j, i);
                }
                int count = np;
                Par.For(count, grain, (start, length) =>
                {
                    int local = 0;
                    for (int q = start; q < start + length; q++)
                        if (RotatePair(x, ldx, len, v, ldv, vLen, pairs[q].I, pairs[q].J, tol)) local++;
                    if (local > 0) Interlocked.Add(ref rotated, local);
                });
                // Circle method: keep arrangement[0] fixed, rotate the rest by one place.
                int last = arrangement[players - 1];
                Array.Copy(arrangement, 1, arrangement, 2, players - 2);
                arrangement[1] = last;
            }
            if (rotated == 0) return sweep;
        }
        throw new LinAlgException($"Svd: one-sided Jacobi did not converge in {MaxSweeps} sweeps ({rows} rows of length {len})");
    }

    private static bool RotatePair(double[] x, int ldx, int len, double[] v, int ldv, int vLen, int i, int j, double tol)
    {
        var xi = x.AsSpan(i * ldx, len);
        var xj = x.AsSpan(j * ldx, len);
        VectorOps.Gram(xi, xj, out double alpha, out double beta, out double gamma);
        if (alpha == 0 || beta == 0) return false;
        if (!(Math.Abs(gamma) > tol * Math.Sqrt(alpha) * Math.Sqrt(beta))) return false;
        double zeta = (beta - alpha) / (2 * gamma);
        double t = Math.Abs(zeta) > 1e150
            ? 0.5 / zeta
            : (zeta >= 0 ? 1.0 : -1.0) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
        double c = 1 / Math.Sqrt(1 + t * t);
        double s = c * t;
        // VectorOps.Rotate(x, y, c, s') computes x ← c·x + s'·y, y ← c·y − s'·x; s' = −s gives the update above.
        VectorOps.Rotate(xi, xj, c, -s);
        if (vLen > 0) VectorOps.Rotate(v.AsSpan(i * ldv, vLen), v.AsSpan(j * ldv, vLen), c, -s);
        return true;
    }
}
