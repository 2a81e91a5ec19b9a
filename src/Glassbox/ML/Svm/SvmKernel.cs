using System.Numerics.Tensors;
using Glassbox.Kernels;

namespace Glassbox.ML.Svm;

/// <summary>
/// The kernels of libsvm (<c>kernel</c> in sklearn's SVC/SVR): linear x·z, poly (γ x·z + coef0)^degree,
/// rbf exp(−γ‖x − z‖²), sigmoid tanh(γ x·z + coef0), evaluated over row-major float64 matrices.
/// </summary>
/// <remarks>
/// RBF uses ‖x − z‖² = ‖x‖² + ‖z‖² − 2x·z with precomputed squared norms (libsvm's <c>kernel_rbf</c> does the
/// same), so a kernel row K(i, ·) is one matrix–vector product: every entry is a vectorised dot product.
/// </remarks>
internal sealed class SvmKernel
{
    public readonly Kernel Type;
    public readonly int Degree;
    public readonly double Gamma, Coef0;

    public SvmKernel(Kernel type, int degree, double gamma, double coef0)
    {
        Type = type; Degree = degree; Gamma = gamma; Coef0 = coef0;
    }

    /// <summary>K from the dot product x·z and the squared norms (the latter only matter for rbf).</summary>
    public double FromDot(double dot, double nx, double nz) => Type switch
    {
        Kernel.Linear => dot,
        Kernel.Poly => PowInt(Gamma * dot + Coef0, Degree),
        Kernel.Rbf => Math.Exp(-Gamma * (nx + nz - 2 * dot)),
        _ => Math.Tanh(Gamma * dot + Coef0),
    };

    /// <summary>libsvm's <c>powi</c>: base^n by repeated squaring (exact for small n, like libsvm).</summary>
    private static double PowInt(double b, int n)
    {
        double tmp = b, ret = 1.0;
        for (int t = n; t > 0; t /= 2)
        {
            if (t % 2 == 1) ret *= tmp;
            tmp *= tmp;
        }
        return ret;
    }

    /// <summary>Squared norms ‖xᵢ‖² of the rows.</summary>
    public static double[] SquaredNorms(double[] x, int n, int d)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++) { var row = x.AsSpan(i * d, d); r[i] = TensorPrimitives.Dot<double>(row, row); }
        return r;
    }

    /// <summary>
    /// K(A, B) [na, nb] for row-major A [na, d] and B [nb, d] with their squared norms; rows of A in parallel.
    /// Used for predictions (samples × support vectors).
    /// </summary>
    public double[] Matrix(double[] a, int na, double[] an, double[] b, int nb, double[] bn, int d)
    {
        var r = new double[na * nb];
        Par.For(na, Math.Max(1, 4096 / Math.Max(1, nb)), (s, len) =>
        {
            for (int i = s; i < s + len; i++)
            {
                var xi = a.AsSpan(i * d, d);
                for (int j = 0; j < nb; j++) r[i * nb + j] = FromDot(TensorPrimitives.Dot<double>(xi, b.AsSpan(j * d, d)), an[i], bn[j]);
            }
        });
        return r;
    }
}
