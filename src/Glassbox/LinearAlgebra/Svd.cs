namespace Glassbox.LinearAlgebra;

/// <summary>
/// Singular value decomposition A = U·diag(S)·Vh of an m×n matrix (<c>torch.linalg.svd</c>,
/// <c>numpy.linalg.svd</c>, LAPACK <c>gesvj</c>-style), by one-sided Jacobi with QR preconditioning.
/// </summary>
/// <remarks>
/// <para>
/// <b>Algorithm.</b> Let k = min(m, n).
/// Tall (m &gt; n): Householder QR first, A = Q·R (<see cref="HouseholderQr"/>), then the n×n R is decomposed,
/// R = U_R·Σ·Vᵀ, and U = Q·U_R. This is the standard "R-SVD" trick (Chan 1982): the O(mn²) part is a blocked QR
/// that runs in GEMMs, and the iterative part only ever touches n×n data, so a 60000×784 data matrix costs one QR
/// plus a 784×784 SVD. Unlike forming AᵀA (which squares the condition number and loses every singular value
/// below √ε·σ_max), QR keeps full accuracy.
/// Square: the Jacobi iteration runs on Aᵀ directly.
/// Wide (m &lt; n): the decomposition of Aᵀ = U'·Σ·V'ᵀ is transposed: U = V', Vh = U'ᵀ.
/// The n×n core uses <see cref="OneSidedJacobi"/> on the rows of Rᵀ (the columns of R), which are contiguous.
/// </para>
/// <para>
/// <b>Output.</b> S is sorted descending. Reduced (fullMatrices = false): U is m×k, Vh is k×n. Full: U is m×m,
/// Vh is n×n; the extra columns/rows complete an orthonormal basis (from the complete Q of the QR step).
/// Left singular vectors of exactly-zero singular values are not determined by A; they are completed to an
/// orthonormal set by a QR of the known ones.
/// </para>
/// <para>
/// <b>Sign convention</b> (deterministic; numpy/LAPACK promise none, so compare up to sign): each row of Vh —
/// including the null-space rows of a full decomposition — is flipped so that its entry of largest magnitude
/// (the first such on ties) is positive, and the matching column of U is flipped with it, preserving U·diag(S)·Vh.
/// </para>
/// </remarks>
public static class Svd
{
    /// <summary>
    /// Decomposes the m×n matrix <paramref name="a"/> (leading dimension <paramref name="lda"/>).
    /// Writes S (length k = min(m, n)) and, when <paramref name="computeUV"/>, U (m×k or m×m when
    /// <paramref name="fullMatrices"/>, leading dimension <paramref name="ldu"/>) and Vh (k×n or n×n, leading
    /// dimension <paramref name="ldvh"/>). With computeUV = false, u and vh are not touched and may be empty.
    /// With <paramref name="computeU"/> = false and m ≥ n, only S and Vh are produced (u is not touched): this skips
    /// applying Q to U_R, about half the cost for a tall matrix — what PCA needs (it projects with Vh, not U).
    /// For m &lt; n, U is a by-product and is always written.
    /// </summary>
    public static void Decompose(Span<double> u, int ldu, Span<double> s, Span<double> vh, int ldvh,
        ReadOnlySpan<double> a, int lda, int m, int n, bool fullMatrices = false, bool computeUV = true, bool computeU = true)
    {
        int k = Math.Min(m, n);
        if (m >= n)
        {
            Tall(u, ldu, s, vh, ldvh, a, lda, m, n, fullMatrices, computeUV, computeU);
        }
        else
        {
            var at = new double[n * m];
            VectorOps.Transpose(at, m, a, lda, m, n);
            int uCols = fullMatrices ? n : m;
            var ut = computeUV ? new double[n * uCols] : [];
            var vt = computeUV ? new double[m * m] : [];
            Tall(ut, uCols, s, vt, m, at, m, n, m, fullMatrices, computeUV, computeU: true);
            if (!computeUV) return;
            // A = (Aᵀ)ᵀ = (U'·Σ·V'ᵀ)ᵀ = V'·Σ·U'ᵀ.
            VectorOps.Transpose(u, ldu, vt, m, m, m);
            VectorOps.Transpose(vh, ldvh, ut, uCols, n, uCols);
        }
        if (computeUV) FixSigns(u, ldu, m, computeU || m < n ? k : 0, vh, ldvh, fullMatrices ? n : k, n);
    }

    /// <summary>The m ≥ n case, without the sign convention.</summary>
    private static void Tall(Span<double> u, int ldu, Span<double> s, Span<double> vh, int ldvh,
        ReadOnlySpan<double> a, int lda, int m, int n, bool full, bool computeUV, bool computeU)
    {
        var x = new double[n * n];
        double[]? qr = null, tau = null;
        if (m > n)
        {
            qr = new double[m * n];
            for (int i = 0; i < m; i++) a.Slice(i * lda, n).CopyTo(qr.AsSpan(i * n, n));
            tau = new double[n];
            HouseholderQr.Factor(qr, n, m, n, tau);
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++) x[j * n + i] = qr[i * n + j];
        }
        else
        {
            VectorOps.Transpose(x, n, a, lda, n, n);
        }

        int vLen = computeUV ? n : 0;
        var vt = new double[n * vLen];
        for (int i = 0; i < vLen; i++) vt[i * n + i] = 1;
        OneSidedJacobi.Orthogonalize(x, n, n, n, vt, n, vLen);

        var sv = new double[n];
        for (int i = 0; i < n; i++) sv[i] = Math.Sqrt(VectorOps.Dot(x.AsSpan(i * n, n), x.AsSpan(i * n, n)));
        // Stable descending sort of the singular values (ties keep Jacobi row order, so the result is deterministic).
        var order = Enumerable.Range(0, n).OrderByDescending(i => sv[i]).ToArray();
        for (int p = 0; p < n; p++) s[p] = sv[order[p]];
        if (!computeUV) return;

        for (int p = 0; p < n; p++) vt.AsSpan(order[p] * n, n).CopyTo(vh.Slice(p * ldvh, n));
        if (!computeU) return;

        // Left singular vectors of the n×n core: the normalized Jacobi rows; exact zeros get completed.
        var zero = new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (sv[i] > 1e-290) VectorOps.Scale(1.0 / sv[i], x.AsSpan(i * n, n));
            else zero[i] = true;
        }
        CompleteOrthonormalRows(x, n, zero);

        int uCols = full ? m : n;
        for (int i = 0; i < m; i++) u.Slice(i * ldu, uCols).Clear();
        for (int p = 0; p < n; p++)
        {
            int r = order[p];
            for (int i = 0; i < n; i++) u[i * ldu + p] = x[r * n + i];
        }
        if (m > n)
        {
            for (int i = n; i < uCols; i++) u[i * ldu + i] = 1;
            HouseholderQr.ApplyQ(u, ldu, m, uCols, qr, n, n, tau);
        }
    }

    /// <summary>
    /// Replaces the rows flagged in <paramref name="zero"/> of the n×n matrix <paramref name="rows"/> (whose other rows
    /// are orthonormal) with an orthonormal basis of the orthogonal complement, taken from the trailing columns of the
    /// complete Q of a QR of the known rows' transpose.
    /// </summary>
    private static void CompleteOrthonormalRows(double[] rows, int n, bool[] zero)
    {
        int r = zero.Count(z => !z);
        if (r == n) return;
        var bt = new double[n * r];
        for (int i = 0, c = 0; i < n; i++)
        {
            if (zero[i]) continue;
            for (int j = 0; j < n; j++) bt[j * r + c] = rows[i * n + j];
            c++;
        }
        var tau = new double[r];
        HouseholderQr.Factor(bt, r, n, r, tau);
        var q = new double[n * n];
        HouseholderQr.FormQ(q, n, n, n, bt, r, r, tau);
        for (int i = 0, c = r; i < n; i++)
        {
            if (!zero[i]) continue;
            for (int j = 0; j < n; j++) rows[i * n + j] = q[j * n + c];
            c++;
        }
    }

    /// <summary>Flips each Vh row so its largest-magnitude entry is positive, and the matching U column (for rows &lt; k).</summary>
    internal static void FixSigns(Span<double> u, int ldu, int m, int k, Span<double> vh, int ldvh, int vhRows, int n)
    {
        for (int p = 0; p < vhRows; p++)
        {
            var row = vh.Slice(p * ldvh, n);
            int best = 0;
            for (int j = 1; j < n; j++) if (Math.Abs(row[j]) > Math.Abs(row[best])) best = j;
            if (n == 0 || row[best] >= 0) continue;
            VectorOps.Scale(-1, row);
            if (p < k)
                for (int i = 0; i < m; i++) u[i * ldu + p] = -u[i * ldu + p];
        }
    }
}
