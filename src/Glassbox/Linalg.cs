using Glassbox.LinearAlgebra;

namespace Glassbox;

/// <summary>
/// Dense float64 linear algebra on 2-D tensors — Glassbox's <c>torch.linalg</c> / <c>numpy.linalg</c>.
/// Thin wrappers that validate shapes and call the span kernels in <see cref="Glassbox.LinearAlgebra"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Dtypes.</b> Inputs may be float64, float32, int64 or bool; the computation always runs in float64.
/// Results are float32 when every tensor input is float32 (as torch keeps the dtype) and float64 otherwise.
/// </para>
/// <para>
/// <b>Autograd.</b> These functions are not differentiable: results never require grad and no graph is recorded.
/// </para>
/// <para>
/// <b>Naming.</b> The class lives in namespace <c>Glassbox</c> next to <see cref="Tensor"/>, so call sites read
/// <c>Linalg.Svd(x)</c> with no extra using. The kernels live in <c>Glassbox.LinearAlgebra</c>, a different name on
/// purpose: a namespace <c>Glassbox.Linalg</c> would shadow this class for all code inside <c>namespace Glassbox.*</c>.
/// </para>
/// <para>
/// Errors: a wrong shape throws <see cref="ArgumentException"/> naming the function and the shape; a numerical
/// failure (not positive definite, singular, no convergence) throws <see cref="LinAlgException"/>.
/// </para>
/// </remarks>
public static partial class Linalg
{
    /// <summary>
    /// Cholesky factor L (lower triangular, positive diagonal) with A = L·Lᵀ of a symmetric positive-definite n×n
    /// matrix (<c>torch.linalg.cholesky</c>). Only the lower triangle of A is read. Throws
    /// <see cref="LinAlgException"/> naming the first pivot i at which the leading (i+1)×(i+1) minor is not positive definite.
    /// </summary>
    public static Tensor Cholesky(Tensor a)
    {
        var (data, n, _) = Square(a, "Cholesky");
        int fail = LinearAlgebra.Cholesky.Factor(data, n, data, n, n);
        if (fail >= 0)
            throw new LinAlgException($"Cholesky: the matrix is not positive definite (pivot {fail} of {n}: the leading minor of order {fail + 1} is not positive definite)");
        return Wrap(data, OutType(a), n, n);
    }

    /// <summary>
    /// QR decomposition A = Q·R by Householder reflections (<c>torch.linalg.qr</c>, <c>numpy.linalg.qr</c>).
    /// Reduced (default): for A m×n and k = min(m, n), Q is m×k with orthonormal columns and R is k×n upper
    /// triangular. <paramref name="complete"/>: Q is m×m orthogonal and R is m×n. Sign convention as LAPACK
    /// (R's diagonal entries are −sign(pivot column head)·norm, so they can be negative); see <see cref="HouseholderQr"/>.
    /// </summary>
    public static (Tensor Q, Tensor R) Qr(Tensor a, bool complete = false)
    {
        var (data, m, n) = Matrix(a, "Qr");
        int k = Math.Min(m, n);
        var tau = new double[k];
        HouseholderQr.Factor(data, n, m, n, tau);
        int qCols = complete ? m : k, rRows = complete ? m : k;
        var q = new double[m * qCols];
        HouseholderQr.FormQ(q, qCols, m, qCols, data, n, k, tau);
        var r = new double[rRows * n];
        for (int i = 0; i < Math.Min(rRows, m); i++)
            for (int j = i; j < n; j++) r[i * n + j] = data[i * n + j];
        var dt = OutType(a);
        return (Wrap(q, dt, m, qCols), Wrap(r, dt, rRows, n));
    }

    /// <summary>
    /// Singular value decomposition A = U·diag(S)·Vh (<c>torch.linalg.svd</c>, <c>numpy.linalg.svd</c>) by QR-preconditioned
    /// one-sided Jacobi (see <see cref="LinearAlgebra.Svd"/>). For A m×n and k = min(m, n): S has k entries, descending;
    /// reduced (default) U is m×k and Vh is k×n; with <paramref name="fullMatrices"/> U is m×m and Vh is n×n.
    /// Sign convention: the largest-magnitude entry of each row of Vh is positive (U's columns flipped to match).
    /// Note numpy's default is full_matrices=True; torch's is also True; here the default is the reduced form,
    /// which is what estimators (PCA, lstsq) want.
    /// </summary>
    public static (Tensor U, Tensor S, Tensor Vh) Svd(Tensor a, bool fullMatrices = false)
    {
        var (data, m, n) = Matrix(a, "Svd");
        RequireFinite(data, "Svd", a);
        int k = Math.Min(m, n), uCols = fullMatrices ? m : k, vhRows = fullMatrices ? n : k;
        var u = new double[m * uCols];
        var s = new double[k];
        var vh = new double[vhRows * n];
        LinearAlgebra.Svd.Decompose(u, uCols, s, vh, n, data, n, m, n, fullMatrices);
        var dt = OutType(a);
        return (Wrap(u, dt, m, uCols), Wrap(s, dt, k), Wrap(vh, dt, vhRows, n));
    }

    /// <summary>The singular values of A, descending, without computing U or Vh (<c>torch.linalg.svdvals</c>).</summary>
    public static Tensor Svdvals(Tensor a)
    {
        var (data, m, n) = Matrix(a, "Svdvals");
        RequireFinite(data, "Svdvals", a);
        var s = new double[Math.Min(m, n)];
        LinearAlgebra.Svd.Decompose([], 0, s, [], 0, data, n, m, n, computeUV: false);
        return Wrap(s, OutType(a), s.Length);
    }

    /// <summary>
    /// Eigenvalues (ascending) and eigenvectors (the columns of the second result, orthonormal) of a symmetric
    /// n×n matrix (<c>torch.linalg.eigh</c>, <c>numpy.linalg.eigh</c>): Householder tridiagonalization + implicit
    /// QL (see <see cref="SymmetricEigen"/>). Only the lower triangle is read. Sign convention: the
    /// largest-magnitude entry of each eigenvector is positive.
    /// </summary>
    public static (Tensor Eigenvalues, Tensor Eigenvectors) Eigh(Tensor a)
    {
        var (data, n, _) = Square(a, "Eigh");
        RequireFinite(data, "Eigh", a);
        var w = new double[n];
        var v = new double[n * n];
        SymmetricEigen.Decompose(w, v, n, data, n, n);
        var dt = OutType(a);
        return (Wrap(w, dt, n), Wrap(v, dt, n, n));
    }

    /// <summary>Eigenvalues (ascending) of a symmetric matrix, without eigenvectors (<c>torch.linalg.eigvalsh</c>).</summary>
    public static Tensor Eigvalsh(Tensor a)
    {
        var (data, n, _) = Square(a, "Eigvalsh");
        RequireFinite(data, "Eigvalsh", a);
        var w = new double[n];
        SymmetricEigen.Decompose(w, [], 0, data, n, n, computeVectors: false);
        return Wrap(w, OutType(a), n);
    }

    internal static (double[] Data, int M, int N) Matrix(Tensor a, string op)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.NDim != 2)
            throw new ArgumentException($"{op}: expected a 2-D matrix, got a tensor of shape {ShapeUtil.Format(a.ShapeArray)}");
        return (a.ToDoubleArray(), a.shape[0], a.shape[1]);
    }

    internal static (double[] Data, int N, int N2) Square(Tensor a, string op)
    {
        var (data, m, n) = Matrix(a, op);
        if (m != n)
            throw new ArgumentException($"{op}: expected a square matrix, got shape {ShapeUtil.Format(a.ShapeArray)}");
        return (data, n, n);
    }

    internal static void RequireFinite(double[] data, string op, Tensor a)
    {
        foreach (var v in data)
            if (!double.IsFinite(v))
                throw new ArgumentException($"{op}: the input of shape {ShapeUtil.Format(a.ShapeArray)} contains NaN or infinity");
    }

    /// <summary>Float32 when every input is float32, else float64.</summary>
    internal static DType OutType(params Tensor[] inputs) => inputs.All(t => t.DType == DType.Float32) ? DType.Float32 : DType.Float64;

    internal static Tensor Wrap(double[] data, DType dtype, params int[] shape)
    {
        var t = new Tensor(new Storage(data), 0, shape, ShapeUtil.ContiguousStrides(shape), DType.Float64);
        return dtype == DType.Float64 ? t : t.To(dtype);
    }
}
