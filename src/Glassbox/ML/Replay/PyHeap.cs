namespace Glassbox.ML.Replay;

/// <summary>
/// Python's <c>heapq</c> (binary min-heap on a list: <c>heappush</c> appends and sifts toward the root;
/// <c>heappop</c> moves the last item to the root, walks it down to a leaf along the smaller children, then sifts it
/// back up), reproduced step for step. sklearn's histogram <c>TreeGrower</c> keeps its splittable nodes in a
/// <c>heapq</c> ordered by "larger gain first"; when gains tie exactly — common with the ±1 gradients of the absolute
/// and quantile losses — the node that comes out first, and so which node is split before <c>max_leaf_nodes</c> runs
/// out, depends on these mechanics. .NET's <see cref="PriorityQueue{TElement, TPriority}"/> is a 4-ary heap and breaks
/// such ties differently.
/// </summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="less">Python's <c>__lt__</c>: true when a must come out before b.</param>
internal sealed class PyHeap<T>(Func<T, T, bool> less)
{
    private readonly List<T> heap = [];

    /// <summary>Number of items.</summary>
    public int Count => heap.Count;

    /// <summary><c>heappush</c>.</summary>
    public void Push(T item)
    {
        heap.Add(item);
        SiftDown(0, heap.Count - 1);
    }

    /// <summary><c>heappop</c>.</summary>
    public T Pop()
    {
        var last = heap[^1];
        heap.RemoveAt(heap.Count - 1);
        if (heap.Count == 0) return last;
        var top = heap[0];
        heap[0] = last;
        SiftUp(0);
        return top;
    }

    // heapq._siftdown: move the item at pos toward the root while it is less than its parent
    private void SiftDown(int start, int pos)
    {
        var item = heap[pos];
        while (pos > start)
        {
            int parent = (pos - 1) >> 1;
            if (!less(item, heap[parent])) break;
            heap[pos] = heap[parent];
            pos = parent;
        }
        heap[pos] = item;
    }

    // heapq._siftup: bubble the smaller child up until a leaf is reached, then sift the item back down from there
    private void SiftUp(int pos)
    {
        int end = heap.Count, start = pos;
        var item = heap[pos];
        int child = 2 * pos + 1;
        while (child < end)
        {
            int right = child + 1;
            if (right < end && !less(heap[child], heap[right])) child = right;
            heap[pos] = heap[child];
            pos = child;
            child = 2 * pos + 1;
        }
        heap[pos] = item;
        SiftDown(start, pos);
    }
}
