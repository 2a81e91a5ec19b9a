using System.Numerics.Tensors;

namespace Glassbox.ML.Optimization;

/// <summary>
/// Cyclic coordinate descent for the elastic net, the algorithm of sklearn's <c>cd_fast.enet_coordinate_descent</c>
/// (Friedman, Hastie &amp; Tibshirani, 2010).
/// </summary>
/// <remarks>
/// <para>
/// Minimises ½‖y − Xw‖² + λ₁‖w‖₁ + ½λ₂‖w‖² (sklearn's objective multiplied by n: λ₁ = n·α·ρ, λ₂ = n·α·(1 − ρ)).
/// Coordinate j, with the residual R = y − Xw kept up to date, moves to the exact 1-D minimiser
/// wⱼ = S(Xⱼᵀ(R + wⱼXⱼ), λ₁) / (‖Xⱼ‖² + λ₂) with soft-thresholding S(z, t) = sign(z)·max(|z| − t, 0).
/// </para>
/// <para>
/// Stopping, as sklearn: after a sweep whose largest update is below tol·max|w|, compute the duality gap between
/// the primal objective at w and the dual objective at ν = s·R, the residual scaled into the dual feasible set
/// ‖Xᵀν − λ₂w‖∞ ≤ λ₁, and stop when gap &lt; tol·‖y‖². The gap bounds the objective's distance to the optimum, so
/// it is a certificate, not a heuristic.
/// </para>
/// <para>X is stored column-major (each feature contiguous) because every step reads one column.</para>
/// </remarks>
internal static class CoordinateDescent
{
    public static (double[] W, int NIter, double Gap) Run(double[] xColMajor, double[] y, int n, int p, double l1, double l2, int maxIter, double tol)
    {
        var w = new double[p];
        var r = (double[])y.Clone();
        var norms = new double[p];
        for (int j = 0; j < p; j++) { var c = Col(xColMajor, j, n); norms[j] = TensorPrimitives.Dot(c, c); }
        double gapTol = tol * TensorPrimitives.Dot(y, y);
        double gap = double.PositiveInfinity;
        int iter = 0;
        for (iter = 0; iter < maxIter; iter++)
        {
            double wMax = 0, dwMax = 0;
            for (int j = 0; j < p; j++)
            {
                if (norms[j] == 0) continue;
                var c = Col(xColMajor, j, n);
                double old = w[j];
                if (old != 0) Axpy(old, c, r);
                double tmp = TensorPrimitives.Dot(c, r);
                double nw = Math.Sign(tmp) * Math.Max(Math.Abs(tmp) - l1, 0) / (norms[j] + l2);
                w[j] = nw;
                if (nw != 0) Axpy(-nw, c, r);
                dwMax = Math.Max(dwMax, Math.Abs(nw - old));
                wMax = Math.Max(wMax, Math.Abs(nw));
            }
            if (wMax == 0 || dwMax / wMax < tol || iter == maxIter - 1)
            {
                gap = DualityGap(xColMajor, y, r, w, n, p, l1, l2);
                if (gap < gapTol) { iter++; break; }
            }
        }
        return (w, Math.Min(iter, maxIter), gap);
    }

    /// <summary>
    /// Gap between the primal objective at w and the dual objective at the scaled residual: with
    /// XtA = XᵀR − λ₂w and s = min(1, λ₁/‖XtA‖∞), gap = ½‖R‖²(1 + s²) + λ₁‖w‖₁ − s·Rᵀy + ½λ₂(1 + s²)‖w‖².
    /// </summary>
    private static double DualityGap(double[] x, double[] y, double[] r, double[] w, int n, int p, double l1, double l2)
    {
        double dualNorm = 0;
        for (int j = 0; j < p; j++) dualNorm = Math.Max(dualNorm, Math.Abs(TensorPrimitives.Dot(Col(x, j, n), r) - l2 * w[j]));
        double rNorm2 = TensorPrimitives.Dot(r, r), wNorm2 = TensorPrimitives.Dot(w, w);
        double s, gap;
        if (dualNorm > l1) { s = l1 / dualNorm; gap = 0.5 * (rNorm2 + rNorm2 * s * s); }
        else { s = 1; gap = rNorm2; }
        double l1Norm = 0;
        foreach (var v in w) l1Norm += Math.Abs(v);
        return gap + l1 * l1Norm - s * TensorPrimitives.Dot(r, y) + 0.5 * l2 * (1 + s * s) * wNorm2;
    }

    private static ReadOnlySpan<double> Col(double[] x, int j, int n) => x.AsSpan(j * n, n);

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y) =>
        TensorPrimitives.MultiplyAdd(x, a, y, y); // y += a·x, vectorised

    /// <summary>
    /// Column-major copy of a row-major n×p matrix with <paramref name="mean"/> subtracted from each column (centring
    /// and transposing in one pass). Rows are taken in blocks of 32 so the 32 writes into each column land in the same
    /// cache lines instead of striding through memory once per element.
    /// </summary>
    public static double[] CenteredColumnMajor(ReadOnlySpan<double> a, int n, int p, double[] mean)
    {
        var t = new double[n * p];
        const int block = 32;
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int i1 = Math.Min(n, i0 + block);
            for (int j = 0; j < p; j++)
            {
                double m = mean[j];
                int col = j * n;
                for (int i = i0; i < i1; i++) t[col + i] = a[i * p + j] - m;
            }
        }
        return t;
    }
}
