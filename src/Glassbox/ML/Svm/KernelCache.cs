namespace Glassbox.ML.Svm;

/// <summary>
/// Least-recently-used cache of kernel-matrix rows (libsvm's <c>Cache</c>, sized by sklearn's <c>cache_size</c> in MB).
/// Rows are float32 as in libsvm (<c>Qfloat</c>): half the memory of double, and the solver only needs them to
/// single precision because gradients and α are accumulated in double.
/// </summary>
/// <remarks>
/// An evicted row's array is dropped, not recycled, so a row a caller still holds (Q_i while Q_j is fetched) stays
/// valid. At least two rows are always kept.
/// </remarks>
internal sealed class KernelCache
{
    private readonly float[]?[] rows;
    private readonly int[] prev, next;
    private readonly int capacity;
    private int count, head = -1, tail = -1; // head = most recently used

    /// <summary>A cache for <paramref name="n"/> rows of <paramref name="rowLength"/> floats within <paramref name="megabytes"/> MB.</summary>
    public KernelCache(int n, int rowLength, double megabytes)
    {
        rows = new float[n][];
        prev = new int[n];
        next = new int[n];
        long bytes = (long)(megabytes * (1 << 20));
        capacity = (int)Math.Clamp(bytes / Math.Max(1L, 4L * rowLength), 2, n);
    }

    /// <summary>Rows computed so far (cache misses), for diagnostics.</summary>
    public long Misses { get; private set; }

    /// <summary>The cached row <paramref name="i"/>, computing it with <paramref name="fill"/> on a miss.</summary>
    public float[] Get(int i, int rowLength, Action<int, float[]> fill)
    {
        var r = rows[i];
        if (r is not null)
        {
            if (head != i) { Unlink(i); PushFront(i); }
            return r;
        }
        if (count == capacity)
        {
            int victim = tail;
            Unlink(victim);
            rows[victim] = null;
            count--;
        }
        r = new float[rowLength];
        fill(i, r);
        Misses++;
        rows[i] = r;
        PushFront(i);
        count++;
        return r;
    }

    private void Unlink(int i)
    {
        if (prev[i] >= 0) next[prev[i]] = next[i]; else head = next[i];
        if (next[i] >= 0) prev[next[i]] = prev[i]; else tail = prev[i];
    }

    private void PushFront(int i)
    {
        prev[i] = -1;
        next[i] = head;
        if (head >= 0) prev[head] = i;
        head = i;
        if (tail < 0) tail = i;
    }
}
