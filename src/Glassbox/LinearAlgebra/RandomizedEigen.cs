namespace Glassbox.LinearAlgebra;

/// <summary>
/// Leading eigenpairs of a symmetric positive semi-definite s×s matrix G by the randomized range finder of
/// Halko, Martinsson &amp; Tropp (2011, Alg. 4.4 with power iterations, Alg. 5.3 Rayleigh–Ritz): Y = G^(q+1)·Ω for a
/// Gaussian s×l test matrix Ω (l = k + oversamples), re-orthonormalised after every product; then the l×l
/// projection B = QᵀGQ is diagonalised exactly and the top k Ritz pairs returned.
/// </summary>
/// <remarks>
/// Applied to G = X̃ᵀX̃ this spans the same subspace as scikit-learn's <c>randomized_svd</c> on X̃ with q power
/// iterations ((X̃ᵀX̃)^q·X̃ᵀX̃Ω), so the accuracy behaves alike: the error of component i shrinks like
/// (σ_{l+1}/σ_i)^(2q+2). Re-orthonormalisation uses two passes of modified Gram–Schmidt (sklearn uses LU; only the
/// basis changes, not its span).
/// </remarks>
internal static class RandomizedEigen
{
    /// <summary>Top-k eigenvalues (descending) and eigenvectors as rows (k×s) of the s×s row-major PSD <paramref name="g"/>.</summary>
    public static (double[] Values, double[] VectorsRows) TopK(double[] g, int s, int k, int oversamples, int powerIterations, ulong seed)
    {
        int l = Math.Min(s, k + oversamples);
        var gen = new Generator(seed);
        var y = new double[l * s]; // basis vectors as rows
        for (int i = 0; i < y.Length; i++) y[i] = gen.NextNormal();
        y = DenseKernels.MatMul(y, l, s, g, s); // (GΩ)ᵀ = ΩᵀG since G is symmetric
        for (int it = 0; it < powerIterations; it++)
        {
            Orthonormalize(y, l, s);
            y = DenseKernels.MatMul(y, l, s, g, s);
        }
        Orthonormalize(y, l, s);
        var gq = DenseKernels.MatMul(y, l, s, g, s); // rows: (G q_a)ᵀ
        var b = new double[l * l];
        for (int a = 0; a < l; a++)
            for (int c = 0; c < l; c++) b[a * l + c] = VectorOps.Dot(gq.AsSpan(a * s, s), y.AsSpan(c * s, s));
        for (int a = 0; a < l; a++)
            for (int c = 0; c < a; c++) b[a * l + c] = b[c * l + a] = 0.5 * (b[a * l + c] + b[c * l + a]);
        var (vals, w) = SymmetricEigen.DecomposeDescending(b, l);
        var vecs = new double[k * s];
        for (int r = 0; r < k; r++)
            for (int a = 0; a < l; a++) VectorOps.FusedAxpy(w[r * l + a], y.AsSpan(a * s, s), vecs.AsSpan(r * s, s));
        return (vals[..k], vecs);
    }

    /// <summary>Two passes of modified Gram–Schmidt over the rows; a row that collapses is replaced by zeros.</summary>
    internal static void Orthonormalize(double[] rows, int m, int len)
    {
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < m; i++)
            {
                var ri = rows.AsSpan(i * len, len);
                for (int j = 0; j < i; j++)
                {
                    var rj = rows.AsSpan(j * len, len);
                    VectorOps.FusedAxpy(-VectorOps.Dot(ri, rj), rj, ri);
                }
                double nrm = Math.Sqrt(VectorOps.Dot(ri, ri));
                if (nrm > 0) for (int t = 0; t < len; t++) ri[t] /= nrm;
            }
    }
}
