using System.Numerics;
using System.Runtime.InteropServices;

namespace Glassbox.ML.Decomposition;

/// <summary>
/// Eigendecomposition A = V·diag(λ)·Vᵀ of a dense symmetric matrix (LAPACK <c>dsyev</c>, <c>numpy.linalg.eigh</c>):
/// Householder reduction to tridiagonal form T = QᵀAQ (Golub &amp; Van Loan §8.3.1), then implicit QL iterations
/// with Wilkinson-type shifts on T (G&amp;VL §8.3.3), the rotations accumulated into Q. Cost ≈ 4/3·n³ for the
/// reduction, 4/3·n³ to form Q and ≈ 6·n³ for the rotations when vectors are wanted.
/// </summary>
/// <remarks>
/// Private to ML until <c>Glassbox.Linalg.Linalg.Eigh</c> (branch linalg) lands; then PCA can call that instead.
/// Vectors are held transposed (row k = eigenvector k) so that every Householder update and every Givens rotation
/// touches contiguous rows and vectorizes.
/// </remarks>
// Overlaps LinearAlgebra.SymmetricEigen (written before it existed). Swapping it in was tried and changes the signs
// of PCA's eigenvectors before svd_flip, which moves t-SNE's PCA initialisation and its exact-method KL outside the
// 5% parity band; folding the two together needs that sign path made identical first (open follow-up).
internal static class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues in descending order and the matching unit eigenvectors as the rows of an n×n row-major array.
    /// </summary>
    public static (double[] Values, double[] VectorsRows) Decompose(double[] a, int n)
    {
        if (n == 0) return ([], []);
        var m = (double[])a.Clone();
        var d = new double[n];
        var e = new double[n];
        var qt = Tridiagonalize(m, n, d, e);
        QlImplicit(d, e, qt, n);
        // sort descending, permuting the eigenvector rows alongside
        var order = Enumerable.Range(0, n).OrderByDescending(i => d[i]).ToArray();
        var vals = new double[n];
        var vecs = new double[n * n];
        for (int r = 0; r < n; r++)
        {
            vals[r] = d[order[r]];
            Array.Copy(qt, order[r] * n, vecs, r * n, n);
        }
        return (vals, vecs);
    }

    /// <summary>
    /// Reduces the symmetric a (destroyed) to tridiagonal form: d = diagonal, e[i] = T[i, i+1] (e[n−1] = 0).
    /// Returns Qᵀ (row-major) with A = Q·T·Qᵀ.
    /// </summary>
    private static double[] Tridiagonalize(double[] a, int n, double[] d, double[] e)
    {
        var vs = new double[n * n]; // Householder vectors: row k holds v_k in columns k+1..n−1
        var taus = new double[n];
        var p = new double[n];
        for (int k = 0; k + 2 < n; k++)
        {
            int len = n - k - 1;
            var v = vs.AsSpan(k * n + k + 1, len);
            double norm2 = 0;
            for (int i = 0; i < len; i++) { v[i] = a[(k + 1 + i) * n + k]; norm2 += v[i] * v[i]; }
            double x0 = v[0];
            double alpha = -Math.CopySign(Math.Sqrt(norm2), x0 == 0 ? 1 : x0);
            double vnorm2 = norm2 - x0 * x0 + (x0 - alpha) * (x0 - alpha);
            if (norm2 == 0 || vnorm2 == 0) { taus[k] = 0; e[k] = x0; v.Clear(); continue; }
            v[0] = x0 - alpha;
            double tau = 2 / vnorm2;
            taus[k] = tau;
            e[k] = alpha;
            // two-sided update of the trailing block B = A[k+1:, k+1:]: p = τBv, w = p − (τ/2)(pᵀv)v, B −= vwᵀ + wvᵀ
            var pw = p.AsSpan(0, len);
            for (int i = 0; i < len; i++) pw[i] = tau * DenseKernels.DotRaw(a.AsSpan((k + 1 + i) * n + k + 1, len), v);
            double kk = 0.5 * tau * DenseKernels.DotRaw(pw, v);
            for (int i = 0; i < len; i++) pw[i] -= kk * v[i];
            for (int i = 0; i < len; i++)
            {
                var row = a.AsSpan((k + 1 + i) * n + k + 1, len);
                DenseKernels.Axpy(row, -v[i], pw);
                DenseKernels.Axpy(row, -pw[i], v);
            }
        }
        for (int i = 0; i < n; i++) d[i] = a[i * n + i];
        if (n >= 2) e[n - 2] = a[(n - 1) * n + n - 2];
        e[n - 1] = 0;
        // Q = H_0·H_1·…·H_{n−3}: build from the innermost reflector outwards, so each step only touches the block
        // that is already non-identity (4/3·n³). Work on Q itself (rows contiguous), transpose at the end.
        var q = new double[n * n];
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        var r = new double[n];
        for (int k = n - 3; k >= 0; k--)
        {
            double tau = taus[k];
            if (tau == 0) continue;
            int len = n - k - 1;
            var v = vs.AsSpan(k * n + k + 1, len);
            var rw = r.AsSpan(0, len);
            rw.Clear();
            for (int i = 0; i < len; i++) DenseKernels.Axpy(rw, v[i], q.AsSpan((k + 1 + i) * n + k + 1, len)); // vᵀQ_sub
            for (int i = 0; i < len; i++) DenseKernels.Axpy(q.AsSpan((k + 1 + i) * n + k + 1, len), -tau * v[i], rw);
        }
        return DenseKernels.Transpose(q, n, n);
    }

    /// <summary>
    /// Implicit QL on the tridiagonal (d, e) — d becomes the eigenvalues; each Givens rotation on columns (i, i+1)
    /// of Q is applied to rows (i, i+1) of qt. Deflation when |e_m| ≤ ε(|d_m| + |d_{m+1}|).
    /// </summary>
    private static void QlImplicit(double[] d, double[] e, double[] qt, int n)
    {
        const int maxIter = 60;
        for (int l = 0; l < n; l++)
        {
            for (int iter = 0; ; iter++)
            {
                int m = l;
                for (; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= double.Epsilon || Math.Abs(e[m]) <= 2.2e-16 * dd) break;
                }
                if (m == l) break;
                if (iter == maxIter) throw new ArithmeticException($"SymmetricEigen: QL iteration did not converge for eigenvalue {l} of {n}");
                // shift: the eigenvalue of the leading 2×2 of the unreduced block closer to d_l
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + Math.CopySign(r, g));
                double s = 1, c = 1, pShift = 0;
                bool underflow = false;
                for (int i = m - 1; i >= l; i--)
                {
                    double f = s * e[i], b = c * e[i];
                    r = Hypot(f, g);
                    e[i + 1] = r;
                    if (r == 0)
                    {
                        d[i + 1] -= pShift;
                        e[m] = 0;
                        underflow = true;
                        break;
                    }
                    s = f / r; c = g / r;
                    g = d[i + 1] - pShift;
                    r = (d[i] - g) * s + 2 * c * b;
                    pShift = s * r;
                    d[i + 1] = g + pShift;
                    g = c * r - b;
                    Rotate(qt.AsSpan(i * n, n), qt.AsSpan((i + 1) * n, n), c, s);
                }
                if (underflow) continue;
                d[l] -= pShift;
                e[l] = g;
                e[m] = 0;
            }
        }
    }

    /// <summary>(zi, zi1) ← (c·zi − s·zi1, s·zi + c·zi1) for the two eigenvector rows.</summary>
    private static void Rotate(Span<double> zi, Span<double> zi1, double c, double s)
    {
        var a = MemoryMarshal.Cast<double, Vector<double>>(zi);
        var b = MemoryMarshal.Cast<double, Vector<double>>(zi1);
        var vc = new Vector<double>(c); var vs = new Vector<double>(s);
        for (int t = 0; t < a.Length; t++)
        {
            var x = a[t]; var y = b[t];
            a[t] = vc * x - vs * y;
            b[t] = vs * x + vc * y;
        }
        for (int t = a.Length * Vector<double>.Count; t < zi.Length; t++)
        {
            double x = zi[t], y = zi1[t];
            zi[t] = c * x - s * y;
            zi1[t] = s * x + c * y;
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
