namespace Glassbox.ML.Replay;

/// <summary>
/// A binary max-heap driven exactly as C++'s <c>std::push_heap</c> / <c>std::pop_heap</c> drive a
/// <c>std::vector</c> in libstdc++ (GCC's standard library, which the scikit-learn wheels are built against).
/// sklearn 1.2's <c>BestFirstTreeBuilder</c> keeps its frontier this way with the comparison
/// a.improvement &lt; b.improvement; when improvements tie, which record comes out first — and so which node is
/// split before <c>max_leaf_nodes</c> runs out — depends on these sift rules, so they are reproduced step for step
/// (.NET's <see cref="PriorityQueue{TElement, TPriority}"/> is a 4-ary heap and orders ties differently).
/// </summary>
/// <remarks>
/// push (<c>__push_heap</c>): append, then move the new item up while its parent is less than it.
/// pop (<c>__adjust_heap</c>): take the root; the hole left at the root walks down to a leaf, always following the
/// larger child (the right one when neither is less than the other), then the former last item is pushed up from
/// there.
/// </remarks>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="less">The C++ comparison: true when a orders before b (the greatest item comes out first).</param>
internal sealed class StdHeap<T>(Func<T, T, bool> less)
{
    private T[] a = new T[16];
    private int n;

    /// <summary>Number of items waiting.</summary>
    public int Count => n;

    /// <summary>Adds an item (<c>push_back</c> + <c>push_heap</c>).</summary>
    public void Push(T item)
    {
        if (n == a.Length) Array.Resize(ref a, 2 * n);
        SiftUp(n++, 0, item);
    }

    /// <summary>Removes and returns the greatest item (<c>pop_heap</c> + <c>back</c> + <c>pop_back</c>).</summary>
    public T Pop()
    {
        if (n == 0) throw new InvalidOperationException("StdHeap.Pop: the heap is empty");
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
                if (less(a[child], a[child - 1])) child--;
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
        a[len] = default!;
        n = len;
        return top;
    }

    /// <summary>libstdc++'s <c>__push_heap</c>: places <paramref name="value"/> at <paramref name="hole"/> or above.</summary>
    private void SiftUp(int hole, int top, T value)
    {
        int parent = (hole - 1) / 2;
        while (hole > top && less(a[parent], value))
        {
            a[hole] = a[parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        a[hole] = value;
    }
}
