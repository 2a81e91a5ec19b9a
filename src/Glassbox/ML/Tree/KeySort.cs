namespace Glassbox.ML.Tree;

/// <summary>
/// Sorts a node's feature values together with their sample indices — the inner loop of every split search that
/// does not presort. Letters: m = number of samples in the node.
/// </summary>
/// <remarks>
/// Introsort with a three-way (Dijkstra "Dutch flag") partition, the scheme scikit-learn's splitter uses: everything
/// equal to the pivot is set aside in one pass and never touched again. Tree features are often heavily tied (pixel
/// intensities take 256 values, most of them 0; one-hot columns take two), and a two-way partition keeps re-sorting
/// runs of equal keys, while the three-way one finishes a run of equal keys in a single pass, so a feature with d
/// distinct values costs about O(m·log d). Median-of-three pivots; heapsort once the recursion passes 2·log₂ m, so the
/// worst case stays O(m log m); insertion sort below 16 elements. Not stable: equal keys come out in an unspecified
/// (but deterministic) order. <see cref="SortReference"/> is the plain library sort it is tested against.
/// </remarks>
internal static class KeySort
{
    private const int InsertionLimit = 16;

    /// <summary>Sorts <paramref name="keys"/> ascending, applying the same permutation to <paramref name="items"/> [m].</summary>
    public static void Sort(Span<float> keys, Span<int> items)
    {
        if (keys.Length != items.Length) throw new ArgumentException($"KeySort.Sort: keys [{keys.Length}] and items [{items.Length}] differ in length");
        if (keys.Length < 2) return;
        Introsort(keys, items, 2 * Log2(keys.Length));
    }

    /// <summary>Introsort with an explicit recursion budget (0 = heapsort at once), so tests can reach the fallback.</summary>
    internal static void Sort(Span<float> keys, Span<int> items, int depthLimit)
    {
        if (keys.Length != items.Length) throw new ArgumentException($"KeySort.Sort: keys [{keys.Length}] and items [{items.Length}] differ in length");
        Introsort(keys, items, depthLimit);
    }

    /// <summary>The reference: <see cref="MemoryExtensions.Sort{TKey, TValue}(Span{TKey}, Span{TValue})"/>.</summary>
    public static void SortReference(Span<float> keys, Span<int> items) => keys.Sort(items);

    private static int Log2(int m) => 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)m);

    private static void Introsort(Span<float> keys, Span<int> items, int depthLimit)
    {
        while (keys.Length > InsertionLimit)
        {
            if (depthLimit-- == 0) { HeapSort(keys, items); return; }
            float pivot = MedianOfThree(keys[0], keys[keys.Length / 2], keys[^1]);
            // invariant: [0, lt) < pivot, [lt, i) == pivot, [gt, m) > pivot; [i, gt) not yet seen
            int lt = 0, i = 0, gt = keys.Length;
            while (i < gt)
            {
                float v = keys[i];
                if (v < pivot) { Swap(keys, items, i, lt); lt++; i++; }
                else if (v > pivot) { gt--; Swap(keys, items, i, gt); }
                else i++;
            }
            // recurse into the smaller side, loop on the larger, so the stack depth stays O(log m)
            if (lt < keys.Length - gt)
            {
                Introsort(keys[..lt], items[..lt], depthLimit);
                keys = keys[gt..]; items = items[gt..];
            }
            else
            {
                Introsort(keys[gt..], items[gt..], depthLimit);
                keys = keys[..lt]; items = items[..lt];
            }
        }
        InsertionSort(keys, items);
    }

    private static float MedianOfThree(float a, float b, float c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);

    private static void Swap(Span<float> keys, Span<int> items, int a, int b)
    {
        (keys[a], keys[b]) = (keys[b], keys[a]);
        (items[a], items[b]) = (items[b], items[a]);
    }

    private static void InsertionSort(Span<float> keys, Span<int> items)
    {
        for (int i = 1; i < keys.Length; i++)
        {
            float k = keys[i];
            int it = items[i], j = i - 1;
            while (j >= 0 && keys[j] > k)
            {
                keys[j + 1] = keys[j];
                items[j + 1] = items[j];
                j--;
            }
            keys[j + 1] = k;
            items[j + 1] = it;
        }
    }

    private static void HeapSort(Span<float> keys, Span<int> items)
    {
        int m = keys.Length;
        for (int start = m / 2 - 1; start >= 0; start--) SiftDown(keys, items, start, m);
        for (int end = m - 1; end > 0; end--)
        {
            Swap(keys, items, 0, end);
            SiftDown(keys, items, 0, end);
        }
    }

    private static void SiftDown(Span<float> keys, Span<int> items, int root, int end)
    {
        while (true)
        {
            int child = 2 * root + 1;
            if (child >= end) return;
            if (child + 1 < end && keys[child + 1] > keys[child]) child++;
            if (keys[root] >= keys[child]) return;
            Swap(keys, items, root, child);
            root = child;
        }
    }
}
