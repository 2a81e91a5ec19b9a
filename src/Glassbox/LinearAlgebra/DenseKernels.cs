using System.Numerics;
using System.Runtime.InteropServices;
using Glassbox.Kernels;

namespace Glassbox.LinearAlgebra;

/// <summary>
/// Row-major dense kernels for the decompositions (PCA, <see cref="RandomizedEigen"/>): the centred Gram matrix
/// X̃ᵀX̃ (a blocked SYRK), and the products X̃·Vᵀ and A·B for thin B; the level-1 work is <see cref="VectorOps"/>.
/// Spans, outputs first; each optimized kernel keeps a naive
/// reference next to it for the tests.
/// </summary>
internal static class DenseKernels
{
    private const int RowBlock = 192; // rows per packed panel: f×192 doubles ≈ 1.2 MB for f = 784 (fits L2/L3 slice)

    /// <summary>
    /// G = (X − 1μᵀ)ᵀ(X − 1μᵀ), f×f with both triangles filled, for the n×f row-major X (BLAS <c>dsyrk</c> on the
    /// centred data, without materialising it). Rows are centred and packed feature-major into a panel of
    /// <see cref="RowBlock"/> rows, then a 4×4 register-blocked micro-kernel takes dot products along the panel;
    /// only blocks on or above the diagonal are computed. Row ranges run in parallel into private accumulators.
    /// Cost n·f² flops (half of a general GEMM).
    /// </summary>
    public static double[] CentredGram(double[] x, int n, int f, double[] mean)
    {
        var g = new double[f * f];
        if (n == 0 || f == 0) return g;
        var gate = new object();
        int fp = (f + 3) & ~3; // pad features to the 4×4 tile; padded rows of the panel stay zero
        Par.For(n, RowBlock, (start, len) =>
        {
            var local = new double[fp * fp];
            var panel = new double[fp * RowBlock];
            for (int r0 = start; r0 < start + len; r0 += RowBlock)
            {
                int rows = Math.Min(RowBlock, start + len - r0);
                if (rows < RowBlock) Array.Clear(panel);
                for (int i = 0; i < rows; i++)
                {
                    var row = x.AsSpan((r0 + i) * f, f);
                    for (int j = 0; j < f; j++) panel[j * RowBlock + i] = row[j] - mean[j];
                }
                GramPanel(local, fp, panel);
            }
            lock (gate)
                for (int j = 0; j < f; j++)
                    for (int k = j; k < f; k++) g[j * f + k] += local[j * fp + k];
        });
        for (int j = 0; j < f; j++)
            for (int k = 0; k < j; k++) g[j * f + k] = g[k * f + j];
        return g;
    }

    /// <summary>Upper-triangle 4×4 tiles of panel·panelᵀ accumulated into g (fp×fp); the panel is fp rows of RowBlock.</summary>
    private static void GramPanel(double[] g, int fp, double[] panel)
    {
        var pv = MemoryMarshal.Cast<double, Vector<double>>(panel.AsSpan());
        int w = Vector<double>.Count, rv = RowBlock / w; // RowBlock is a multiple of every vector width
        for (int jb = 0; jb < fp; jb += 4)
        {
            int j0 = jb * rv, j1 = j0 + rv, j2 = j1 + rv, j3 = j2 + rv;
            for (int kb = jb; kb < fp; kb += 4)
            {
                int k0 = kb * rv, k1 = k0 + rv, k2 = k1 + rv, k3 = k2 + rv;
                Vector<double> c00 = default, c01 = default, c02 = default, c03 = default;
                Vector<double> c10 = default, c11 = default, c12 = default, c13 = default;
                Vector<double> c20 = default, c21 = default, c22 = default, c23 = default;
                Vector<double> c30 = default, c31 = default, c32 = default, c33 = default;
                for (int t = 0; t < rv; t++)
                {
                    var a0 = pv[j0 + t]; var a1 = pv[j1 + t]; var a2 = pv[j2 + t]; var a3 = pv[j3 + t];
                    var b0 = pv[k0 + t]; var b1 = pv[k1 + t]; var b2 = pv[k2 + t]; var b3 = pv[k3 + t];
                    c00 = Vector.FusedMultiplyAdd(a0, b0, c00); c01 = Vector.FusedMultiplyAdd(a0, b1, c01);
                    c02 = Vector.FusedMultiplyAdd(a0, b2, c02); c03 = Vector.FusedMultiplyAdd(a0, b3, c03);
                    c10 = Vector.FusedMultiplyAdd(a1, b0, c10); c11 = Vector.FusedMultiplyAdd(a1, b1, c11);
                    c12 = Vector.FusedMultiplyAdd(a1, b2, c12); c13 = Vector.FusedMultiplyAdd(a1, b3, c13);
                    c20 = Vector.FusedMultiplyAdd(a2, b0, c20); c21 = Vector.FusedMultiplyAdd(a2, b1, c21);
                    c22 = Vector.FusedMultiplyAdd(a2, b2, c22); c23 = Vector.FusedMultiplyAdd(a2, b3, c23);
                    c30 = Vector.FusedMultiplyAdd(a3, b0, c30); c31 = Vector.FusedMultiplyAdd(a3, b1, c31);
                    c32 = Vector.FusedMultiplyAdd(a3, b2, c32); c33 = Vector.FusedMultiplyAdd(a3, b3, c33);
                }
                int o = jb * fp + kb;
                g[o] += Vector.Sum(c00); g[o + 1] += Vector.Sum(c01); g[o + 2] += Vector.Sum(c02); g[o + 3] += Vector.Sum(c03);
                o += fp;
                g[o] += Vector.Sum(c10); g[o + 1] += Vector.Sum(c11); g[o + 2] += Vector.Sum(c12); g[o + 3] += Vector.Sum(c13);
                o += fp;
                g[o] += Vector.Sum(c20); g[o + 1] += Vector.Sum(c21); g[o + 2] += Vector.Sum(c22); g[o + 3] += Vector.Sum(c23);
                o += fp;
                g[o] += Vector.Sum(c30); g[o + 1] += Vector.Sum(c31); g[o + 2] += Vector.Sum(c32); g[o + 3] += Vector.Sum(c33);
            }
        }
    }

    /// <summary>Naive reference of <see cref="CentredGram(double[], int, int, double[])"/>: the triple loop.</summary>
    public static double[] CentredGramReference(double[] x, int n, int f, double[] mean)
    {
        var g = new double[f * f];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < f; j++)
                for (int k = 0; k < f; k++) g[j * f + k] += (x[i * f + j] - mean[j]) * (x[i * f + k] - mean[k]);
        return g;
    }

    /// <summary>
    /// out (n×k) = (X − 1μᵀ)·Wᵀ for the n×f row-major X and the k×f row-major W (one output per row and
    /// component: a dot product of two contiguous rows). Pass a zero mean for an uncentred product.
    /// </summary>
    public static void TimesTransposed(double[] output, double[] x, int n, int f, double[] mean, double[] w, int k)
    {
        double[] shift = new double[k]; // (x−μ)·w = x·w − μ·w: precompute μ·w once per component
        for (int c = 0; c < k; c++) shift[c] = VectorOps.Dot(mean, w.AsSpan(c * f, f));
        Par.For(n, Math.Max(1, 4096 / Math.Max(1, f * k / 256 + 1)), (start, len) =>
        {
            for (int i = start; i < start + len; i++)
            {
                var row = x.AsSpan(i * f, f);
                for (int c = 0; c < k; c++) output[i * k + c] = VectorOps.Dot(row, w.AsSpan(c * f, f)) - shift[c];
            }
        });
    }

    /// <summary>C (m×n) = A (m×k) · B (k×n), all row-major; rows of C in parallel, vectorized axpy over B's rows.</summary>
    public static double[] MatMul(double[] a, int m, int k, double[] b, int n)
    {
        var c = new double[m * n];
        Par.For(m, Math.Max(1, 8192 / Math.Max(1, k * n / 64 + 1)), (start, len) =>
        {
            for (int i = start; i < start + len; i++)
            {
                var ci = c.AsSpan(i * n, n);
                for (int p = 0; p < k; p++)
                {
                    double aip = a[i * k + p];
                    if (aip != 0) VectorOps.FusedAxpy(aip, b.AsSpan(p * n, n), ci);
                }
            }
        });
        return c;
    }
}
