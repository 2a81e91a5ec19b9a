using Glassbox.Kernels;

namespace Glassbox.LinearAlgebra;

/// <summary>
/// Householder reduction of a symmetric matrix to tridiagonal form, A = Q·T·Qᵀ (LAPACK <c>sytrd</c> +
/// <c>orgtr</c>): the first phase of <see cref="SymmetricEigen"/>.
/// </summary>
/// <remarks>
/// <para>
/// Step k (k = 0 … n−3) picks the reflector H_k = I − τ·v·vᵀ acting on indices k+1 … n−1 that maps
/// A[k+1:, k] to β·e_1 (same sign rule as <see cref="HouseholderQr"/>), then applies the two-sided update to the
/// trailing block B = A[k+1:, k+1:] in its symmetric rank-2 form:
/// p = τ·B·v, w = p − (τ/2)(pᵀv)·v, B ← B − v·wᵀ − w·vᵀ (Golub &amp; Van Loan, §8.3.1).
/// Because A is symmetric, column k below the diagonal equals row k to the right of it, so the reflector is read
/// from a contiguous row; B·v and the rank-2 update are row-wise too. The full (not just lower) block is updated:
/// twice the flops of a triangle-only version, in exchange for contiguous rows everywhere.
/// </para>
/// <para>
/// Q = H_0·H_1·…·H_{n−3} is accumulated backwards (H_{n−3} first) so that each H_k only meets the trailing
/// (n−k−1)² block of a matrix that is still the identity elsewhere: 4n³/3 flops.
/// </para>
/// </remarks>
internal static class HouseholderTridiagonal
{
    /// <summary>
    /// Reduces the n×n symmetric matrix <paramref name="w"/> (contiguous, overwritten with the reflectors) to
    /// diagonal <paramref name="d"/> (n) and off-diagonal <paramref name="e"/> (n−1); when <paramref name="q"/> is
    /// non-empty it receives Q (n×n, contiguous) with A = Q·T·Qᵀ.
    /// </summary>
    public static void Reduce(double[] w, int n, Span<double> d, Span<double> e, double[] q)
    {
        var tau = new double[Math.Max(n, 1)];
        var p = new double[n];
        var wv = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            int len = n - k - 1, r0 = k + 1;
            var x = w.AsSpan(k * n + r0, len);
            double alpha = x[0];
            double scale = 0;
            for (int i = 1; i < len; i++) scale = Math.Max(scale, Math.Abs(x[i]));
            d[k] = w[k * n + k];
            if (scale == 0) { tau[k] = 0; e[k] = alpha; continue; }
            double ssq = 0;
            for (int i = 1; i < len; i++) { double t = x[i] / scale; ssq += t * t; }
            double norm = Math.Sqrt(alpha * alpha + scale * scale * ssq);
            if (double.IsInfinity(norm)) norm = scale * Math.Sqrt((alpha / scale) * (alpha / scale) + ssq);
            double beta = alpha >= 0 ? -norm : norm;
            double tk = (beta - alpha) / beta;
            VectorOps.Scale(1.0 / (alpha - beta), x[1..]);
            x[0] = 1;
            tau[k] = tk;
            e[k] = beta;

            var v = w;
            int vOff = k * n + r0;
            // p = τ·B·v, row by row.
            Par.For(len, Math.Max(1, 16384 / len), (s0, cnt) =>
            {
                var vs = v.AsSpan(vOff, len);
                for (int i = s0; i < s0 + cnt; i++) p[i] = tk * VectorOps.Dot(w.AsSpan((r0 + i) * n + r0, len), vs);
            });
            double kk = 0.5 * tk * VectorOps.Dot(p.AsSpan(0, len), x);
            for (int i = 0; i < len; i++) wv[i] = p[i] - kk * x[i];
            Par.For(len, Math.Max(1, 16384 / len), (s0, cnt) =>
            {
                var vs = v.AsSpan(vOff, len);
                var ws = wv.AsSpan(0, len);
                for (int i = s0; i < s0 + cnt; i++)
                {
                    var row = w.AsSpan((r0 + i) * n + r0, len);
                    VectorOps.Axpy(-vs[i], ws, row);
                    VectorOps.Axpy(-ws[i], vs, row);
                }
            });
        }
        for (int k = Math.Max(n - 2, 0); k < n; k++) d[k] = w[k * n + k];
        if (n >= 2) e[n - 2] = w[(n - 2) * n + n - 1];
        if (n >= 2) tau[n - 2] = 0;

        if (q.Length == 0) return;
        Array.Clear(q, 0, n * n);
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        for (int k = n - 3; k >= 0; k--)
        {
            if (tau[k] == 0) continue;
            int len = n - k - 1, r0 = k + 1;
            var v = w.AsSpan(k * n + r0, len);
            // Q[r0:, r0:] ← H_k·Q[r0:, r0:]: acc = vᵀ·Q[r0:, r0:], then rank-1 update, both by rows.
            var acc = wv.AsSpan(0, len);
            acc.Clear();
            for (int i = 0; i < len; i++) VectorOps.Axpy(v[i], q.AsSpan((r0 + i) * n + r0, len), acc);
            for (int i = 0; i < len; i++) VectorOps.Axpy(-tau[k] * v[i], acc, q.AsSpan((r0 + i) * n + r0, len));
        }
    }
}
