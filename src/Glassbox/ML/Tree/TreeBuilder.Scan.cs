namespace Glassbox.ML.Tree;

internal sealed partial class TreeBuilder
{
    /// <summary>
    /// Best split of the node on feature <paramref name="f"/>: sort the node's (value, sample) pairs, then sweep the
    /// positions between distinct values keeping running left sums; the right side is total − left.
    /// Proxy (the quantity compared between candidates, larger is better):
    /// gini/entropy −w_R·imp_R − w_L·imp_L; squared error S_L²/w_L + S_R²/w_R; Friedman (w_R·S_L − w_L·S_R)²/(w_L·w_R).
    /// <paramref name="gathered"/>: the caller already put the node's samples and values in bi / bx (unsorted).
    /// </summary>
    private SplitResult Evaluate(int f, int start, int end, float[] bx, int[] bi, double[] bs, bool gathered = false)
    {
        int m = end - start, o = f * data.N, msl = s.MinSamplesLeaf;
        var col = data.Col;
        Span<float> keys;
        Span<int> items;
        if (presort)
        {
            items = ord.AsSpan(f * nUsed + start, m);
            keys = ordKey.AsSpan(f * nUsed + start, m);
        }
        else
        {
            keys = bx.AsSpan(0, m);
            items = bi.AsSpan(0, m);
            if (!gathered)
                for (int q = 0; q < m; q++)
                {
                    int i = samples[start + q];
                    items[q] = i;
                    keys[q] = col[o + i];
                }
            KeySort.Sort(keys, items);
        }
        var res = new SplitResult { Proxy = double.NegativeInfinity, Pos = end };
        if (yClass is not null && integerWeights && s.Criterion == SplitCriterion.Gini)
        {
            ScanGiniInteger(keys, items, start, ref res);
            return res;
        }
        if (yReg is not null && weight is null)
        {
            ScanRegressionUnweighted(keys, items, start, ref res);
            return res;
        }
        double wn = weightedNNode, wl = 0, sl = 0, st = sumTotal[0];
        var cl = bs.AsSpan(0, k);
        cl.Clear();
        var yc = yClass;
        var yr = yReg;
        var w = weight;
        int next = 0, pi = 0;
        while (pi < m)
        {
            while (pi + 1 < m && keys[pi + 1] <= keys[pi] + FeatureThreshold) pi++;
            pi++;
            if (pi >= m) break;
            if (pi < msl || m - pi < msl) continue;
            double proxy;
            if (yc is not null)
            {
                if (w is null)
                    for (; next < pi; next++) { cl[yc[items[next]]] += 1.0; wl += 1.0; }
                else
                    for (; next < pi; next++) { int i = items[next]; cl[yc[i]] += w[i]; wl += w[i]; }
                double wr = wn - wl;
                if (s.Criterion == SplitCriterion.Gini)
                {
                    double sqL = 0, sqR = 0;
                    for (int c = 0; c < cl.Length; c++)
                    {
                        double a = cl[c], b = sumTotal[c] - a;
                        sqL += a * a;
                        sqR += b * b;
                    }
                    proxy = -wr * (1.0 - sqR / (wr * wr)) - wl * (1.0 - sqL / (wl * wl));
                }
                else
                {
                    double eL = 0, eR = 0;
                    for (int c = 0; c < cl.Length; c++)
                    {
                        double a = cl[c], b = sumTotal[c] - a;
                        if (a > 0) { double pk = a / wl; eL -= pk * (Math.Log(pk) / Log2); }
                        if (b > 0) { double pk = b / wr; eR -= pk * (Math.Log(pk) / Log2); }
                    }
                    proxy = -wr * eR - wl * eL;
                }
            }
            else
            {
                if (w is null)
                    for (; next < pi; next++) { sl += 1.0 * yr![items[next]]; wl += 1.0; }
                else
                    for (; next < pi; next++) { int i = items[next]; sl += w[i] * yr![i]; wl += w[i]; }
                double wr = wn - wl, sr = st - sl;
                if (s.Criterion == SplitCriterion.FriedmanMse)
                {
                    double diff = wr * sl - wl * sr;
                    proxy = diff * diff / (wl * wr);
                }
                else proxy = sl * sl / wl + sr * sr / wr;
            }
            if (proxy > res.Proxy) Keep(ref res, proxy, start + pi, keys[pi - 1], keys[pi]);
        }
        return res;
    }

    /// <summary>
    /// Records a better split between sorted values a &lt; b: the threshold is their midpoint computed as a/2 + b/2
    /// (sklearn's order, which cannot overflow), falling back to a when rounding lands it on b — "x ≤ threshold" must
    /// keep a on the left and b on the right.
    /// </summary>
    private static void Keep(ref SplitResult res, double proxy, int pos, float a, float b)
    {
        res.Proxy = proxy;
        res.Pos = pos;
        double thr = a / 2.0 + b / 2.0;
        if (thr == b || double.IsInfinity(thr)) thr = a;
        res.Threshold = thr;
    }

    /// <summary>
    /// The Gini sweep for whole-number weights — unit weights, or a bootstrap's draw counts: class weights are integers,
    /// so Σ w_c² on each side is kept exactly in 64-bit integers and updated in O(1) per sample (w_c → w_c + w adds
    /// 2w·w_c + w²), giving bit for bit the values sklearn's O(K) double loop computes (every term is an integer
    /// below 2⁵³).
    /// </summary>
    private void ScanGiniInteger(ReadOnlySpan<float> keys, ReadOnlySpan<int> items, int start, ref SplitResult res)
    {
        int m = keys.Length, msl = s.MinSamplesLeaf;
        var yc = yClass!;
        var wt = weight;
        Span<long> left = k <= 64 ? stackalloc long[k] : new long[k];
        Span<long> right = k <= 64 ? stackalloc long[k] : new long[k];
        left.Clear();
        long sqL = 0, sqR = 0, wl = 0;
        for (int c = 0; c < k; c++)
        {
            right[c] = (long)sumTotal[c];
            sqR += right[c] * right[c];
        }
        double wn = weightedNNode, best = res.Proxy;
        for (int q = 0; q < m - 1; q++)
        {
            int i = items[q], c = yc[i];
            long w = wt is null ? 1 : (long)wt[i];
            sqL += (2 * left[c] + w) * w;
            left[c] += w;
            sqR -= (2 * right[c] - w) * w;
            right[c] -= w;
            wl += w;
            float a = keys[q], b = keys[q + 1];
            if (b <= a + FeatureThreshold) continue;
            int pos = q + 1;
            if (pos < msl || m - pos < msl) continue;
            double wL = wl, wr = wn - wL;
            double proxy = -wr * (1.0 - sqR / (wr * wr)) - wL * (1.0 - sqL / (wL * wL));
            if (proxy > best) { best = proxy; Keep(ref res, proxy, start + pos, a, b); }
        }
    }

    /// <summary>
    /// The squared-error / Friedman sweep for unit weights in one pass over the sorted samples: the same running sums
    /// in the same order as the general loop (S_L += yᵢ, w_L += 1), so the same proxies to the last bit, without a
    /// second walk to find the ends of runs of equal values.
    /// </summary>
    private void ScanRegressionUnweighted(ReadOnlySpan<float> keys, ReadOnlySpan<int> items, int start, ref SplitResult res)
    {
        int m = keys.Length, msl = s.MinSamplesLeaf;
        var yr = yReg!;
        bool friedman = s.Criterion == SplitCriterion.FriedmanMse;
        double wn = weightedNNode, st = sumTotal[0], sl = 0, wl = 0, best = res.Proxy;
        for (int q = 0; q < m - 1; q++)
        {
            sl += yr[items[q]];
            wl += 1.0;
            float a = keys[q], b = keys[q + 1];
            if (b <= a + FeatureThreshold) continue;
            int pos = q + 1;
            if (pos < msl || m - pos < msl) continue;
            double wr = wn - wl, sr = st - sl, proxy;
            if (friedman)
            {
                double diff = wr * sl - wl * sr;
                proxy = diff * diff / (wl * wr);
            }
            else proxy = sl * sl / wl + sr * sr / wr;
            if (proxy > best) { best = proxy; Keep(ref res, proxy, start + pos, a, b); }
        }
    }

    /// <summary>
    /// Impurities of the two children of the chosen split and the split's weighted impurity decrease
    /// (<c>criterion.update(pos)</c>, <c>children_impurity</c>, <c>impurity_improvement</c>):
    /// N_t/N·(imp − w_R/w·imp_R − w_L/w·imp_L), or Friedman's (w_R·S_L − w_L·S_R)²/(w_L·w_R·w).
    /// </summary>
    private (double ImpL, double ImpR, double Improvement) ChildrenImpurity(int start, int end, int pos, double impurity)
    {
        double wn = weightedNNode, wl;
        var left = sumLeft;
        // sklearn sums whichever side is shorter, from the total when it takes the right side
        if (pos - start <= end - pos)
        {
            Array.Clear(left);
            wl = 0;
            for (int q = start; q < pos; q++) AddSample(left, samples[q], 1.0, ref wl);
        }
        else
        {
            Array.Copy(sumTotal, left, k);
            wl = wn;
            for (int q = end - 1; q >= pos; q--) AddSample(left, samples[q], -1.0, ref wl);
        }
        double wr = wn - wl;
        double impL, impR;
        switch (s.Criterion)
        {
            case SplitCriterion.Gini:
                {
                    double sqL = 0, sqR = 0;
                    for (int c = 0; c < k; c++)
                    {
                        double a = left[c], b = sumTotal[c] - a;
                        sqL += a * a; sqR += b * b;
                    }
                    impL = 1.0 - sqL / (wl * wl);
                    impR = 1.0 - sqR / (wr * wr);
                    break;
                }
            case SplitCriterion.Entropy:
                {
                    for (int c = 0; c < k; c++) sumScratch[c] = sumTotal[c] - left[c];
                    impL = Entropy(left, wl);
                    impR = Entropy(sumScratch, wr);
                    break;
                }
            default:
                {
                    double sqL = 0;
                    for (int q = start; q < pos; q++)
                    {
                        int i = samples[q];
                        double y = yReg![i];
                        sqL += W(i) * y * y;
                    }
                    double sl = left[0], sr = sumTotal[0] - sl;
                    double ml = sl / wl, mr = sr / wr;
                    impL = sqL / wl - ml * ml;
                    impR = (sqSumTotal - sqL) / wr - mr * mr;
                    if (s.Criterion == SplitCriterion.FriedmanMse)
                    {
                        double diff = wr * sl - wl * sr;
                        return (impL, impR, diff * diff / (wl * wr * wn));
                    }
                    break;
                }
        }
        return (impL, impR, wn / weightedNSamples * (impurity - wr / wn * impR - wl / wn * impL));
    }

    private void AddSample(double[] sums, int i, double sign, ref double wsum)
    {
        double w = W(i);
        if (classification) sums[yClass![i]] += sign * w;
        else sums[0] += sign * (w * yReg![i]);
        wsum += sign * w;
    }
}
