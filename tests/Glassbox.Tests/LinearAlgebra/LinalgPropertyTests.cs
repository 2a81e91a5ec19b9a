using Glassbox.LinearAlgebra;

namespace Glassbox.Tests.LinearAlgebra;

/// <summary>
/// Defining identities of each decomposition on seeded random matrices of sizes 0, 1, 2, 7, 33, 100 (tall, square,
/// wide and rank-deficient).
/// </summary>
/// <remarks>
/// Tolerance: every routine is backward stable, so reconstruction and orthogonality errors are bounded by
/// c·n·ε·‖A‖ with a modest c; 1e-12·max(1, ‖A‖_max) leaves ≥ 4× headroom at n = 100 (n·ε ≈ 2.2e-14) while still
/// failing on any algorithmic error (which shows up at ≥ 1e-8).
/// </remarks>
public class LinalgPropertyTests
{
    private const double Tol = 1e-12;

    public static TheoryData<int, int> Shapes()
    {
        var d = new TheoryData<int, int>();
        foreach (int n in new[] { 0, 1, 2, 7, 33, 100 })
        {
            d.Add(n, n);
            d.Add(n + 3, n);
            d.Add(n, n + 5);
        }
        d.Add(250, 40);
        return d;
    }

    public static TheoryData<int> Sizes => new(0, 1, 2, 7, 33, 100);

    [Theory, MemberData(nameof(Shapes))]
    public void QrReconstructsWithOrthonormalQ(int m, int n)
    {
        var a = M.Random((ulong)(m * 1000 + n), m, n);
        var ad = a.ToDoubleArray();
        int k = Math.Min(m, n);
        var (q, r) = Linalg.Qr(a);
        Assert.Equal([m, k], q.ShapeToArray());
        Assert.Equal([k, n], r.ShapeToArray());
        var qd = q.ToDoubleArray(); var rd = r.ToDoubleArray();
        Assert.True(M.OrthError(qd, m, k) <= Tol, "QᵀQ = I");
        M.Close(ad, M.Mul(qd, rd, m, k, n), Tol, "Q·R = A");
        for (int i = 0; i < k; i++)
            for (int j = 0; j < Math.Min(i, n); j++) Assert.Equal(0.0, rd[i * n + j]);

        var (qc, rc) = Linalg.Qr(a, complete: true);
        Assert.Equal([m, m], qc.ShapeToArray());
        Assert.Equal([m, n], rc.ShapeToArray());
        Assert.True(M.OrthError(qc.ToDoubleArray(), m, m) <= Tol, "complete Q orthogonal");
        M.Close(ad, M.Mul(qc.ToDoubleArray(), rc.ToDoubleArray(), m, m, n), Tol, "complete Q·R = A");
    }

    [Theory, MemberData(nameof(Shapes))]
    public void SvdReconstructsWithOrthonormalFactors(int m, int n)
    {
        CheckSvd(M.Random((ulong)(m * 7919 + n), m, n), m, n);
        // Rank-deficient: rank ⌊min/2⌋, so U's columns for zero singular values must be completed.
        int k = Math.Min(m, n);
        if (k >= 2) CheckSvd(M.RandomRank((ulong)(m * 31 + n), m, n, k / 2), m, n);
        // A matrix with exactly-zero columns and rows (like always-blank pixels).
        if (k >= 2)
        {
            var d = M.Random(99, m, n).ToDoubleArray();
            for (int i = 0; i < m; i++) d[i * n] = 0;
            for (int j = 0; j < n; j++) d[(m - 1) * n + j] = 0;
            CheckSvd(Tensor.FromArray(d, m, n), m, n);
        }
    }

    private static void CheckSvd(Tensor a, int m, int n)
    {
        int k = Math.Min(m, n);
        var ad = a.ToDoubleArray();
        double scale = Math.Max(1, M.MaxAbs(ad));
        foreach (bool full in new[] { false, true })
        {
            var (u, s, vh) = Linalg.Svd(a, full);
            int uc = full ? m : k, vr = full ? n : k;
            Assert.Equal([m, uc], u.ShapeToArray());
            Assert.Equal([k], s.ShapeToArray());
            Assert.Equal([vr, n], vh.ShapeToArray());
            var ud = u.ToDoubleArray(); var sd = s.ToDoubleArray(); var vd = vh.ToDoubleArray();
            Assert.True(M.OrthError(ud, m, uc) <= Tol, $"UᵀU = I (full={full}): {M.OrthError(ud, m, uc):E2}");
            Assert.True(M.OrthError(M.T(vd, vr, n), n, vr) <= Tol, $"Vh·Vhᵀ = I (full={full})");
            for (int i = 0; i < k; i++)
            {
                Assert.True(sd[i] >= 0);
                if (i > 0) Assert.True(sd[i] <= sd[i - 1], "S descending");
            }
            // U[:, :k]·diag(S)·Vh[:k] = A.
            var us = new double[m * k];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < k; j++) us[i * k + j] = ud[i * uc + j] * sd[j];
            M.Close(ad, M.Mul(us, vd.AsSpan(0, k * n).ToArray(), m, k, n), Tol * scale, $"U·S·Vh = A (full={full})");
            // Sign convention: the largest-magnitude entry of each Vh row is positive.
            for (int i = 0; i < vr; i++)
            {
                var row = vd.AsSpan(i * n, n).ToArray();
                int best = 0;
                for (int j = 1; j < n; j++) if (Math.Abs(row[j]) > Math.Abs(row[best])) best = j;
                Assert.True(row[best] > 0, $"Vh row {i} sign");
            }
            M.Close(sd, Linalg.Svdvals(a).ToDoubleArray(), 0, "Svdvals = S");
        }
    }

    [Theory, MemberData(nameof(Sizes))]
    public void EighDiagonalizesSymmetricMatrices(int n)
    {
        var a = M.RandomSymmetric((ulong)(n + 5), n);
        var ad = a.ToDoubleArray();
        var (w, v) = Linalg.Eigh(a);
        var wd = w.ToDoubleArray(); var vd = v.ToDoubleArray();
        Assert.True(M.OrthError(vd, n, n) <= Tol, "VᵀV = I");
        var vw = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) vw[i * n + j] = vd[i * n + j] * wd[j];
        double scale = Math.Max(1, M.MaxAbs(ad));
        M.Close(M.Mul(ad, vd, n, n, n), vw, Tol * scale, "A·V = V·diag(w)");
        for (int i = 1; i < n; i++) Assert.True(wd[i] >= wd[i - 1], "ascending");
        for (int j = 0; j < n; j++)
        {
            int best = 0;
            for (int i = 1; i < n; i++) if (Math.Abs(vd[i * n + j]) > Math.Abs(vd[best * n + j])) best = i;
            Assert.True(vd[best * n + j] > 0, $"eigenvector {j} sign");
        }
        // trace = Σ eigenvalues, a check independent of the vectors.
        double tr = 0;
        for (int i = 0; i < n; i++) tr += ad[i * n + i];
        Assert.True(Math.Abs(tr - wd.Sum()) <= Tol * scale * Math.Max(n, 1));
    }

    [Fact]
    public void EighHandlesRepeatedEigenvalues()
    {
        // Q·diag(1, 1, 1, 2, 2, 5)·Qᵀ: eigenvectors of a repeated eigenvalue are any orthonormal basis; check the identities.
        int n = 6;
        var (q, _) = Linalg.Qr(M.Random(3, n, n));
        var qd = q.ToDoubleArray();
        double[] lam = [1, 1, 1, 2, 2, 5];
        var ql = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) ql[i * n + j] = qd[i * n + j] * lam[j];
        var ad = M.Mul(ql, M.T(qd, n, n), n, n, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) ad[j * n + i] = ad[i * n + j];
        var (w, v) = Linalg.Eigh(Tensor.FromArray(ad, n, n));
        M.Close(lam, w.ToDoubleArray(), Tol, "eigenvalues");
        Assert.True(M.OrthError(v.ToDoubleArray(), n, n) <= Tol);
    }

    [Theory]
    [InlineData(2, 84)]
    [InlineData(8, 84)]
    [InlineData(8, 200)]
    [InlineData(30, 120)]
    public void EighConvergesOnRankDeficientCovariances(int samples, int dim)
    {
        // The sample covariance of fewer samples than dimensions has rank ≤ samples − 1: most eigenvalues are zero in
        // exact arithmetic and roundoff-sized in floating point (a Fréchet distance on a handful of images needs
        // exactly this). Those tiny eigenvalues cannot be resolved to their own relative precision, so the iteration
        // must judge an off-diagonal negligible against the size of the whole matrix, not only its two neighbours.
        var x = M.Random((ulong)(samples * 7 + dim), samples, dim).ToDoubleArray();
        var mean = new double[dim];
        for (int i = 0; i < samples; i++) for (int j = 0; j < dim; j++) mean[j] += x[i * dim + j] / samples;
        var c = new double[dim * dim];
        for (int i = 0; i < samples; i++)
            for (int j = 0; j < dim; j++)
                for (int k = 0; k < dim; k++) c[j * dim + k] += (x[i * dim + j] - mean[j]) * (x[i * dim + k] - mean[k]) / (samples - 1);
        var (w, v) = Linalg.Eigh(Tensor.FromArray(c, dim, dim));
        var wd = w.ToDoubleArray(); var vd = v.ToDoubleArray();
        double scale = Math.Max(1, M.MaxAbs(c));
        Assert.True(M.OrthError(vd, dim, dim) <= Tol, "VᵀV = I");
        var vw = new double[dim * dim];
        for (int i = 0; i < dim; i++) for (int j = 0; j < dim; j++) vw[i * dim + j] = vd[i * dim + j] * wd[j];
        M.Close(M.Mul(c, vd, dim, dim, dim), vw, Tol * scale, "A·V = V·diag(w)");
        // dim − (samples − 1) eigenvalues are zero up to roundoff of the matrix's size.
        Assert.Equal(dim - (samples - 1), wd.Count(l => Math.Abs(l) <= 1e-12 * scale));
    }

    [Theory, MemberData(nameof(Sizes))]
    public void CholeskyReconstructsSpdMatrices(int n)
    {
        var a = M.RandomSpd((ulong)(n + 11), n);
        var l = Linalg.Cholesky(a).ToDoubleArray();
        for (int i = 0; i < n; i++)
        {
            Assert.True(l[i * n + i] > 0);
            for (int j = i + 1; j < n; j++) Assert.Equal(0.0, l[i * n + j]);
        }
        var ad = a.ToDoubleArray();
        M.Close(ad, M.Mul(l, M.T(l, n, n), n, n, n), Tol * Math.Max(1, M.MaxAbs(ad)), "L·Lᵀ = A");
    }

    [Fact]
    public void CholeskyNamesTheFailingPivot()
    {
        // Leading 2×2 minor [[1, 2], [2, 1]] has determinant −3: the failure is at pivot 1.
        var a = Tensor.From(new double[,] { { 1, 2, 0 }, { 2, 1, 0 }, { 0, 0, 1 } });
        var ex = Assert.Throws<LinAlgException>(() => Linalg.Cholesky(a));
        Assert.Contains("pivot 1", ex.Message);
    }

    [Theory, MemberData(nameof(Sizes))]
    public void SolveInvDetSatisfyTheirDefinitions(int n)
    {
        var a = M.Random((ulong)(n + 21), n, n);
        var ad = a.ToDoubleArray();
        var b = M.Random((ulong)(n + 22), n, 3);
        var x = Linalg.Solve(a, b);
        Assert.Equal([n, 3], x.ShapeToArray());
        // Backward-stable solve: residual ≲ n·ε·‖A‖·‖x‖.
        double xs = Math.Max(1, M.MaxAbs(x.ToDoubleArray())), asc = Math.Max(1, M.MaxAbs(ad));
        M.Close(b.ToDoubleArray(), M.Mul(ad, x.ToDoubleArray(), n, n, 3), Tol * xs * asc, "A·x = b");
        var xv = Linalg.Solve(a, b.Select(1, 0).Contiguous());
        Assert.Equal([n], xv.ShapeToArray());
        M.Close(x.Select(1, 0).ToDoubleArray(), xv.ToDoubleArray(), Tol, "vector b = column of matrix b");

        var inv = Linalg.Inv(a).ToDoubleArray();
        M.Close(M.Identity(n), M.Mul(ad, inv, n, n, n), Tol * asc * Math.Max(1, M.MaxAbs(inv)), "A·A⁻¹ = I");

        // det(A) = ± Π σ_i; the sign from slogdet must agree with det.
        double det = Linalg.Det(a).Item();
        double logProd = Linalg.Svdvals(a).ToDoubleArray().Sum(Math.Log);
        var (sign, logAbs) = Linalg.Slogdet(a);
        Assert.True(Math.Abs(logAbs - logProd) <= 1e-10 * Math.Max(1, Math.Abs(logProd)), "log|det| = Σ log σ");
        if (n <= 33) Assert.True(Math.Abs(det - sign * Math.Exp(logAbs)) <= 1e-10 * Math.Abs(det), "det = sign·exp(logabsdet)");
        if (n == 0) Assert.Equal(1.0, det);
    }

    [Fact]
    public void SingularMatricesAreReported()
    {
        var a = Tensor.From(new double[,] { { 1, 2 }, { 2, 4 } });
        var ex = Assert.Throws<LinAlgException>(() => Linalg.Solve(a, Tensor.FromArray(new double[] { 1, 2 })));
        Assert.Contains("singular", ex.Message);
        Assert.Throws<LinAlgException>(() => Linalg.Inv(a));
        Assert.Equal(0.0, Linalg.Det(a).Item());
        Assert.Equal((0.0, double.NegativeInfinity), Linalg.Slogdet(a));
    }

    [Theory, MemberData(nameof(Shapes))]
    public void LstsqSatisfiesNormalEquationsAndPinvIsAPseudoInverse(int m, int n)
    {
        var a = M.Random((ulong)(m * 13 + n), m, n);
        var ad = a.ToDoubleArray();
        var b = M.Random((ulong)(m * 17 + n), m, 2);
        var (x, res, rank, _) = Linalg.Lstsq(a, b);
        Assert.Equal(Math.Min(m, n), rank);
        var xd = x.ToDoubleArray();
        // Aᵀ(A·x − b) = 0 for the least-squares solution.
        var r = M.Mul(ad, xd, m, n, 2);
        var bd = b.ToDoubleArray();
        for (int i = 0; i < r.Length; i++) r[i] -= bd[i];
        double scale = Math.Max(1, M.MaxAbs(ad)) * Math.Max(1, M.MaxAbs(bd)) * Math.Max(1, M.MaxAbs(xd));
        Assert.True(M.MaxAbs(M.Mul(M.T(ad, m, n), r, n, m, 2)) <= 1e-11 * scale * Math.Max(1, m), "Aᵀ(Ax − b) = 0");
        if (m > n)
        {
            Assert.Equal([2], res.ShapeToArray());
            for (int c = 0; c < 2; c++)
            {
                double ss = 0;
                for (int i = 0; i < m; i++) ss += r[i * 2 + c] * r[i * 2 + c];
                Assert.True(Math.Abs(res.ToDoubleArray()[c] - ss) <= 1e-10 * Math.Max(1, ss));
            }
        }
        else Assert.Equal(0, res.Numel);

        var p = Linalg.Pinv(a).ToDoubleArray();
        var apa = M.Mul(M.Mul(ad, p, m, n, m), ad, m, m, n);
        M.Close(ad, apa, 1e-10, "A·A⁺·A = A");
        var pap = M.Mul(M.Mul(p, ad, n, m, n), p, n, n, m);
        M.Close(p, pap, 1e-10, "A⁺·A·A⁺ = A⁺");
    }

    [Fact]
    public void LstsqRankDeficientGivesTheMinimumNormSolution()
    {
        // Rank 2 of 5 columns: the minimum-norm solution equals pinv(A)·b and is orthogonal to A's null space.
        var a = M.RandomRank(5, 8, 5, 2);
        var b = M.Random(6, 8, 1).Reshape(8);
        var (x, res, rank, s) = Linalg.Lstsq(a, b);
        Assert.Equal(2, rank);
        Assert.Equal(0, res.Numel);
        var viaPinv = M.Mul(Linalg.Pinv(a).ToDoubleArray(), b.ToDoubleArray(), 5, 8, 1);
        M.Close(viaPinv, x.ToDoubleArray(), 1e-10, "lstsq = pinv·b");
        var (_, _, vh) = Linalg.Svd(a);
        var vd = vh.ToDoubleArray();
        for (int i = 2; i < 5; i++)
        {
            double dot = 0;
            for (int j = 0; j < 5; j++) dot += vd[i * 5 + j] * x.ToDoubleArray()[j];
            Assert.True(Math.Abs(dot) <= 1e-10, "x ⟂ null(A)");
        }
    }

    [Fact]
    public void Float32InputsGiveFloat32Results()
    {
        var a32 = M.RandomSpd(4, 5).To(DType.Float32);
        Assert.Equal(DType.Float32, Linalg.Cholesky(a32).DType);
        Assert.Equal(DType.Float32, Linalg.Svd(a32).S.DType);
        Assert.Equal(DType.Float32, Linalg.Eigh(a32).Eigenvectors.DType);
        // Computation runs in float64 on the float32 values, so the result equals the float64 one rounded to float32.
        var a64 = a32.To(DType.Float64);
        var l32 = Linalg.Cholesky(a32).ToDoubleArray();
        var l64 = Linalg.Cholesky(a64).ToDoubleArray().Select(v => (double)(float)v).ToArray();
        M.Close(l64, l32, 0, "float32 Cholesky");
        // Mixed float32/float64 promotes to float64.
        Assert.Equal(DType.Float64, Linalg.Solve(a32, Tensor.FromArray(new double[5])).DType);
    }

    [Fact]
    public void ShapeErrorsNameTheFunctionAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Linalg.Svd(Tensor.Zeros([2, 3, 4], DType.Float64)));
        Assert.Contains("Svd", ex.Message);
        Assert.Contains("[2, 3, 4]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Linalg.Cholesky(Tensor.Zeros([2, 3], DType.Float64)));
        Assert.Contains("Cholesky", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Linalg.Solve(Tensor.Zeros([3, 3], DType.Float64), Tensor.Zeros([4], DType.Float64)));
        Assert.Contains("Solve", ex.Message);
        Assert.Contains("[4]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Linalg.Eigh(Tensor.FromArray(new double[] { 1, double.NaN, double.NaN, 1 }, 2, 2)));
        Assert.Contains("NaN", ex.Message);
    }

    [Theory]
    [InlineData(40, 7)]
    [InlineData(7, 7)]
    [InlineData(5, 9)]
    public void SvdKernelWithoutUGivesTheSameSAndVh(int m, int n)
    {
        // The PCA path: skipping U must not change S or Vh (same rotations, same sign rule), bit for bit.
        var a = M.Random(77, m, n).ToDoubleArray();
        int k = Math.Min(m, n);
        var (u, s, vh) = (new double[m * k], new double[k], new double[k * n]);
        Svd.Decompose(u, k, s, vh, n, a, n, m, n);
        var (u2, s2, vh2) = (new double[m * k], new double[k], new double[k * n]);
        Svd.Decompose(u2, k, s2, vh2, n, a, n, m, n, computeU: false);
        Assert.Equal(s, s2);
        Assert.Equal(vh, vh2);
        if (m >= n) Assert.All(u2, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void KernelsAcceptLeadingDimensions()
    {
        // A 3×3 SPD matrix embedded in a 3×5 buffer (lda = 5); L written with ldl = 4.
        double[] a = [4, 2, 0, 9, 9, 2, 5, 1, 9, 9, 0, 1, 3, 9, 9];
        var l = new double[12];
        Assert.Equal(-1, Cholesky.Factor(l, 4, a, 5, 3));
        var ref3 = Linalg.Cholesky(Tensor.From(new double[,] { { 4, 2, 0 }, { 2, 5, 1 }, { 0, 1, 3 } })).ToDoubleArray();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(ref3[i * 3 + j], l[i * 4 + j]);
    }
}
