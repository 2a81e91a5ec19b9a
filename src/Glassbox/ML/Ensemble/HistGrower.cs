using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// One histogram cell: gradient sum G, hessian sum H and sample count N of the samples in one bin, padded to four
/// doubles so that a cell is exactly one 256-bit vector (G, H, N, 0): adding a sample, subtracting a child's cell and
/// merging partial histograms are then one vector add per cell. N is a double so it rides in the same vector; counts
/// stay far below 2⁵³, so it is exact and converts back to the integer count without loss.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct HistBin
{
    public double G, H, N;
}

/// <summary>
/// Grows one regression tree on binned data from per-sample gradients gᵢ and hessians hᵢ, best-first (leaf-wise) as
/// sklearn's <c>TreeGrower</c>: the leaf with the largest gain is split next until <c>max_leaf_nodes</c> leaves exist.
/// </summary>
/// <remarks>
/// <para>
/// A split "bin ≤ b" of a node with sums (G, H) has gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (the decrease of the
/// second-order loss approximation; λ = l2_regularization); it needs ≥ min_samples_leaf samples and hessian ≥ 1e-3
/// on both sides, and gain &gt; 0. A leaf predicts −learning_rate · G/(H + λ) (one Newton step, shrunk); a tree whose
/// root cannot be split predicts 0, as sklearn's.
/// </para>
/// <para>
/// Histograms (the LightGBM recipe): per node and feature, (ΣG, ΣH, count) per bin, over bins stored feature-major as
/// bytes. Only the child with fewer samples is histogrammed from its samples; its sibling is parent − child (the
/// subtraction trick), computed in place in the parent's buffer. A node's rows stay one contiguous range of a single
/// index array, split in place (stably) at each split. Building, subtraction and the split scan run over features in
/// parallel, one feature at a time while its cells are in cache, with pooled histogram buffers (none allocated per node
/// once the pool is warm). (gᵢ, hᵢ) are interleaved into one array and gathered into node order once per node, so the
/// inner loop reads a single sequential stream; the kernels are in <c>HistGrower.Histogram.cs</c>.
/// </para>
/// <para>
/// Missing values (sklearn's native NaN support, after LightGBM): NaN samples sit in their own bin. For a feature that
/// had NaN in training, each node tries both places for them — a left-to-right scan sends them right (the last
/// candidate, "all observed values left", isolates them), a right-to-left scan sends them left — and keeps the
/// direction with the larger gain. A feature without NaN in training sends a NaN met at prediction to the child that
/// received more training samples.
/// </para>
/// <para>
/// Categorical features (sklearn's <c>categorical_features</c>) are split by a set of categories going left, found as
/// sklearn's splitter does; see <c>HistGrower.Categorical.cs</c>.
/// </para>
/// </remarks>
internal sealed partial class HistGrower
{
    private const double MinHessianToSplit = 1e-3;
    public const int Stride = 256;

    private readonly byte[] bins;
    private readonly int n, p;
    private readonly int[] nBins;
    private readonly double[][] edges;
    private readonly bool[] hasMissing;
    private readonly bool[]? isCat;
    private readonly double[]?[]? categories;
    private readonly int maxLeafNodes, minSamplesLeaf;
    private readonly int? maxDepth;
    private readonly double l2, learningRate;
    private readonly int[] idx, tmp;
    /// <summary>(gᵢ, hᵢ) of every row, interleaved [2n] (filled per tree), and the same pairs gathered into a node's
    /// row order [2m], so the histogram loop reads one sequential stream of 16-byte pairs.</summary>
    private readonly double[] gh, ogh;
    private readonly Stack<HistBin[]> pool = new();
    private readonly FeatureBest[] bestSmall, bestLarge;

    private struct FeatureBest
    {
        public double Gain, GL, HL;
        public int Bin, NL;
        public bool MissingLeft;
        /// <summary>Categorical split: the bins (categories by index, and <see cref="HistBinner.MissingBin"/>) going left.</summary>
        public ulong[]? CatLeft;
    }

    private sealed class Node
    {
        public int Start, End, Depth, Id;
        public double G, H;
        public HistBin[]? Hist;
        public int Feature = -1, Bin;
        public double Gain = double.NegativeInfinity, GL, HL;
        public int NL;
        public bool MissingLeft;
        public ulong[]? CatLeft;
        public int N => End - Start;
    }

    /// <summary>A grower over binned data (<paramref name="bins"/>, feature-major [p][n]); <paramref name="categories"/>
    /// holds the known categories (ascending) of each categorical feature, null entries for numeric ones, or is null
    /// when no feature is categorical.</summary>
    public HistGrower(byte[] bins, int n, int p, double[][] edges, bool[] hasMissing, int maxLeafNodes, int? maxDepth, int minSamplesLeaf, double l2, double learningRate,
        double[]?[]? categories = null)
    {
        if (categories is not null && categories.Any(c => c is not null))
        {
            this.categories = categories;
            isCat = categories.Select(c => c is not null).ToArray();
        }
        this.bins = bins; this.n = n; this.p = p; this.edges = edges; this.hasMissing = hasMissing;
        this.maxLeafNodes = maxLeafNodes; this.maxDepth = maxDepth; this.minSamplesLeaf = minSamplesLeaf; this.l2 = l2; this.learningRate = learningRate;
        nBins = edges.Select(e => e.Length + 1).ToArray();
        idx = new int[n]; tmp = new int[n];
        gh = new double[2 * n]; ogh = new double[2 * n];
        bestSmall = new FeatureBest[p]; bestLarge = new FeatureBest[p];
    }

    /// <summary>Grows a tree for gradients <paramref name="g"/>, hessians <paramref name="h"/>; adds its values to <paramref name="raw"/>[i·stride + offset].
    /// <paramref name="leafValue"/>, when given, replaces every leaf's Newton value (before shrinkage) by its own
    /// function of the leaf's training rows — sklearn's <c>_update_leaves_values</c> for the median-type losses — and
    /// receives those rows while <paramref name="raw"/> still holds the scores before this tree.</summary>
    public HistTree Grow(double[] g, double[] h, double[] raw, int stride, int offset, Func<ReadOnlyMemory<int>, double>? leafValue = null)
    {
        for (int i = 0; i < n; i++) { idx[i] = i; gh[2 * i] = g[i]; gh[2 * i + 1] = h[i]; }
        var left = new List<int>(); var right = new List<int>(); var feat = new List<int>(); var thr = new List<double>(); var val = new List<double>();
        var missLeft = new List<bool>();
        var catLeft = isCat is null ? null : new List<ulong[]?>();
        int NewNode()
        {
            left.Add(-1); right.Add(-1); feat.Add(-2); thr.Add(0); val.Add(0); missLeft.Add(false); catLeft?.Add(null);
            return left.Count - 1;
        }
        var root = new Node { Start = 0, End = n, Depth = 0, Id = NewNode() };
        for (int i = 0; i < n; i++) { root.G += g[i]; root.H += h[i]; }
        // sklearn's TreeNode.__lt__: the larger gain comes out first; exact ties follow heapq's mechanics
        var heap = new PyHeap<Node>((x, y) => x.Gain > y.Gain);
        void Finalize(Node nd)
        {
            // a root that is never split keeps value 0, as sklearn's TreeGrower creates it (the tree adds nothing):
            // it happens when no split qualifies — too few samples, hessian sum below 1e-3 (e.g. a class whose rows
            // all weigh 0), or no positive gain
            double v = leafValue is not null ? learningRate * leafValue(idx.AsMemory(nd.Start, nd.End - nd.Start))
                : nd.Depth == 0 ? 0 : -learningRate * nd.G / (nd.H + l2 + 1e-15);
            val[nd.Id] = v;
            for (int j = nd.Start; j < nd.End; j++) raw[idx[j] * stride + offset] += v;
            if (nd.Hist is not null) { pool.Push(nd.Hist); nd.Hist = null; }
        }
        bool Splittable(Node nd) => nd.N >= 2 * minSamplesLeaf && (maxDepth is not int md || nd.Depth < md);
        void Push(Node nd)
        {
            if (nd.Gain > 0) heap.Push(nd); else Finalize(nd);
        }
        if (Splittable(root) && maxLeafNodes > 1)
        {
            root.Hist = Rent();
            Process(root, null, true, true, false);
            Push(root);
        }
        else Finalize(root);
        int nLeaves = 1;
        while (heap.Count > 0)
        {
            var nd = heap.Pop();
            // partition the node's samples: bin ≤ b (and the missing bin, if it goes left) first, order kept on both sides
            int o = nd.Feature * n, l = nd.Start, r = 0;
            if (nd.CatLeft is ulong[] cl)
                // categorical: the bitset over bins decides, the missing bin included (sklearn's sample_goes_left)
                for (int j = nd.Start; j < nd.End; j++)
                {
                    int i = idx[j], bin = bins[o + i];
                    if (((cl[bin >> 6] >> (bin & 63)) & 1UL) != 0) idx[l++] = i; else tmp[r++] = i;
                }
            else
                for (int j = nd.Start; j < nd.End; j++)
                {
                    int i = idx[j], bin = bins[o + i];
                    if (bin <= nd.Bin || (bin == HistBinner.MissingBin && nd.MissingLeft)) idx[l++] = i; else tmp[r++] = i;
                }
            Array.Copy(tmp, 0, idx, l, r);
            var a = new Node { Start = nd.Start, End = l, Depth = nd.Depth + 1, G = nd.GL, H = nd.HL, Id = NewNode() };
            var b = new Node { Start = l, End = nd.End, Depth = nd.Depth + 1, G = nd.G - nd.GL, H = nd.H - nd.HL, Id = NewNode() };
            left[nd.Id] = a.Id; right[nd.Id] = b.Id; feat[nd.Id] = nd.Feature;
            // the split after the last observed bin (all observed values left, NaN right) has no edge: +∞
            var e = edges[nd.Feature];
            thr[nd.Id] = nd.Bin < e.Length ? e[nd.Bin] : double.PositiveInfinity;
            missLeft[nd.Id] = hasMissing[nd.Feature] ? nd.MissingLeft : a.N > b.N;
            if (nd.CatLeft is ulong[] binsLeft)
            {
                thr[nd.Id] = double.NaN;
                catLeft![nd.Id] = RawCategoryBitset(nd.Feature, binsLeft, missLeft[nd.Id]);
            }
            nLeaves++;
            bool last = nLeaves >= maxLeafNodes;
            bool sa = !last && Splittable(a), sb = !last && Splittable(b);
            if (sa || sb)
            {
                var (small, large) = a.N <= b.N ? (a, b) : (b, a);
                small.Hist = Rent();
                large.Hist = nd.Hist;
                nd.Hist = null;
                Process(small, large, false, small == a ? sa : sb, small == a ? sb : sa);
            }
            if (nd.Hist is not null) { pool.Push(nd.Hist); nd.Hist = null; }
            if (sa) Push(a); else Finalize(a);
            if (sb) Push(b); else Finalize(b);
            if (last)
            {
                while (heap.Count > 0) Finalize(heap.Pop());
                break;
            }
        }
        return new HistTree { Left = [.. left], Right = [.. right], Feature = [.. feat], Threshold = [.. thr], Value = [.. val], MissingLeft = [.. missLeft],
            CatLeft = catLeft is not null && catLeft.Any(c => c is not null) ? [.. catLeft] : null };
    }

    private HistBin[] Rent() => pool.Count > 0 ? pool.Pop() : new HistBin[p * Stride];

    /// <summary>
    /// One pass over the features (in parallel) doing, per feature while its bins are in cache: build the histogram of
    /// <paramref name="small"/> from its samples; if <paramref name="large"/> is given, turn the parent's histogram (its
    /// buffer) into the sibling's by subtraction; scan the requested nodes for their best split on that feature.
    /// </summary>
    private void Process(Node small, Node? large, bool identity, bool scanSmall, bool scanLarge)
    {
        int start = small.Start, m = small.N;
        if (!identity)
            for (int j = 0; j < m; j++)
            {
                int i = idx[start + j];
                ogh[2 * j] = gh[2 * i]; ogh[2 * j + 1] = gh[2 * i + 1];
            }
        var hs = small.Hist!;
        var hl = large?.Hist;
        var pairs = identity ? gh : ogh;
        // work per feature: the m rows histogrammed, plus the subtraction and the two scans over its (up to 256) cells,
        // which cost the same for a 40-row node as for the root — counting only m left small nodes on one thread
        Kernels.Par.For(p, Math.Max(1, 65536 / (m + 3 * Stride)), (fa, len) =>
        {
            Span<HistBin> partial = m >= PartialThreshold ? stackalloc HistBin[2 * Stride] : default;
            Span<double> scratch = stackalloc double[4 * Stride];
            for (int f = fa; f < fa + len; f++)
            {
                BuildFeature(hs, f, identity, identity ? default : idx.AsSpan(start, m), m, pairs, partial);
                if (hl is not null) SubtractFeature(hl, hs, f);
                bool cat = isCat is not null && isCat[f];
                bestSmall[f] = !scanSmall ? new FeatureBest { Gain = double.NegativeInfinity }
                    : cat ? ScanCategorical(hs, f, small) : ScanFeature(hs, f, small, scratch);
                bestLarge[f] = !(scanLarge && large is not null) ? new FeatureBest { Gain = double.NegativeInfinity }
                    : cat ? ScanCategorical(hl!, f, large) : ScanFeature(hl!, f, large, scratch);
            }
        });
        if (scanSmall) Pick(small, bestSmall);
        if (scanLarge && large is not null) Pick(large, bestLarge);
    }

    private void Pick(Node nd, FeatureBest[] best)
    {
        for (int f = 0; f < p; f++)
            if (best[f].Gain > nd.Gain)
            {
                nd.Gain = best[f].Gain; nd.Feature = f; nd.Bin = best[f].Bin; nd.GL = best[f].GL; nd.HL = best[f].HL; nd.NL = best[f].NL;
                nd.MissingLeft = best[f].MissingLeft; nd.CatLeft = best[f].CatLeft;
            }
    }

    /// <summary>
    /// Best split of node <paramref name="nd"/> on feature f (gain −∞ when none is allowed), as sklearn's splitter:
    /// a left-to-right scan over "bin ≤ b" with the missing bin on the right (for a feature with NaN in training it
    /// also tries b = the last observed bin: observed values left, NaN right), then, for such a feature, a
    /// right-to-left scan with the missing bin on the left. A later candidate replaces an earlier one only with a
    /// strictly larger gain.
    /// </summary>
    private FeatureBest ScanFeature(HistBin[] hist, int f, Node nd, Span<double> scratch)
    {
        double G = nd.G, H = nd.H, parentLoss = NodeLoss(G, H, l2);
        int N = nd.N, o = f * Stride, nb = nBins[f];
        bool miss = hasMissing[f];
        var r = Vectorized ? ScanLeftToRightVector(hist, f, nd, scratch) : ScanLeftToRight(hist, f, nd);
        if (!miss) return r;
        double gR = 0, hR = 0;
        int nR = 0;
        for (int b = nb - 2; b >= 0; b--)
        {
            ref readonly var e = ref hist[o + b + 1];
            gR += e.G; hR += e.H; nR += (int)e.N;
            int nL = N - nR;
            if (nR < minSamplesLeaf) continue;
            if (nL < minSamplesLeaf) break;
            double hL = H - hR;
            if (hR < MinHessianToSplit || hL < MinHessianToSplit) continue;
            double gL = G - gR;
            double gain = SplitGain(gL, hL, gR, hR, parentLoss, l2);
            if (gain > r.Gain) r = new FeatureBest { Gain = gain, Bin = b, GL = gL, HL = hL, NL = nL, MissingLeft = true };
        }
        return r;
    }

    /// <summary>
    /// A node's loss −G²/(H + λ), formed as sklearn does: its value v = −G/(H + λ + 1e-15), then G·v
    /// (<c>compute_node_value</c>, <c>_loss_from_value</c>).
    /// </summary>
    internal static double NodeLoss(double g, double h, double l2) => g * (-g / (h + l2 + 1e-15));

    /// <summary>
    /// Gain of a split = loss(parent) − loss(left) − loss(right) = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), in sklearn's
    /// operation order (<c>_split_gain</c>). The order matters when gradients are whole numbers (absolute error,
    /// quantile): different splits then often have mathematically equal gains, and only identical rounding breaks those
    /// ties the same way.
    /// </summary>
    internal static double SplitGain(double gl, double hl, double gr, double hr, double parentLoss, double l2) =>
        parentLoss - NodeLoss(gl, hl, l2) - NodeLoss(gr, hr, l2);

    /// <summary>Test hook: after <see cref="Grow"/>, the sample ranges of the root's two children (left first).</summary>
    internal int[] SampleOrder => idx;
}
