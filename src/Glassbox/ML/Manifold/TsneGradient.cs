using Glassbox.Kernels;

namespace Glassbox.ML.Manifold;

/// <summary>
/// KL(P‖Q) and its gradient for the Student-t (one degree of freedom) embedding kernel
/// q_ij = w_ij / Z, w_ij = (1 + ‖y_i − y_j‖²)⁻¹, Z = Σ_{k≠l} w_kl:
/// ∂C/∂y_i = 4·Σ_j (p_ij − q_ij)·w_ij·(y_i − y_j)  (van der Maaten &amp; Hinton 2008, eq. 5).
/// </summary>
internal static class TsneGradient
{
    /// <summary>Exact O(n²) gradient (sklearn <c>_kl_divergence</c>); P dense n×n; returns KL, or NaN when
    /// <paramref name="computeError"/> is false.</summary>
    public static double Exact(double[] p, double[] y, int n, int d, double[] grad, bool computeError = true)
    {
        var w = new double[n * n];
        double z = 0;
        var zPart = new double[n];
        Par.For(n, 16, (s, len) =>
        {
            for (int i = s; i < s + len; i++)
            {
                double zi = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    double d2 = 0;
                    for (int t = 0; t < d; t++) { double a = y[i * d + t] - y[j * d + t]; d2 += a * a; }
                    double v = 1 / (1 + d2);
                    w[i * n + j] = v; zi += v;
                }
                zPart[i] = zi;
            }
        });
        z = zPart.Sum();
        var klPart = new double[n];
        Par.For(n, 16, (s, len) =>
        {
            for (int i = s; i < s + len; i++)
            {
                double kl = 0;
                var g = grad.AsSpan(i * d, d);
                g.Clear();
                for (int j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    double pij = p[i * n + j];
                    if (computeError)
                    {
                        double q = Math.Max(w[i * n + j] / z, TsneAffinities.MachineEpsilon);
                        kl += pij * Math.Log(Math.Max(pij, TsneAffinities.MachineEpsilon) / q);
                    }
                    double m = 4 * (pij - w[i * n + j] / z) * w[i * n + j];
                    for (int t = 0; t < d; t++) g[t] += m * (y[i * d + t] - y[j * d + t]);
                }
                klPart[i] = kl;
            }
        });
        return computeError ? klPart.Sum() : double.NaN;
    }

    /// <summary>
    /// Barnes–Hut gradient (van der Maaten 2014; sklearn <c>_barnes_hut_tsne.gradient</c>), 2-D only: attraction over
    /// the sparse P exactly, repulsion through the quadtree with opening angle θ; Z estimated by the same traversal.
    /// Returns the KL estimate over the non-zero p_ij (what sklearn reports for method="barnes_hut"), or NaN when
    /// <paramref name="computeError"/> is false.
    /// </summary>
    public static double BarnesHut(int[] rowStart, int[] cols, double[] vals, double[] y, int n, double theta, double[] grad,
        bool computeError = true)
    {
        var tree = new QuadTree(y, n);
        var negX = new double[n]; var negY = new double[n]; var zPart = new double[n];
        double theta2 = theta * theta;
        Par.For(n, 32, (s, len) =>
        {
            for (int i = s; i < s + len; i++)
            {
                zPart[i] = tree.Repulsion(i, y[2 * i], y[2 * i + 1], theta2, out var fx, out var fy);
                negX[i] = fx; negY[i] = fy;
            }
        });
        double z = Math.Max(zPart.Sum(), TsneAffinities.MachineEpsilon);
        var klPart = new double[n];
        Par.For(n, 64, (s, len) =>
        {
            for (int i = s; i < s + len; i++)
            {
                double px = 0, py = 0, kl = 0;
                for (int o = rowStart[i]; o < rowStart[i + 1]; o++)
                {
                    int j = cols[o];
                    double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy);
                    double pq = vals[o] * q;
                    px += pq * dx; py += pq * dy;
                    if (computeError)
                        kl += vals[o] * Math.Log(Math.Max(vals[o], TsneAffinities.MachineEpsilon) / Math.Max(q / z, TsneAffinities.MachineEpsilon));
                }
                grad[2 * i] = 4 * (px - negX[i] / z);
                grad[2 * i + 1] = 4 * (py - negY[i] / z);
                klPart[i] = kl;
            }
        });
        return computeError ? klPart.Sum() : double.NaN;
    }
}
