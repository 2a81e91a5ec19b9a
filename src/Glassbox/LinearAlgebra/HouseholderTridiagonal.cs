using Glassbox.Kernels;

namespace Glassbox.LinearAlgebra;

/// <summary>
/// Householder reduction of a symmetric matrix to tridiagonal form, A = Q·T·Qᵀ (LAPACK <c>sytrd</c> +
/// <c>orgtr</c>): the first phase of <see cref="SymmetricEigen"/>.
/// </summary>
/// <remarks>
/// <para>
/// Step k (k = 0 … n−3) picks the reflector H_k = I − τ·v·vᵀ acting on indices k+1 … n−1 that maps x = A[k+1:, k]
/// to α·e_1 with α = −sign(x_0)·‖x‖ (the sign that avoids cancellation in v_0 = x_0 − α), τ = 2/‖v‖², and applies
/// the two-sided update to the trailing block B = A[k+1:, k+1:] in its symmetric rank-2 form:
/// p = τ·B·v, w = p − (τ/2)(pᵀv)·v, B ← B − v·wᵀ − w·vᵀ (Golub &amp; Van Loan, §8.3.1).
/// Because A is symmetric, column k below the diagonal equals row k to the right of it, so the reflector is read
/// from a contiguous row; B·v and the rank-2 update are row-wise too, and rows are independent, so they run in
/// parallel without changing a single rounding. The full (not just lower) block is updated: twice the flops of a
/// triangle-only version, in exchange for contiguous rows everywhere.
/// </para>
/// <para>
/// Q = H_0·H_1·…·H_{n−3} is accumulated backwards (H_{n−3} first) so that each H_k only meets the trailing
/// (n−k−1)² block of a matrix that is still the identity elsewhere: 4n³/3 flops. It is returned transposed because
/// the QL phase rotates eigenvector <em>rows</em>.
/// </para>
/// <para>
/// The operation order (and <see cref="VectorOps.FusedAxpy"/> rather than <see cref="VectorOps.Axpy"/>) is fixed on
/// purpose: PCA feeds t-SNE's initialisation, whose non-convex optimisation amplifies last-bit differences into a
/// different local minimum, so a change here shows up in t-SNE's parity with scikit-learn.
/// </para>
/// </remarks>
internal static class HouseholderTridiagonal
{
    /// <summary>
    /// Reduces the n×n symmetric <paramref name="a"/> (contiguous, both triangles filled, destroyed) to diagonal
    /// <paramref name="d"/> (n) and off-diagonal <paramref name="e"/> (n; e[i] = T[i, i+1], e[n−1] = 0). When
    /// <paramref name="computeQ"/> returns Qᵀ (n×n, row-major) with A = Q·T·Qᵀ, otherwise an empty array.
    /// </summary>
    public static double[] Reduce(double[] a, int n, double[] d, double[] e, bool computeQ)
    {
        var vs = new double[n * n]; // Householder vectors: row k holds v_k in columns k+1..n−1
        var taus = new double[n];
        var p = new double[n];
        for (int k = 0; k + 2 < n; k++)
        {
            int len = n - k - 1, r0 = k + 1, vOff = k * n + k + 1;
            var v = vs.AsSpan(vOff, len);
            double norm2 = 0;
            for (int i = 0; i < len; i++) { v[i] = a[(r0 + i) * n + k]; norm2 += v[i] * v[i]; }
            double x0 = v[0];
            double alpha = -Math.CopySign(Math.Sqrt(norm2), x0 == 0 ? 1 : x0);
            double vnorm2 = norm2 - x0 * x0 + (x0 - alpha) * (x0 - alpha);
            if (norm2 == 0 || vnorm2 == 0) { taus[k] = 0; e[k] = x0; v.Clear(); continue; }
            v[0] = x0 - alpha;
            double tau = 2 / vnorm2;
            taus[k] = tau;
            e[k] = alpha;
            int grain = Math.Max(1, 16384 / len);
            Par.For(len, grain, (s0, cnt) =>
            {
                var vr = vs.AsSpan(vOff, len);
                for (int i = s0; i < s0 + cnt; i++) p[i] = tau * VectorOps.Dot(a.AsSpan((r0 + i) * n + r0, len), vr);
            });
            var pw = p.AsSpan(0, len);
            double kk = 0.5 * tau * VectorOps.Dot(pw, v);
            for (int i = 0; i < len; i++) pw[i] -= kk * v[i];
            Par.For(len, grain, (s0, cnt) =>
            {
                var vr = vs.AsSpan(vOff, len);
                var wr = p.AsSpan(0, len);
                for (int i = s0; i < s0 + cnt; i++)
                {
                    var row = a.AsSpan((r0 + i) * n + r0, len);
                    VectorOps.FusedAxpy(-vr[i], wr, row);
                    VectorOps.FusedAxpy(-wr[i], vr, row);
                }
            });
        }
        for (int i = 0; i < n; i++) d[i] = a[i * n + i];
        if (n >= 2) e[n - 2] = a[(n - 1) * n + n - 2];
        if (n >= 1) e[n - 1] = 0;
        if (!computeQ) return [];

        var q = new double[n * n];
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        var acc = new double[n];
        for (int k = n - 3; k >= 0; k--)
        {
            double tau = taus[k];
            if (tau == 0) continue;
            int len = n - k - 1, r0 = k + 1, vOff = k * n + k + 1;
            var v = vs.AsSpan(vOff, len);
            // Q[r0:, r0:] ← H_k·Q[r0:, r0:]: acc = vᵀ·Q[r0:, r0:], then the rank-1 update, both by rows.
            var rw = acc.AsSpan(0, len);
            rw.Clear();
            for (int i = 0; i < len; i++) VectorOps.FusedAxpy(v[i], q.AsSpan((r0 + i) * n + r0, len), rw);
            Par.For(len, Math.Max(1, 16384 / len), (s0, cnt) =>
            {
                var vr = vs.AsSpan(vOff, len);
                var ar = acc.AsSpan(0, len);
                for (int i = s0; i < s0 + cnt; i++) VectorOps.FusedAxpy(-tau * vr[i], ar, q.AsSpan((r0 + i) * n + r0, len));
            });
        }
        var qt = new double[n * n];
        VectorOps.Transpose(qt, n, q, n, n, n);
        return qt;
    }
}
