using System.Buffers;

namespace Glassbox.ML.Tree;

internal sealed partial class TreeBuilder
{
    /// <summary>
    /// Sorts the used samples once per feature (the old sklearn <c>presort=True</c> idea). Every node then owns the
    /// same range [start, end) of each feature's list, holding its samples in that feature's order, so evaluating a
    /// feature is a linear scan and the constant test reads the range's two ends.
    /// </summary>
    private void Presort()
    {
        int p = data.P, n = data.N;
        ord = new int[(long)p * nUsed];
        goesLeft = new byte[n];
        isConstant = new bool[p];
        var col = data.Col;
        void SortRange(int a, int len)
        {
            var keys = ArrayPool<float>.Shared.Rent(nUsed);
            for (int f = a; f < a + len; f++)
            {
                var seg = ord.AsSpan(f * nUsed, nUsed);
                samples.AsSpan(0, nUsed).CopyTo(seg);
                int o = f * n;
                for (int q = 0; q < nUsed; q++) keys[q] = col[o + seg[q]];
                keys.AsSpan(0, nUsed).Sort(seg);
            }
            ArrayPool<float>.Shared.Return(keys);
        }
        if (s.ParallelFeatures) Kernels.Par.For(p, 8, SortRange);
        else SortRange(0, p);
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
            for (int f = a; f < a + len; f++)
            {
                if (isConstant[f]) continue;
                var seg = ord.AsSpan(f * nUsed + start, m);
                int l = 0, r = 0;
                for (int q = 0; q < seg.Length; q++)
                {
                    int i = seg[q];
                    if (goesLeft[i] != 0) seg[l++] = i;
                    else tmp[r++] = i;
                }
                tmp.AsSpan(0, r).CopyTo(seg[l..]);
            }
            ArrayPool<int>.Shared.Return(tmp);
        }
        if (parallel) Kernels.Par.For(p, 16, Part);
        else Part(0, p);
    }
}
