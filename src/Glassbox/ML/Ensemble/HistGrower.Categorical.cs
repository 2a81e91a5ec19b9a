namespace Glassbox.ML.Ensemble;

/// <summary>
/// The categorical split search of <see cref="HistGrower"/> (sklearn 1.2's
/// <c>Splitter._find_best_bin_to_split_category</c>, after LightGBM).
/// </summary>
/// <remarks>
/// <para>
/// A categorical split sends a set S of categories left. Searching all 2^(k−1) subsets is out of reach, but for the
/// second-order objective the best S is a prefix of the categories sorted by their Newton value: the gain of a
/// partition is Σ over the two sides of G_S²/(H_S + λ), and for squared error (hᵢ = 1) this is Fisher's (1958) problem
/// of grouping for maximum homogeneity, whose optimal two-group split is contiguous in the order of the group means
/// G_c/H_c. With non-constant hessians the same order is LightGBM's heuristic.
/// </para>
/// <para>
/// As sklearn: category c takes part only with support h_c · n/H ≥ 10 (its hessian sum scaled to a sample count;
/// <c>MIN_CAT_SUPPORT</c>), sorted increasingly by the smoothed value G_c/(H_c + 10) (<c>cat_smooth</c> = 10). NaN, if
/// the feature had any in training, is one more category (the missing bin). With u categories kept, prefixes of the
/// order are scanned left to right up to ⌈u/2⌉ categories, then suffixes right to left up to ⌈u/2⌉ − 1, each with the
/// same min_samples_leaf / min-hessian rules as numeric splits, keeping a candidate only with a strictly larger gain
/// that is also &gt; 0. Low-support categories are never in S: they go right with the child that holds at least half
/// of the categories. NaN goes left exactly when the missing bin is in S; a feature without NaN in training sends NaN
/// (and, at prediction, categories it never saw) to the child with more training samples.
/// </para>
/// <para>
/// sklearn sorts with C's <c>qsort</c> and a comparator that never answers "equal"; glibc implements it as a top-down
/// merge sort that takes the right run's element unless the left one is strictly smaller. <see cref="SortByValue"/>
/// replays that merge sort, so categories with tied values come out in sklearn's order.
/// </para>
/// </remarks>
internal sealed partial class HistGrower
{
    /// <summary>sklearn's <c>MIN_CAT_SUPPORT</c>: the least (hessian-scaled) support of a category, and the smoothing
    /// added to its hessian sum when the categories are ordered.</summary>
    internal const double MinCatSupport = 10.0;

    /// <summary>Best categorical split of node <paramref name="nd"/> on feature f (gain −∞ when none qualifies).</summary>
    private FeatureBest ScanCategorical(HistBin[] hist, int f, Node nd)
    {
        var none = new FeatureBest { Gain = double.NegativeInfinity };
        double G = nd.G, H = nd.H;
        int N = nd.N, o = f * Stride, nb = nBins[f];
        bool miss = hasMissing[f];
        double supportFactor = N / H;
        Span<int> binOf = stackalloc int[nb + 1];
        Span<double> value = stackalloc double[nb + 1];
        int used = 0;
        for (int b = 0; b < nb + (miss ? 1 : 0); b++)
        {
            int bin = b < nb ? b : HistBinner.MissingBin;
            ref readonly var e = ref hist[o + bin];
            if (e.H * supportFactor >= MinCatSupport)
            {
                binOf[used] = bin;
                value[used] = e.G / (e.H + MinCatSupport);
                used++;
            }
        }
        if (used <= 1) return none;
        binOf = binOf[..used]; value = value[..used];
        SortByValue(binOf, value);

        double parentLoss = NodeLoss(G, H, l2);
        double bestGain = double.NegativeInfinity, bestGL = 0, bestHL = 0;
        int bestNL = 0, bestPos = -1, bestDir = 0;
        for (int dir = 1; dir >= -1; dir -= 2)
        {
            int middle = dir == 1 ? (used + 1) / 2 : (used + 1) / 2 - 1;
            double gl = 0, hl = 0;
            int nl = 0;
            for (int t = 0; t < middle; t++)
            {
                int s = dir == 1 ? t : used - 1 - t;
                ref readonly var e = ref hist[o + binOf[s]];
                nl += (int)e.N; hl += e.H; gl += e.G;
                int nr = N - nl;
                double hr = H - hl, gr = G - gl;
                if (nl < minSamplesLeaf || hl < MinHessianToSplit) continue;
                if (nr < minSamplesLeaf || hr < MinHessianToSplit) break;
                double gain = SplitGain(gl, hl, gr, hr, parentLoss, l2);
                if (gain > bestGain && gain > 0)
                {
                    bestGain = gain; bestGL = gl; bestHL = hl; bestNL = nl; bestPos = s; bestDir = dir;
                }
            }
        }
        if (bestPos < 0) return none;
        var left = new ulong[4];
        if (bestDir == 1) for (int s = 0; s <= bestPos; s++) left[binOf[s] >> 6] |= 1UL << (binOf[s] & 63);
        else for (int s = used - 1; s >= bestPos; s--) left[binOf[s] >> 6] |= 1UL << (binOf[s] & 63);
        bool missingLeft = ((left[HistBinner.MissingBin >> 6] >> (HistBinner.MissingBin & 63)) & 1UL) != 0;
        return new FeatureBest { Gain = bestGain, Bin = 0, GL = bestGL, HL = bestHL, NL = bestNL, MissingLeft = missingLeft, CatLeft = left };
    }

    /// <summary>
    /// Sorts (bin, value) pairs by increasing value exactly as glibc's <c>qsort</c> (a top-down merge sort: the first
    /// half has n/2 elements, and a merge takes the left run's element only when it is strictly smaller) does with
    /// sklearn's comparator, so ties land in the same order as in sklearn.
    /// </summary>
    internal static void SortByValue(Span<int> bin, Span<double> value)
    {
        int n = bin.Length;
        if (n <= 1) return;
        int n1 = n / 2;
        SortByValue(bin[..n1], value[..n1]);
        SortByValue(bin[n1..], value[n1..]);
        Span<int> tb = stackalloc int[n];
        Span<double> tv = stackalloc double[n];
        int i = 0, j = n1, k = 0;
        while (i < n1 && j < n)
        {
            if (value[i] < value[j]) { tb[k] = bin[i]; tv[k++] = value[i++]; }
            else { tb[k] = bin[j]; tv[k++] = value[j++]; }
        }
        while (i < n1) { tb[k] = bin[i]; tv[k++] = value[i++]; }
        while (j < n) { tb[k] = bin[j]; tv[k++] = value[j++]; }
        tb.CopyTo(bin);
        tv.CopyTo(value);
    }

    /// <summary>
    /// The prediction bitset of a categorical split on feature f: raw category value c ∈ [0, 256) goes left when c is a
    /// known category whose bin is in <paramref name="binsLeft"/> (sklearn's <c>raw_left_cat_bitsets</c>), and an
    /// unknown c goes the missing-value way (sklearn checks <c>known_cat_bitsets</c> first).
    /// </summary>
    private ulong[] RawCategoryBitset(int f, ulong[] binsLeft, bool missingLeft)
    {
        var cats = categories![f]!;
        var raw = new ulong[4];
        var known = new bool[256];
        for (int b = 0; b < cats.Length; b++)
        {
            int c = (int)cats[b];
            known[c] = true;
            if (((binsLeft[b >> 6] >> (b & 63)) & 1UL) != 0) raw[c >> 6] |= 1UL << (c & 63);
        }
        if (missingLeft)
            for (int c = 0; c < 256; c++)
                if (!known[c]) raw[c >> 6] |= 1UL << (c & 63);
        return raw;
    }
}
