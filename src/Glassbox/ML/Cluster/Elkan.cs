using System.Numerics.Tensors;
using Glassbox.Kernels;

namespace Glassbox.ML.Cluster;

/// <summary>
/// One run of Elkan's k-means from given centres (Elkan 2003, "Using the triangle inequality to accelerate k-means";
/// sklearn 1.2's <c>_kmeans_single_elkan</c> with <c>init_bounds_dense</c> / <c>elkan_iter_chunked_dense</c>): the
/// same iterations as <see cref="Lloyd"/>, skipping the point–centre distances the triangle inequality proves cannot
/// change an assignment.
/// </summary>
/// <remarks>
/// <para>
/// Per point i it keeps an upper bound uᵢ ≥ ‖xᵢ − c_{ℓ(i)}‖ and lower bounds l_{ij} ≤ ‖xᵢ − c_j‖ for every centre; per
/// centre pair the half distance s(c, c') = ½‖c − c'‖ and per centre s(c) = min_{c'≠c} s(c, c'). Since
/// ‖x − c'‖ ≥ ‖c − c'‖ − ‖x − c‖, a centre c' can only win when uᵢ &gt; s(ℓ(i), c') and uᵢ &gt; l_{ij}; when
/// uᵢ ≤ s(ℓ(i)) no centre can, and the point is not looked at. Otherwise uᵢ is tightened once to the exact distance and
/// each remaining candidate whose test still passes (sklearn's form: uᵢ &gt; l_{ij} <i>or</i> uᵢ &gt; s(ℓ(i), c'))
/// gets its distance computed, which becomes l_{ij}; a strictly smaller distance moves the point (so a tie keeps the
/// current centre, where Lloyd's argmin takes the lower index). After the update each centre moved by δ_j:
/// uᵢ += δ_{ℓ(i)}, l_{ij} ← max(0, l_{ij} − δ_j) keep the bounds valid.
/// </para>
/// <para>
/// Distances are direct, √Σ(x − c)² (sklearn's <c>_euclidean_dense_dense</c>), not the ‖x‖² − 2x·c + ‖c‖² expansion
/// Lloyd compares by; both choose the nearest centre, so they agree except on ties to rounding. Everything else is
/// Lloyd's: the first assignment (<c>init_bounds</c>: centre 0, then each centre the half-distance test does not
/// exclude, lowest index on ties), the per-block cluster sums added in block order (bit-identical centres for
/// identical labels), the empty-cluster relocation (<see cref="Lloyd.Finish"/>, which sklearn's elkan also runs),
/// strict convergence on unchanged labels, the tolerance on Σ_j δ_j² (sklearn squares the per-centre distances), a
/// final bound-pruned assignment without update when not strictly converged, and the (weighted) inertia by direct
/// differences.
/// </para>
/// </remarks>
internal static class Elkan
{
    /// <summary>
    /// Iterates from <paramref name="init"/> [k, d] (not modified) as <see cref="Lloyd.Run"/> does and returns the same
    /// tuple; <paramref name="distances"/> counts the point–centre distances computed (Lloyd computes n·k per pass).
    /// </summary>
    public static (int[] Labels, double[] Centers, double Inertia, int NIter) Run(double[] x, int n, int d, double[] init, int k, int maxIter,
        double tol, double[]? w, out long distances)
    {
        var s = new State(x, n, d, k, w) { Centers = init.ToArray() };
        HalfDistances(s.Centers, k, d, s.Half, s.Next);
        InitBounds(s);
        var labelsOld = new int[n];
        Array.Fill(labelsOld, -1);
        bool strict = false;
        int i = 0;
        for (; i < maxIter; i++)
        {
            Iterate(s, update: true);
            HalfDistances(s.CentersNew, k, d, s.Half, s.Next);
            (s.Centers, s.CentersNew) = (s.CentersNew, s.Centers);
            if (s.Labels.AsSpan().SequenceEqual(labelsOld)) { strict = true; break; }
            double shiftTotal = 0;
            foreach (var v in s.Shift) shiftTotal += v * v;
            if (shiftTotal <= tol) break;
            s.Labels.AsSpan().CopyTo(labelsOld);
        }
        if (i == maxIter) i = maxIter - 1;
        // without strict convergence the last update moved the centres after the labels were computed: one more
        // (pruned) assignment against the returned centres, as sklearn's elkan_iter(update_centers=False)
        if (!strict) Iterate(s, update: false);
        distances = s.Evaluations.Sum();
        return (s.Labels, s.Centers, KMeansMath.Inertia(x, n, d, s.Centers, s.Labels, w), i + 1);
    }

    /// <summary>The arrays of one run: bounds [n] and [n, k], half distances [k, k], per-block sums and counters.</summary>
    private sealed class State(double[] x, int n, int d, int k, double[]? w)
    {
        public readonly double[] X = x;
        public readonly int N = n, D = d, K = k;
        public readonly double[]? W = w;
        public double[] Centers = [];
        public double[] CentersNew = new double[k * d];
        public readonly int[] Labels = new int[n];
        public readonly double[] Upper = new double[n];
        public readonly double[] Lower = new double[checked(n * k)];
        public readonly double[] Half = new double[k * k];
        public readonly double[] Next = new double[k];
        public readonly double[] Shift = new double[k];
        public readonly double[] Counts = new double[k];
        public readonly int Blocks = (n + Lloyd.SumBlock - 1) / Lloyd.SumBlock;
        public readonly double[] Partial = new double[(long)((n + Lloyd.SumBlock - 1) / Lloyd.SumBlock) * k * d];
        public readonly double[] PartialCounts = new double[(n + Lloyd.SumBlock - 1) / Lloyd.SumBlock * k];
        public readonly long[] Evaluations = new long[(n + Lloyd.SumBlock - 1) / Lloyd.SumBlock];
    }

    /// <summary>‖a − b‖ by direct differences.</summary>
    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TensorPrimitives.Distance(a, b);

    /// <summary>
    /// half[c, c'] = ½‖c − c'‖ and next[c] = min_{c'≠c} half[c, c'] (sklearn's <c>euclidean_distances(centers) / 2</c> and
    /// <c>np.partition(..., kth=1, axis=0)[1]</c>); next = +∞ for a single centre, which then never needs a look.
    /// </summary>
    private static void HalfDistances(double[] centers, int k, int d, double[] half, double[] next)
    {
        for (int a = 0; a < k; a++)
        {
            half[a * k + a] = 0;
            for (int b = a + 1; b < k; b++)
                half[a * k + b] = half[b * k + a] = 0.5 * Distance(centers.AsSpan(a * d, d), centers.AsSpan(b * d, d));
        }
        for (int a = 0; a < k; a++)
        {
            double m = double.PositiveInfinity;
            for (int b = 0; b < k; b++) if (b != a && half[a * k + b] < m) m = half[a * k + b];
            next[a] = m;
        }
    }

    /// <summary>
    /// <c>init_bounds_dense</c>: each point against centre 0, then against each centre j with
    /// uᵢ &gt; half[best, j]; the computed distances are the first lower bounds (the others stay 0).
    /// </summary>
    private static void InitBounds(State s)
    {
        int d = s.D, k = s.K;
        Par.For(s.Blocks, 1, (b0, nb) =>
        {
            for (int b = b0; b < b0 + nb; b++)
            {
                long evals = 0;
                for (int i = b * Lloyd.SumBlock, end = Math.Min(s.N, i + Lloyd.SumBlock); i < end; i++)
                {
                    var row = s.X.AsSpan(i * d, d);
                    var lb = s.Lower.AsSpan(i * k, k);
                    int best = 0;
                    double min = Distance(row, s.Centers.AsSpan(0, d));
                    evals++;
                    lb[0] = min;
                    for (int j = 1; j < k; j++)
                    {
                        if (!(min > s.Half[best * k + j])) continue;
                        double dist = Distance(row, s.Centers.AsSpan(j * d, d));
                        evals++;
                        lb[j] = dist;
                        if (dist < min) { min = dist; best = j; }
                    }
                    s.Labels[i] = best;
                    s.Upper[i] = min;
                }
                s.Evaluations[b] += evals;
            }
        });
    }

    /// <summary>
    /// One bound-pruned assignment against <c>s.Centers</c> (<c>_update_chunk_dense</c>); with
    /// <paramref name="update"/> also the cluster sums (per block, as Lloyd), relocation and division into
    /// <c>s.CentersNew</c>, the centre shifts δ_j and the bound updates.
    /// </summary>
    private static void Iterate(State s, bool update)
    {
        int d = s.D, k = s.K;
        var centers = s.Centers;
        var sw = s.W;
        Par.For(s.Blocks, 1, (b0, nb) =>
        {
            for (int b = b0; b < b0 + nb; b++)
            {
                var ps = s.Partial.AsSpan(b * k * d, k * d);
                var pc = s.PartialCounts.AsSpan(b * k, k);
                ps.Clear();
                pc.Clear();
                long evals = 0;
                for (int i = b * Lloyd.SumBlock, end = Math.Min(s.N, i + Lloyd.SumBlock); i < end; i++)
                {
                    var row = s.X.AsSpan(i * d, d);
                    int label = s.Labels[i];
                    double ub = s.Upper[i];
                    if (!(s.Next[label] >= ub))
                    {
                        var lb = s.Lower.AsSpan(i * k, k);
                        bool tight = false;
                        for (int j = 0; j < k; j++)
                        {
                            if (j == label || !(ub > lb[j]) || !(ub > s.Half[label * k + j])) continue;
                            if (!tight)
                            {
                                ub = Distance(row, centers.AsSpan(label * d, d));
                                evals++;
                                lb[label] = ub;
                                tight = true;
                            }
                            if (ub > lb[j] || ub > s.Half[label * k + j])
                            {
                                double dist = Distance(row, centers.AsSpan(j * d, d));
                                evals++;
                                lb[j] = dist;
                                if (dist < ub) { label = j; ub = dist; }
                            }
                        }
                        s.Labels[i] = label;
                        s.Upper[i] = ub;
                    }
                    if (!update) continue;
                    var dst = ps.Slice(label * d, d);
                    if (sw is null)
                    {
                        pc[label] += 1;
                        TensorPrimitives.Add(dst, row, dst);
                    }
                    else
                    {
                        pc[label] += sw[i];
                        TensorPrimitives.MultiplyAdd(row, sw[i], dst, dst);
                    }
                }
                s.Evaluations[b] += evals;
            }
        });
        if (!update) return;
        s.Partial.AsSpan(0, k * d).CopyTo(s.CentersNew);
        s.PartialCounts.AsSpan(0, k).CopyTo(s.Counts);
        for (int b = 1; b < s.Blocks; b++)
        {
            TensorPrimitives.Add(s.CentersNew, s.Partial.AsSpan(b * k * d, k * d), s.CentersNew);
            TensorPrimitives.Add(s.Counts, s.PartialCounts.AsSpan(b * k, k), s.Counts);
        }
        Lloyd.Finish(s.CentersNew, s.Counts, s.X, s.N, d, centers, k, s.Labels, sw);
        for (int c = 0; c < k; c++) s.Shift[c] = Distance(s.CentersNew.AsSpan(c * d, d), centers.AsSpan(c * d, d));
        Par.For(s.N, 1024, (start, len) =>
        {
            for (int i = start; i < start + len; i++)
            {
                s.Upper[i] += s.Shift[s.Labels[i]];
                var lb = s.Lower.AsSpan(i * k, k);
                for (int j = 0; j < k; j++)
                {
                    double v = lb[j] - s.Shift[j];
                    lb[j] = v < 0 ? 0 : v;
                }
            }
        });
    }
}
