using System.Buffers;

namespace Glassbox.ML.Tree;

internal sealed partial class TreeBuilder
{
    /// <summary>
    /// Gives the tree every feature's samples in sorted order (the old sklearn <c>presort=True</c> idea), copied or
    /// filtered from the matrix's shared sort (<see cref="ColumnData.Sorted"/>): <c>ord</c> lists the used samples,
    /// <c>ordKey</c> their values beside them. Every node then owns the same range [start, end) of each feature's
    /// list, holding its samples in that feature's order, so evaluating a feature is one sequential scan and the
    /// constant test reads the range's two ends. Samples of weight 0 are dropped by a stable filter, which keeps the
    /// order sorted.
    /// </summary>
    private void Presort()
    {
        int p = data.P, n = data.N;
        var ws = workspace ?? new TreeWorkspace();
        ws.Ensure((long)p * nUsed);
        ord = ws.Ord;
        ordKey = ws.OrdKey;
        goesLeft = new byte[n];
        isConstant = new bool[p];
        var (order, keys) = data.Sorted(s.ParallelFeatures);
        if (nUsed == n)
        {
            Array.Copy(order, ord, order.LongLength);
            Array.Copy(keys, ordKey, keys.LongLength);
            return;
        }
        var w = weight!;
        void FilterRange(int a, int len)
        {
            for (int f = a; f < a + len; f++)
            {
                int src = f * n, dst = f * nUsed;
                for (int r = 0; r < n; r++)
                {
                    int i = order[src + r];
                    if (w[i] == 0) continue;
                    ord[dst] = i;
                    ordKey[dst++] = keys[src + r];
                }
            }
        }
        if (s.ParallelFeatures) Kernels.Par.For(p, 16, FilterRange);
        else FilterRange(0, p);
    }

    /// <summary>
    /// After the node's samples were partitioned (left = samples[start, pos)), splits every feature's sorted range the
    /// same way with a stable partition, so both children keep sorted ranges. Features constant in this node stay
    /// constant below it and are never evaluated there again, so their ranges are left alone.
    /// </summary>
    private void SplitPresorted(int start, int end, int pos, int nConstant, bool parallel)
    {
        int p = data.P, m = end - start;
        for (int q = start; q < pos; q++) goesLeft[samples[q]] = 1;
        for (int q = pos; q < end; q++) goesLeft[samples[q]] = 0;
        Array.Clear(isConstant);
        for (int c = 0; c < nConstant; c++) isConstant[constantFeatures[c]] = true;
        void Part(int a, int len)
        {
            var tmp = ArrayPool<int>.Shared.Rent(m);
            var tmpKey = ArrayPool<float>.Shared.Rent(m);
            for (int f = a; f < a + len; f++)
            {
                if (isConstant[f]) continue;
                var seg = ord.AsSpan(f * nUsed + start, m);
                var segKey = ordKey.AsSpan(f * nUsed + start, m);
                int l = 0, r = 0;
                for (int q = 0; q < seg.Length; q++)
                {
                    // branch-free: which side a sample goes is a coin flip to the branch predictor, so write it to
                    // both places and advance only the matching cursor (a left write lands at l ≤ q, already read)
                    int i = seg[q];
                    float v = segKey[q];
                    int g = goesLeft[i];
                    seg[l] = i; segKey[l] = v;
                    tmp[r] = i; tmpKey[r] = v;
                    l += g; r += 1 - g;
                }
                tmp.AsSpan(0, r).CopyTo(seg[l..]);
                tmpKey.AsSpan(0, r).CopyTo(segKey[l..]);
            }
            ArrayPool<int>.Shared.Return(tmp);
            ArrayPool<float>.Shared.Return(tmpKey);
        }
        if (parallel) Kernels.Par.For(p, 16, Part);
        else Part(0, p);
    }
}
