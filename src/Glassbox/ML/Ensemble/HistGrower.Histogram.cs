using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// The histogram kernels of <see cref="HistGrower"/>: building a node's histogram, the sibling by subtraction, and the
/// left-to-right split scan, each with a 256-bit vector path and a scalar path that give bit-identical results.
/// </summary>
/// <remarks>
/// <para>
/// Why the two paths agree to the bit: every vector operation here is lane-wise (one IEEE add, subtract, multiply,
/// divide or compare per lane, no fused multiply-add, no horizontal sum), and each lane sees the same operands in the
/// same order as the scalar code. Only summation order could change a histogram sum, and it is the same in both:
/// sequential over the node's rows (in node order) for a node below <see cref="PartialThreshold"/> rows, and two
/// interleaved partial sums (even and odd positions) added at the end for a larger one.
/// </para>
/// <para>
/// Why two partial histograms for large nodes: a run of rows in one bin (the all-zero pixels of an image) makes every
/// update read the cell the previous update has just written, so the loop runs at the store-to-load latency; two
/// tables halve that chain. Small nodes skip them because clearing and merging 2 × 256 cells per feature would cost
/// more than the rows.
/// </para>
/// </remarks>
internal sealed partial class HistGrower
{
    /// <summary>Nodes with at least this many rows accumulate into two partial histograms (see the remarks).</summary>
    internal const int PartialThreshold = 1024;

    /// <summary>Whether the kernels take the 256-bit vector path (the default where the hardware accelerates it); the
    /// scalar path computes the same values and is what a machine without 256-bit vectors runs.</summary>
    internal bool Vectorized { get; init; } = Vector256.IsHardwareAccelerated;

    /// <summary>
    /// hist[f·256 + b] = Σ over the node's rows in bin b of feature f of (gᵢ, hᵢ, 1). The node's rows are
    /// <paramref name="ix"/> (or 0..m−1 when <paramref name="identity"/>), and <paramref name="pairs"/>[2j], [2j + 1]
    /// hold (g, h) of the j-th of them. <paramref name="partial"/> is scratch for 2 × 256 cells, needed only when
    /// m ≥ <see cref="PartialThreshold"/>. Only the observed bins and, for a feature with NaN in training, the missing
    /// bin are written; the cells in between are never read.
    /// </summary>
    private void BuildFeature(HistBin[] hist, int f, bool identity, ReadOnlySpan<int> ix, int m, double[] pairs, Span<HistBin> partial)
    {
        int nb = nBins[f];
        bool miss = hasMissing[f];
        var col = bins.AsSpan(f * n, n);
        var hb = hist.AsSpan(f * Stride, Stride);
        if (m < PartialThreshold)
        {
            Clear(hb, nb, miss);
            Accumulate(hb, col, identity, ix, 0, m, 1, pairs);
            return;
        }
        var p0 = partial[..Stride];
        var p1 = partial.Slice(Stride, Stride);
        Clear(p0, nb, miss);
        Clear(p1, nb, miss);
        Accumulate(p0, col, identity, ix, 0, m, 2, pairs);
        Accumulate(p1, col, identity, ix, 1, m, 2, pairs);
        for (int b = 0; b < nb; b++) Add(ref hb[b], p0[b], p1[b]);
        if (miss) Add(ref hb[HistBinner.MissingBin], p0[HistBinner.MissingBin], p1[HistBinner.MissingBin]);
    }

    private static void Clear(Span<HistBin> cells, int nb, bool miss)
    {
        cells[..nb].Clear();
        if (miss) cells[HistBinner.MissingBin] = default;
    }

    /// <summary>cells[bin of row j] += (g_j, h_j, 1) for j = first, first + step, … &lt; m, in that order.</summary>
    private void Accumulate(Span<HistBin> cells, ReadOnlySpan<byte> col, bool identity, ReadOnlySpan<int> ix, int first, int m, int step, double[] pairs)
    {
        ref double pr = ref MemoryMarshal.GetArrayDataReference(pairs);
        ref HistBin c0 = ref MemoryMarshal.GetReference(cells);
        if (Vectorized)
        {
            // (g, h) from the pair stream, (1, 0) appended: one 256-bit add updates G, H and N together
            var one = Vector128.Create(1.0, 0.0);
            if (identity)
                for (int j = first; j < m; j += step)
                    Unsafe.As<HistBin, Vector256<double>>(ref Unsafe.Add(ref c0, col[j])) += Vector256.Create(Vector128.LoadUnsafe(ref pr, (nuint)(2 * j)), one);
            else
                for (int j = first; j < m; j += step)
                    Unsafe.As<HistBin, Vector256<double>>(ref Unsafe.Add(ref c0, col[ix[j]])) += Vector256.Create(Vector128.LoadUnsafe(ref pr, (nuint)(2 * j)), one);
            return;
        }
        for (int j = first; j < m; j += step)
        {
            ref var cell = ref Unsafe.Add(ref c0, col[identity ? j : ix[j]]);
            cell.G += Unsafe.Add(ref pr, 2 * j); cell.H += Unsafe.Add(ref pr, 2 * j + 1); cell.N += 1;
        }
    }

    /// <summary>target = a + b, cell-wise.</summary>
    private void Add(ref HistBin target, in HistBin a, in HistBin b)
    {
        if (Vectorized)
            Unsafe.As<HistBin, Vector256<double>>(ref target) =
                Unsafe.As<HistBin, Vector256<double>>(ref Unsafe.AsRef(in a)) + Unsafe.As<HistBin, Vector256<double>>(ref Unsafe.AsRef(in b));
        else { target.G = a.G + b.G; target.H = a.H + b.H; target.N = a.N + b.N; }
    }

    /// <summary>parent ← parent − child on feature f (the sibling histogram).</summary>
    internal void SubtractFeature(HistBin[] parent, HistBin[] child, int f)
    {
        int o = f * Stride, nb = nBins[f];
        if (Vectorized)
        {
            var pv = MemoryMarshal.Cast<HistBin, Vector256<double>>(parent.AsSpan(o, Stride));
            var cv = MemoryMarshal.Cast<HistBin, Vector256<double>>(child.AsSpan(o, Stride));
            for (int b = 0; b < nb; b++) pv[b] -= cv[b];
            if (hasMissing[f]) pv[HistBinner.MissingBin] -= cv[HistBinner.MissingBin];
            return;
        }
        for (int b = 0; b < nb; b++) Subtract(ref parent[o + b], in child[o + b]);
        if (hasMissing[f]) Subtract(ref parent[o + HistBinner.MissingBin], in child[o + HistBinner.MissingBin]);
    }

    private static void Subtract(ref HistBin e, in HistBin c)
    {
        e.G -= c.G; e.H -= c.H; e.N -= c.N;
    }

    /// <summary>
    /// The left-to-right part of <see cref="ScanFeature"/>, scalar: candidates "bin ≤ b" for b = 0 … nb − 2 (… nb − 1
    /// for a feature with NaN in training, whose missing bin then goes right), the first strictly largest gain kept.
    /// </summary>
    private FeatureBest ScanLeftToRight(HistBin[] hist, int f, Node nd)
    {
        double G = nd.G, H = nd.H, parentLoss = NodeLoss(G, H, l2);
        int N = nd.N, o = f * Stride, last = nBins[f] - 1 + (hasMissing[f] ? 1 : 0);
        var r = new FeatureBest { Gain = double.NegativeInfinity };
        double gl = 0, hl = 0;
        int nl = 0;
        for (int b = 0; b < last; b++)
        {
            ref readonly var e = ref hist[o + b];
            gl += e.G; hl += e.H; nl += (int)e.N;
            int nr = N - nl;
            if (nl < minSamplesLeaf) continue;
            if (nr < minSamplesLeaf) break;
            double hr = H - hl;
            if (hl < MinHessianToSplit || hr < MinHessianToSplit) continue;
            double gr = G - gl;
            double gain = SplitGain(gl, hl, gr, hr, parentLoss, l2);
            if (gain > r.Gain) r = new FeatureBest { Gain = gain, Bin = b, GL = gl, HL = hl, NL = nl };
        }
        return r;
    }

    /// <summary>
    /// <see cref="ScanLeftToRight"/> with the gains computed four candidates at a time: the prefix sums (sequential,
    /// the same additions) go to <paramref name="scratch"/> (4 × 256 doubles), then each lane forms
    /// loss(parent) − loss(left) − loss(right) with <see cref="NodeLoss"/>'s operations, a candidate that breaks a rule
    /// (fewer than min_samples_leaf rows or hessian below 1e-3 on a side) gets −∞, and a scalar pass keeps the first
    /// strictly largest gain. The rules on counts reject exactly what the scalar loop skips or stops at, since the
    /// right side's count only shrinks as b grows.
    /// </summary>
    private FeatureBest ScanLeftToRightVector(HistBin[] hist, int f, Node nd, Span<double> scratch)
    {
        double G = nd.G, H = nd.H, parentLoss = NodeLoss(G, H, l2);
        int o = f * Stride, last = nBins[f] - 1 + (hasMissing[f] ? 1 : 0);
        var r = new FeatureBest { Gain = double.NegativeInfinity };
        if (last <= 0) return r;
        var gls = scratch[..Stride]; var hls = scratch.Slice(Stride, Stride); var nls = scratch.Slice(2 * Stride, Stride);
        var gains = scratch.Slice(3 * Stride, Stride);
        double gl = 0, hl = 0, nl = 0;
        for (int b = 0; b < last; b++)
        {
            ref readonly var e = ref hist[o + b];
            gl += e.G; hl += e.H; nl += e.N;
            gls[b] = gl; hls[b] = hl; nls[b] = nl;
        }
        int padded = (last + 3) & ~3;
        // the lanes past the last candidate hold stale scratch; their gains are computed and never read
        var vG = Vector256.Create(G); var vH = Vector256.Create(H); var vN = Vector256.Create((double)nd.N);
        var vMin = Vector256.Create((double)minSamplesLeaf); var vMinH = Vector256.Create(MinHessianToSplit);
        var vL2 = Vector256.Create(l2); var vEps = Vector256.Create(1e-15); var vParent = Vector256.Create(parentLoss);
        var vNone = Vector256.Create(double.NegativeInfinity);
        for (int b = 0; b < padded; b += 4)
        {
            var vgl = Vector256.Create(gls.Slice(b, 4)); var vhl = Vector256.Create(hls.Slice(b, 4)); var vnl = Vector256.Create(nls.Slice(b, 4));
            var vgr = vG - vgl; var vhr = vH - vhl; var vnr = vN - vnl;
            var ok = Vector256.GreaterThanOrEqual(vnl, vMin) & Vector256.GreaterThanOrEqual(vnr, vMin)
                & Vector256.GreaterThanOrEqual(vhl, vMinH) & Vector256.GreaterThanOrEqual(vhr, vMinH);
            // NodeLoss(g, h) = g · (−g / (h + λ + 1e-15)), operation for operation
            var lossL = vgl * (-vgl / (vhl + vL2 + vEps));
            var lossR = vgr * (-vgr / (vhr + vL2 + vEps));
            var gain = vParent - lossL - lossR;
            Vector256.ConditionalSelect(ok, gain, vNone).CopyTo(gains.Slice(b, 4));
        }
        int best = -1;
        double bestGain = double.NegativeInfinity;
        for (int b = 0; b < last; b++)
            if (gains[b] > bestGain) { bestGain = gains[b]; best = b; }
        if (best >= 0) r = new FeatureBest { Gain = bestGain, Bin = best, GL = gls[best], HL = hls[best], NL = (int)nls[best] };
        return r;
    }

    /// <summary>The histogram of the rows idx[start, end) built directly with this grower's kernels (tests compare it
    /// with the subtraction result).</summary>
    internal HistBin[] DirectHistogram(int start, int end, double[] g, double[] h) => DirectHistogram(idx.AsSpan(start, end - start), g, h);

    /// <summary>The histogram of the rows <paramref name="rows"/> (in that order) built with this grower's kernels, as
    /// for a node holding them (tests compare it with a naive reference).</summary>
    internal HistBin[] DirectHistogram(ReadOnlySpan<int> rows, double[] g, double[] h)
    {
        var hist = new HistBin[p * Stride];
        int m = rows.Length;
        var pairs = new double[2 * m];
        for (int j = 0; j < m; j++) { pairs[2 * j] = g[rows[j]]; pairs[2 * j + 1] = h[rows[j]]; }
        var partial = new HistBin[2 * Stride];
        for (int f = 0; f < p; f++) BuildFeature(hist, f, false, rows, m, pairs, partial);
        return hist;
    }
}
