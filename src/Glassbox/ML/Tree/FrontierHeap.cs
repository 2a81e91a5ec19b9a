namespace Glassbox.ML.Tree;

/// <summary>
/// A node waiting on the best-first frontier (sklearn's <c>FrontierRecord</c>): where its samples lie, how it would be
/// split, and the priority of that split.
/// </summary>
/// <param name="NodeId">The node's id in the tree (already added).</param>
/// <param name="Start">First position of its samples in the builder's sample array.</param>
/// <param name="End">One past the last position.</param>
/// <param name="Pos">Split position: samples [Start, Pos) go left; End for a leaf.</param>
/// <param name="Depth">Depth of the node (root = 0).</param>
/// <param name="IsLeaf">True when the node cannot be split (its split was not found or not allowed).</param>
/// <param name="Impurity">Impurity of the node.</param>
/// <param name="ImpurityLeft">Impurity of the left child of its best split (the node's own for a leaf).</param>
/// <param name="ImpurityRight">Impurity of the right child of its best split (the node's own for a leaf).</param>
/// <param name="Improvement">Weighted impurity decrease of its best split, N_t/N·(imp(t) − N_L/N_t·imp(L) − N_R/N_t·imp(R));
/// 0 for a leaf. The heap's priority.</param>
internal readonly record struct FrontierRecord(int NodeId, int Start, int End, int Pos, int Depth, bool IsLeaf,
    double Impurity, double ImpurityLeft, double ImpurityRight, double Improvement);

/// <summary>
/// The max-heap of <see cref="FrontierRecord"/>s ordered by <see cref="FrontierRecord.Improvement"/> that sklearn 1.2's
/// <c>BestFirstTreeBuilder</c> keeps: a <c>std::vector</c> driven by <c>std::push_heap</c> / <c>std::pop_heap</c> with
/// the comparison a.improvement &lt; b.improvement. The sift rules are libstdc++'s, reproduced step for step, so records
/// of equal improvement leave the heap in the same order as in sklearn (.NET's <c>PriorityQueue</c> is a 4-ary heap
/// and orders ties differently).
/// </summary>
/// <remarks>
/// push: append, then move the new record up while its parent's improvement is strictly smaller.
/// pop: take the root; the hole left at the root walks down to a leaf, always following the larger child (the right one
/// when the children are equal), then the former last record is pushed up from there (libstdc++'s
/// <c>__adjust_heap</c>).
/// </remarks>
internal sealed class FrontierHeap
{
    private FrontierRecord[] a = new FrontierRecord[16];
    private int n;

    /// <summary>Number of records waiting.</summary>
    public int Count => n;

    /// <summary>Adds a record (<c>frontier.push_back</c> + <c>push_heap</c>).</summary>
    public void Push(in FrontierRecord r)
    {
        if (n == a.Length) Array.Resize(ref a, 2 * n);
        SiftUp(n++, 0, r);
    }

    /// <summary>Removes and returns the record of largest improvement (<c>pop_heap</c> + <c>back</c> + <c>pop_back</c>).</summary>
    public FrontierRecord Pop()
    {
        if (n == 0) throw new InvalidOperationException("FrontierHeap.Pop: the frontier is empty");
        var top = a[0];
        int len = n - 1;
        if (len > 0)
        {
            var value = a[len];
            a[len] = top;
            // __adjust_heap(first, 0, len, value)
            int hole = 0, child = 0;
            while (child < (len - 1) / 2)
            {
                child = 2 * (child + 1);
                if (a[child].Improvement < a[child - 1].Improvement) child--;
                a[hole] = a[child];
                hole = child;
            }
            if ((len & 1) == 0 && child == (len - 2) / 2)
            {
                child = 2 * (child + 1);
                a[hole] = a[child - 1];
                hole = child - 1;
            }
            SiftUp(hole, 0, value);
        }
        n = len;
        return top;
    }

    /// <summary>libstdc++'s <c>__push_heap</c>: places <paramref name="value"/> at <paramref name="hole"/> or above.</summary>
    private void SiftUp(int hole, int top, in FrontierRecord value)
    {
        int parent = (hole - 1) / 2;
        while (hole > top && a[parent].Improvement < value.Improvement)
        {
            a[hole] = a[parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        a[hole] = value;
    }
}
