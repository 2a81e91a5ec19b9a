using Glassbox.LinearAlgebra;

namespace Glassbox;

// Solvers built on LU and the SVD: solve, inv, det, slogdet, lstsq, pinv.
public static partial class Linalg
{
    /// <summary>
    /// Solves A·X = B for a square non-singular A (<c>torch.linalg.solve</c>, <c>numpy.linalg.solve</c>) by LU with
    /// partial pivoting. <paramref name="b"/> is a vector of length n (result: length n) or an n×k matrix (result: n×k).
    /// Throws <see cref="LinAlgException"/> when a pivot is exactly zero (singular A), naming the step.
    /// </summary>
    public static Tensor Solve(Tensor a, Tensor b)
    {
        var (lu, n, _) = Square(a, "Solve");
        ArgumentNullException.ThrowIfNull(b);
        if (b.NDim is not (1 or 2) || b.shape[0] != n)
            throw new ArgumentException($"Solve: b must have shape [{n}] or [{n}, k] to match A of shape {ShapeUtil.Format(a.ShapeArray)}, got {ShapeUtil.Format(b.ShapeArray)}");
        int nrhs = b.NDim == 1 ? 1 : b.shape[1];
        var x = b.ToDoubleArray();
        var piv = new int[n];
        FactorOrThrow(lu, n, piv, "Solve");
        Lu.Solve(lu, n, n, piv, x, nrhs, nrhs);
        return Wrap(x, OutType(a, b), b.ShapeToArray());
    }

    /// <summary>
    /// The inverse of a square non-singular matrix (<c>torch.linalg.inv</c>, <c>numpy.linalg.inv</c>): LU with partial
    /// pivoting, then n solves against the identity. Throws <see cref="LinAlgException"/> for an exactly singular matrix.
    /// Prefer <see cref="Solve"/> for A⁻¹·b: it is cheaper and more accurate.
    /// </summary>
    public static Tensor Inv(Tensor a)
    {
        var (lu, n, _) = Square(a, "Inv");
        var piv = new int[n];
        FactorOrThrow(lu, n, piv, "Inv");
        var x = new double[n * n];
        for (int i = 0; i < n; i++) x[i * n + i] = 1;
        Lu.Solve(lu, n, n, piv, x, n, n);
        return Wrap(x, OutType(a), n, n);
    }

    /// <summary>
    /// The determinant (<c>torch.linalg.det</c>, <c>numpy.linalg.det</c>): product of the LU pivots times
    /// (−1)^(row swaps). 0 for a singular matrix (no error); 1 for a 0×0 matrix. Returns a 0-d tensor.
    /// </summary>
    public static Tensor Det(Tensor a)
    {
        var (lu, n, _) = Square(a, "Det");
        var piv = new int[n];
        Lu.Factor(lu, n, n, piv);
        return Wrap([Lu.Determinant(lu, n, n, piv)], OutType(a));
    }

    /// <summary>
    /// Sign and natural log of |det A| (<c>torch.linalg.slogdet</c>, <c>numpy.linalg.slogdet</c>), safe from the
    /// overflow/underflow of <see cref="Det"/> for large matrices. A singular matrix gives (0, −∞).
    /// </summary>
    public static (double Sign, double LogAbsDet) Slogdet(Tensor a)
    {
        var (lu, n, _) = Square(a, "Slogdet");
        var piv = new int[n];
        Lu.Factor(lu, n, n, piv);
        return Lu.LogDeterminant(lu, n, n, piv);
    }

    /// <summary>
    /// Minimum-norm least-squares solution of A·x ≈ b (<c>numpy.linalg.lstsq</c>, <c>torch.linalg.lstsq</c> with
    /// driver 'gelsd'), through the SVD (see <see cref="LeastSquares"/>). A is m×n; b has length m or shape m×k.
    /// Singular values ≤ <paramref name="rcond"/>·σ_max count as zero; the default (null) is numpy's ε·max(m, n).
    /// Residuals are as numpy's: the squared 2-norm of b − A·x per column (shape [k], or [1] for a vector b) when
    /// A has full column rank n and m &gt; n, else an empty tensor.
    /// </summary>
    public static (Tensor Solution, Tensor Residuals, int Rank, Tensor SingularValues) Lstsq(Tensor a, Tensor b, double? rcond = null)
    {
        var (data, m, n) = Matrix(a, "Lstsq");
        ArgumentNullException.ThrowIfNull(b);
        if (b.NDim is not (1 or 2) || b.shape[0] != m)
            throw new ArgumentException($"Lstsq: b must have shape [{m}] or [{m}, k] to match A of shape {ShapeUtil.Format(a.ShapeArray)}, got {ShapeUtil.Format(b.ShapeArray)}");
        RequireFinite(data, "Lstsq", a);
        int nrhs = b.NDim == 1 ? 1 : b.shape[1];
        var bd = b.ToDoubleArray();
        var x = new double[n * nrhs];
        var s = new double[Math.Min(m, n)];
        int rank = LeastSquares.Solve(x, nrhs, s, data, n, m, n, bd, nrhs, nrhs, rcond ?? LeastSquares.DefaultRcond(m, n));

        double[] res = [];
        if (rank == n && m > n)
        {
            res = new double[nrhs];
            for (int i = 0; i < m; i++)
                for (int c = 0; c < nrhs; c++)
                {
                    double r = bd[i * nrhs + c];
                    for (int j = 0; j < n; j++) r -= data[i * n + j] * x[j * nrhs + c];
                    res[c] += r * r;
                }
        }
        var dt = OutType(a, b);
        var xShape = b.NDim == 1 ? new[] { n } : [n, nrhs];
        return (Wrap(x, dt, xShape), Wrap(res, dt, res.Length), rank, Wrap(s, dt, s.Length));
    }

    /// <summary>
    /// Moore–Penrose pseudo-inverse A⁺ (n×m for A m×n) through the SVD (<c>numpy.linalg.pinv</c>,
    /// <c>torch.linalg.pinv</c>): singular values ≤ <paramref name="rcond"/>·σ_max are treated as zero
    /// (numpy's default rcond = 1e-15).
    /// </summary>
    public static Tensor Pinv(Tensor a, double rcond = 1e-15)
    {
        var (data, m, n) = Matrix(a, "Pinv");
        RequireFinite(data, "Pinv", a);
        var p = new double[n * m];
        LeastSquares.PseudoInverse(p, m, data, n, m, n, rcond);
        return Wrap(p, OutType(a), n, m);
    }

    private static void FactorOrThrow(double[] lu, int n, int[] piv, string op)
    {
        int k = Lu.Factor(lu, n, n, piv);
        if (k >= 0)
            throw new LinAlgException($"{op}: the {n}×{n} matrix is singular (LU pivot {k} is exactly zero)");
    }
}
