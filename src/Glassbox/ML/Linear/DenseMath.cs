using System.Numerics;
using Glassbox.Kernels;

namespace Glassbox.ML.Linear;

/// <summary>
/// The few dense linear-algebra kernels the linear models need, over row-major spans: Gram matrix XᵀX,
/// XᵀV, XW, column means, Cholesky solve with a pseudo-inverse fallback.
/// </summary>
/// <remarks>
/// Raw-span helpers on purpose: the estimators keep their data as row-major double[] and call these in loops, where
/// the Tensor-level <c>Linalg</c> API would allocate and validate per call. The eigen-solver behind the pseudo-inverse
/// fallback is the shared <see cref="Glassbox.LinearAlgebra.SymmetricEigen"/>.
/// </remarks>
internal static class DenseMath
{
    /// <summary>Column means of the n×p row-major matrix a (<c>X.mean(axis=0)</c>).</summary>
    public static double[] ColumnMeans(ReadOnlySpan<double> a, int n, int p)
    {
        var m = new double[p];
        for (int i = 0; i < n; i++) Add(m, a.Slice(i * p, p));
        if (n > 0) for (int j = 0; j < p; j++) m[j] /= n;
        return m;
    }

    /// <summary>Returns a − 1·meanᵀ as a new n×p array (the centring of sklearn's <c>_preprocess_data</c>).</summary>
    public static double[] CenterColumns(ReadOnlySpan<double> a, int n, int p, double[] mean)
    {
        var c = new double[n * p];
        for (int i = 0; i < n; i++)
        {
            var src = a.Slice(i * p, p); var dst = c.AsSpan(i * p, p);
            for (int j = 0; j < p; j++) dst[j] = src[j] - mean[j];
        }
        return c;
    }

    private static void Add(Span<double> acc, ReadOnlySpan<double> v)
    {
        for (int j = 0; j < acc.Length; j++) acc[j] += v[j];
    }

    /// <summary>
    /// G = AᵀA (p×p, both triangles filled) for the n×p row-major A. Rows are taken four at a time so each
    /// pass over the upper triangle of G does four rank-1 updates (G traffic ÷4); row chunks run in parallel
    /// into private accumulators that are summed at the end.
    /// </summary>
    public static double[] Gram(double[] a, int n, int p)
    {
        var g = new double[p * p];
        var gate = new object();
        Par.For(n, Math.Max(64, 16384 / Math.Max(p * p / 8, 1)), (start, len) =>
        {
            var local = new double[p * p];
            GramRows(local, a, start, len, p);
            lock (gate) for (int k = 0; k < local.Length; k++) g[k] += local[k];
        });
        for (int j = 0; j < p; j++)
            for (int k = 0; k < j; k++) g[j * p + k] = g[k * p + j];
        return g;
    }

    /// <summary>Upper triangle of Σ_rows xᵢxᵢᵀ for rows [start, start+len) accumulated into g.</summary>
    private static void GramRows(double[] g, double[] a, int start, int len, int p)
    {
        int i = start, end = start + len, w = Vector<double>.Count;
        for (; i + 4 <= end; i += 4)
        {
            var r0 = a.AsSpan(i * p, p); var r1 = a.AsSpan((i + 1) * p, p);
            var r2 = a.AsSpan((i + 2) * p, p); var r3 = a.AsSpan((i + 3) * p, p);
            for (int j = 0; j < p; j++)
            {
                double a0 = r0[j], a1 = r1[j], a2 = r2[j], a3 = r3[j];
                var row = g.AsSpan(j * p, p);
                int k = j;
                var v0 = new Vector<double>(a0); var v1 = new Vector<double>(a1);
                var v2 = new Vector<double>(a2); var v3 = new Vector<double>(a3);
                for (; k + w <= p; k += w)
                {
                    var acc = new Vector<double>(row.Slice(k));
                    acc += v0 * new Vector<double>(r0.Slice(k)) + v1 * new Vector<double>(r1.Slice(k))
                         + v2 * new Vector<double>(r2.Slice(k)) + v3 * new Vector<double>(r3.Slice(k));
                    acc.CopyTo(row.Slice(k));
                }
                for (; k < p; k++) row[k] += a0 * r0[k] + a1 * r1[k] + a2 * r2[k] + a3 * r3[k];
            }
        }
        for (; i < end; i++)
        {
            var r = a.AsSpan(i * p, p);
            for (int j = 0; j < p; j++)
            {
                double aj = r[j];
                var row = g.AsSpan(j * p, p);
                for (int k = j; k < p; k++) row[k] += aj * r[k];
            }
        }
    }

    /// <summary>Aᵀv for the n×p row-major A (length p).</summary>
    public static double[] TransposeTimes(ReadOnlySpan<double> a, int n, int p, ReadOnlySpan<double> v)
    {
        var r = new double[p];
        for (int i = 0; i < n; i++)
        {
            double vi = v[i];
            if (vi == 0) continue;
            var row = a.Slice(i * p, p);
            for (int j = 0; j < p; j++) r[j] += vi * row[j];
        }
        return r;
    }

    /// <summary>out = A·w + b for the n×p row-major A.</summary>
    public static void Times(Span<double> output, ReadOnlySpan<double> a, int n, int p, ReadOnlySpan<double> w, double b)
    {
        for (int i = 0; i < n; i++) output[i] = Dot(a.Slice(i * p, p), w) + b;
    }

    /// <summary>Dot product with a vectorized main loop.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => System.Numerics.Tensors.TensorPrimitives.Dot(x, y);

    /// <summary>
    /// Solves G·x = b for a symmetric positive semi-definite p×p G. Cholesky (G = LLᵀ) when G is positive
    /// definite; otherwise the minimum-norm solution through G's eigendecomposition with eigenvalues below
    /// p·ε·λ_max treated as zero — the answer <c>scipy.linalg.lstsq</c> gives for a rank-deficient X.
    /// </summary>
    public static double[] SolveSymmetric(double[] g, int p, double[] b)
    {
        var l = (double[])g.Clone();
        if (Cholesky(l, p))
        {
            var x = (double[])b.Clone();
            CholeskySolve(l, p, x);
            return x;
        }
        return PseudoInverseSolve(g, p, b);
    }

    /// <summary>
    /// In-place lower Cholesky factor by <see cref="Glassbox.LinearAlgebra.Cholesky"/> (upper triangle zeroed); false
    /// when a pivot is not clearly positive: below p·10⁻¹³·max diag(G) it is rounding noise and G is treated as singular.
    /// </summary>
    public static bool Cholesky(double[] a, int p)
    {
        double maxDiag = 0;
        for (int j = 0; j < p; j++) maxDiag = Math.Max(maxDiag, a[j * p + j]);
        return Glassbox.LinearAlgebra.Cholesky.Factor(a, p, a, p, p, minPivot: maxDiag * p * 1e-13) < 0;
    }

    /// <summary>Solves L·Lᵀ·x = b in place given the lower factor from <see cref="Cholesky"/>.</summary>
    public static void CholeskySolve(double[] l, int p, Span<double> x)
    {
        for (int i = 0; i < p; i++)
        {
            double s = x[i];
            for (int k = 0; k < i; k++) s -= l[i * p + k] * x[k];
            x[i] = s / l[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
            x[i] = s / l[i * p + i];
        }
    }

    /// <summary>x = G⁺b = Σ_{λₖ &gt; cut} vₖ(vₖ·b)/λₖ through the eigendecomposition G = VΛVᵀ
    /// (<see cref="Glassbox.LinearAlgebra.SymmetricEigen"/>, eigenvectors as the columns of V).</summary>
    public static double[] PseudoInverseSolve(double[] g, int p, double[] b)
    {
        var lambda = new double[p];
        var v = new double[p * p];
        Glassbox.LinearAlgebra.SymmetricEigen.Decompose(lambda, v, p, g, p, p);
        double max = lambda.Length == 0 ? 0 : lambda.Max(Math.Abs);
        double cut = max * p * 1e-15 * 16;
        var x = new double[p];
        for (int k = 0; k < p; k++)
        {
            if (lambda[k] <= cut) continue;
            double c = 0;
            for (int i = 0; i < p; i++) c += v[i * p + k] * b[i];
            c /= lambda[k];
            for (int i = 0; i < p; i++) x[i] += c * v[i * p + k];
        }
        return x;
    }
}
