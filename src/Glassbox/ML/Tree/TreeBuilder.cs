using System.Buffers;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Tree;

/// <summary>Growth limits of one CART tree (sklearn's builder and splitter arguments).</summary>
/// <param name="Criterion">Impurity measure.</param>
/// <param name="MaxDepth">Deepest allowed node (root = 0); int.MaxValue for unlimited.</param>
/// <param name="MinSamplesSplit">A node with fewer samples is a leaf.</param>
/// <param name="MinSamplesLeaf">Each child keeps at least this many samples.</param>
/// <param name="MaxFeatures">Features drawn per split (resolved count).</param>
/// <param name="MinImpurityDecrease">A split must decrease the weighted impurity by at least this much.</param>
/// <param name="SplitterSeed">Initial state of the splitter's xorshift (sklearn's <c>rand_r_state</c>).</param>
/// <param name="ParallelFeatures">Evaluate the features of large nodes on several threads (off inside ensembles, which
/// parallelise over trees); the tree is the same either way.</param>
/// <param name="Presort">Forces the presorted path on or off; null lets the builder choose (tests compare the paths).</param>
/// <param name="MaxLeafNodes">sklearn's <c>max_leaf_nodes</c>: null grows depth-first without a leaf limit; a value
/// (≥ 2) grows best-first (<see cref="TreeBuilder.GrowBestFirst"/>) until that many leaves.</param>
internal sealed record TreeSettings(SplitCriterion Criterion, int MaxDepth, int MinSamplesSplit, int MinSamplesLeaf,
    int MaxFeatures, double MinImpurityDecrease, uint SplitterSeed, bool ParallelFeatures = false, bool? Presort = null,
    int? MaxLeafNodes = null);

/// <summary>
/// scikit-learn's <c>DepthFirstTreeBuilder</c> with the <c>BestSplitter</c>: grows a CART tree node by node,
/// trying at every node up to <c>max_features</c> features in the splitter's random order and, for each, every
/// threshold halfway between consecutive distinct sorted values; keeps the split with the largest (proxy)
/// impurity improvement, the first visited winning ties. With <see cref="TreeSettings.MaxLeafNodes"/> set, the same
/// split search drives sklearn's <c>BestFirstTreeBuilder</c> instead (<see cref="GrowBestFirst"/>).
/// </summary>
/// <remarks>
/// <para>
/// Faithful to sklearn 1.2 where it decides the tree: the same feature-draw loop over a persistent feature
/// permutation (constant features remembered for the subtree), <c>FEATURE_THRESHOLD</c> = 1e-7 between "distinct"
/// values, the same proxy formulas, the threshold (a + b)/2 computed as a/2 + b/2 (falling back to a when it rounds
/// up to b), the same in-place partition of the sample array, leaves when impurity ≤ ε, and samples of weight 0
/// dropped. Before partitioning, the node's samples are put in the order sklearn leaves them (sorted by the last
/// feature visited), so on data without ties every float sum runs in sklearn's order.
/// </para>
/// <para>
/// Speed: per visited feature the node's values are gathered from a contiguous float32 column into a scratch
/// buffer and sorted together with a copy of the sample indices (<see cref="KeySort"/>, three-way introsort); the scan then
/// updates per-class weight sums in one pass. Constant features are detected by a min/max pass before sorting.
/// Scratch arrays are allocated once per tree (or rented per worker for parallel nodes).
/// </para>
/// </remarks>
internal sealed partial class TreeBuilder
{
    private const double FeatureThreshold = 1e-7;
    private const double Epsilon = 2.220446049250313e-16;

    private readonly ColumnData data;
    private readonly int[]? yClass;
    private readonly double[]? yReg;
    private readonly double[]? weight;
    private readonly int k;
    private readonly TreeSettings s;
    private readonly bool classification;
    private readonly int[] samples;
    private readonly int nUsed;
    private readonly double weightedNSamples;
    private readonly int[] features, constantFeatures;
    private readonly float[] xf;
    // presort mode: ord[f·nUsed + start .. end) lists the node's samples sorted by feature f (see Presort)
    private readonly bool presort;
    private readonly bool integerWeights;
    private readonly TreeWorkspace? workspace;
    private int[] ord = [];
    private float[] ordKey = [];
    private byte[] goesLeft = [];
    private bool[] isConstant = [];
    private readonly int[] idx;
    private readonly double[] sumTotal, sumLeft, sumScratch;
    private uint rstate;
    private double sqSumTotal, weightedNNode;
    private int[] visit;
    private SplitResult[] results;

    private struct SplitResult
    {
        public double Proxy;
        public int Pos;
        public double Threshold;
    }

    /// <summary>Prepares a builder for a classification tree (labels 0..nClasses−1) or a regression tree (<paramref name="yReg"/>).
    /// A <paramref name="workspace"/> lends its presort buffers (reused from tree to tree in ensembles).</summary>
    public TreeBuilder(ColumnData data, int[]? yClass, int nClasses, double[]? yReg, double[]? sampleWeight, TreeSettings settings,
        TreeWorkspace? workspace = null)
    {
        this.workspace = workspace;
        this.data = data; this.yClass = yClass; this.yReg = yReg; weight = sampleWeight; s = settings;
        classification = yClass is not null;
        k = classification ? nClasses : 1;
        int n = data.N, p = data.P;
        samples = new int[n];
        int j = 0;
        double wsum = 0;
        for (int i = 0; i < n; i++)
        {
            if (weight is not null && weight[i] == 0) continue;
            samples[j++] = i;
            wsum += weight is null ? 1.0 : weight[i];
        }
        nUsed = j;
        weightedNSamples = wsum;
        // whole-number weights (none, or bootstrap counts) allow the exact integer Gini sweep
        integerWeights = weight is null || (wsum < 1L << 40 && Array.TrueForAll(weight, v => v == Math.Floor(v) && v >= 0));
        features = new int[p];
        for (int f = 0; f < p; f++) features[f] = f;
        constantFeatures = new int[p];
        xf = new float[n];
        idx = new int[n];
        sumTotal = new double[k]; sumLeft = new double[k]; sumScratch = new double[k];
        visit = new int[p];
        results = new SplitResult[p];
        rstate = settings.SplitterSeed;
        // Presorting pays when most features are visited at every node (sklearn's default max_features=None):
        // sorting costs O(m log m) per visited feature and node, keeping the presorted lists O(m) per non-constant feature.
        presort = (settings.Presort ?? (long)settings.MaxFeatures * 8 >= p) && nUsed > 1;
    }

    private readonly record struct StackRecord(int Start, int End, int Depth, int Parent, bool IsLeft, double Impurity, int NConstant);

    /// <summary>Grows the tree: depth-first (sklearn's <c>DepthFirstTreeBuilder</c>), or best-first when
    /// <see cref="TreeSettings.MaxLeafNodes"/> is set.</summary>
    public TreeStructure Build()
    {
        var tree = new TreeStructure(data.P, k);
        if (presort) Presort();
        if (s.MaxLeafNodes is int maxLeafNodes)
        {
            GrowBestFirst(tree, maxLeafNodes);
            return tree;
        }
        var stack = new Stack<StackRecord>();
        stack.Push(new StackRecord(0, nUsed, 0, -1, false, double.PositiveInfinity, 0));
        bool first = true;
        int maxDepthSeen = 0;
        int minSplit = s.MinSamplesSplit;
        while (stack.Count > 0)
        {
            var r = stack.Pop();
            int start = r.Start, end = r.End, m = end - start;
            NodeInit(start, end);
            double wn = weightedNNode;
            bool isLeaf = r.Depth >= s.MaxDepth || m < minSplit || m < 2 * s.MinSamplesLeaf;
            double impurity = r.Impurity;
            if (first) { impurity = NodeImpurity(); first = false; }
            isLeaf = isLeaf || impurity <= Epsilon;
            int feat = 0, pos = end, nConst = r.NConstant;
            double thr = 0, impL = 0, impR = 0;
            if (!isLeaf)
            {
                (feat, pos, thr, impL, impR, double improvement, nConst) = NodeSplit(start, end, r.Depth, impurity, r.NConstant);
                isLeaf = pos >= end || improvement + Epsilon < s.MinImpurityDecrease;
            }
            int id = tree.AddNode(r.Parent, r.IsLeft, isLeaf, feat, thr, impurity, m, wn);
            var v = tree.NodeValue(id);
            if (classification) sumTotal.CopyTo(v);
            else v[0] = sumTotal[0] / wn;
            if (!isLeaf)
            {
                stack.Push(new StackRecord(pos, end, r.Depth + 1, id, false, impR, nConst));
                stack.Push(new StackRecord(start, pos, r.Depth + 1, id, true, impL, nConst));
            }
            if (r.Depth > maxDepthSeen) maxDepthSeen = r.Depth;
        }
        tree.MaxDepth = maxDepthSeen;
        return tree;
    }

    private bool IsLeafChild(int depth, int m, double impurity) =>
        depth >= s.MaxDepth || m < s.MinSamplesSplit || m < 2 * s.MinSamplesLeaf || impurity <= Epsilon;

    private double W(int i) => weight is null ? 1.0 : weight[i];

    /// <summary>sum_total, sq_sum_total and the node weight over samples[start, end) in array order (<c>criterion.init</c>).</summary>
    private void NodeInit(int start, int end)
    {
        Array.Clear(sumTotal);
        double wn = 0, sq = 0;
        for (int q = start; q < end; q++)
        {
            int i = samples[q];
            double w = W(i);
            if (classification) sumTotal[yClass![i]] += w;
            else
            {
                double y = yReg![i];
                sumTotal[0] += w * y;
                sq += w * y * y;
            }
            wn += w;
        }
        sqSumTotal = sq;
        weightedNNode = wn;
    }

    private double NodeImpurity()
    {
        double wn = weightedNNode;
        switch (s.Criterion)
        {
            case SplitCriterion.Gini:
                {
                    double sq = 0;
                    for (int c = 0; c < k; c++) sq += sumTotal[c] * sumTotal[c];
                    return 1.0 - sq / (wn * wn);
                }
            case SplitCriterion.Entropy:
                return Entropy(sumTotal, wn);
            default:
                {
                    double imp = sqSumTotal / wn;
                    double mean = sumTotal[0] / wn;
                    return imp - mean * mean;
                }
        }
    }

    private static readonly double Log2 = Math.Log(2.0);

    private static double Entropy(ReadOnlySpan<double> counts, double w)
    {
        double e = 0;
        foreach (var c in counts)
            if (c > 0)
            {
                double pk = c / w;
                e -= pk * (Math.Log(pk) / Log2);
            }
        return e;
    }

    /// <summary>
    /// The feature-draw loop of <c>BestSplitter.node_split</c>, the split evaluation, the partition and the
    /// children's impurities. Returns pos = end when no valid split exists.
    /// </summary>
    private (int Feature, int Pos, double Threshold, double ImpL, double ImpR, double Improvement, int NConstant) NodeSplit(int start, int end, int depth, double impurity, int nKnownConstants)
    {
        int p = data.P, n = data.N, m = end - start;
        var col = data.Col;
        int fi = p, nFound = 0, nDrawn = 0, nTotal = nKnownConstants, nVisited = 0, nVisit = 0;
        bool parallel = s.ParallelFeatures && Kernels.Par.MaxThreads > 1 && (long)m * s.MaxFeatures >= 1 << 17;
        // Draw features until max_features non-known-constant ones were visited, exactly as sklearn does: the draw
        // range shrinks as features are found constant, so constant-ness must be known at draw time (min/max pass).
        while (fi > nTotal && (nVisited < s.MaxFeatures || nVisited <= nFound + nDrawn))
        {
            nVisited++;
            int fj = SklearnRandom.RandInt(nDrawn, fi - nFound, ref rstate);
            if (fj < nKnownConstants)
            {
                (features[nDrawn], features[fj]) = (features[fj], features[nDrawn]);
                nDrawn++;
                continue;
            }
            fj += nFound;
            int f = features[fj];
            int o = f * n;
            float mn = float.PositiveInfinity, mx = float.NegativeInfinity;
            if (presort)
            {
                mn = ordKey[f * nUsed + start];
                mx = ordKey[f * nUsed + end - 1];
            }
            else if (!parallel)
                // serial: gather once into the scratch buffers, which the evaluation below then sorts in place
                for (int q = 0; q < m; q++)
                {
                    int i = samples[start + q];
                    float v = col[o + i];
                    idx[q] = i;
                    xf[q] = v;
                    if (v < mn) mn = v;
                    if (v > mx) mx = v;
                }
            else
                for (int q = start; q < end; q++)
                {
                    float v = col[o + samples[q]];
                    if (v < mn) mn = v;
                    if (v > mx) mx = v;
                }
            if (mx <= mn + FeatureThreshold)
            {
                (features[fj], features[nTotal]) = (features[nTotal], features[fj]);
                nFound++; nTotal++;
            }
            else
            {
                fi--;
                (features[fi], features[fj]) = (features[fj], features[fi]);
                // evaluating now, while the gathered values are at hand, is the same as evaluating after the draws:
                // the evaluation draws no random numbers
                if (!parallel) results[nVisit] = Evaluate(f, start, end, xf, idx, sumScratch, gathered: !presort);
                visit[nVisit++] = f;
            }
        }

        if (parallel)
        {
            Kernels.Par.For(nVisit, 1, (a, len) =>
            {
                var bx = ArrayPool<float>.Shared.Rent(m);
                var bi = ArrayPool<int>.Shared.Rent(m);
                var bs = ArrayPool<double>.Shared.Rent(k);
                for (int t = a; t < a + len; t++) results[t] = Evaluate(visit[t], start, end, bx, bi, bs);
                ArrayPool<float>.Shared.Return(bx);
                ArrayPool<int>.Shared.Return(bi);
                ArrayPool<double>.Shared.Return(bs);
            });
        }

        int bestFeature = 0, bestPos = end;
        double bestProxy = double.NegativeInfinity, bestThr = 0;
        for (int t = 0; t < nVisit; t++)
            if (results[t].Pos < end && results[t].Proxy > bestProxy)
            {
                bestProxy = results[t].Proxy; bestPos = results[t].Pos; bestThr = results[t].Threshold; bestFeature = visit[t];
            }

        double impL = 0, impR = 0, improvement = double.NegativeInfinity;
        if (bestPos < end)
        {
            // sklearn partitions the sample array as the last sort left it: sorted by the last visited feature
            int last = visit[nVisit - 1], o = last * n;
            if (presort) ord.AsSpan(last * nUsed + start, m).CopyTo(samples.AsSpan(start, m));
            else
            {
                for (int q = start; q < end; q++) xf[q - start] = col[o + samples[q]];
                KeySort.Sort(xf.AsSpan(0, m), samples.AsSpan(start, m));
            }
            int pe = end, q2 = start;
            int ob = bestFeature * n;
            while (q2 < pe)
            {
                if (col[ob + samples[q2]] <= bestThr) q2++;
                else
                {
                    pe--;
                    (samples[q2], samples[pe]) = (samples[pe], samples[q2]);
                }
            }
            (impL, impR, improvement) = ChildrenImpurity(start, end, bestPos, impurity);
        }
        Array.Copy(constantFeatures, 0, features, 0, nKnownConstants);
        Array.Copy(features, nKnownConstants, constantFeatures, nKnownConstants, nFound);
        // the children's sorted ranges are only needed if one of them will be split (same tests as in Build)
        if (presort && bestPos < end && !(IsLeafChild(depth + 1, bestPos - start, impL) && IsLeafChild(depth + 1, end - bestPos, impR)))
            SplitPresorted(start, end, bestPos, nTotal, parallel);

        return (bestFeature, bestPos, bestThr, impL, impR, improvement, nTotal);
    }
}
