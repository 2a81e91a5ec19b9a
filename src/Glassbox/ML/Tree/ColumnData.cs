namespace Glassbox.ML.Tree;

/// <summary>
/// The training matrix as trees see it: float32 (sklearn's <c>DTYPE</c>), stored feature-major
/// (<c>Col[f·N + i]</c>), so gathering one feature for a node's samples reads one contiguous 4·N-byte column
/// rather than striding across rows. Shared read-only by all the trees of an ensemble.
/// </summary>
internal sealed class ColumnData
{
    /// <summary>Feature-major float32 values [P][N].</summary>
    public readonly float[] Col;
    /// <summary>Number of samples.</summary>
    public readonly int N;
    /// <summary>Number of features.</summary>
    public readonly int P;

    private readonly object sortLock = new();
    private (int[] Order, float[] Keys)? sorted;

    /// <summary>Transposes a row-major float64 matrix [n, p] into float32 columns.</summary>
    public ColumnData(double[] x, int n, int p)
    {
        N = n; P = p;
        Col = new float[(long)n * p];
        const int block = 64;
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int i1 = Math.Min(n, i0 + block);
            for (int f = 0; f < p; f++)
            {
                int o = f * n;
                for (int i = i0; i < i1; i++) Col[o + i] = (float)x[i * p + f];
            }
        }
    }

    /// <summary>
    /// Every feature's samples in ascending order of value, ties by ascending sample index (a stable order, so a
    /// subset filtered out of it is the subset's own stable order): <c>Order[f·N + r]</c> is the sample of rank r on
    /// feature f and <c>Keys[f·N + r]</c> its value. Computed once, on first use, and shared by every tree grown on
    /// this matrix (gradient boosting grows hundreds of trees on the same rows).
    /// </summary>
    /// <remarks>
    /// Each (value, index) pair is packed into one 64-bit key whose unsigned order is the pair's lexicographic order —
    /// the float's bits made monotone (flip all bits of negatives, set the sign bit of the rest) above the index — so
    /// a primitive sort of ulongs replaces a sort with a comparison delegate.
    /// </remarks>
    public (int[] Order, float[] Keys) Sorted(bool parallel)
    {
        lock (sortLock)
        {
            if (sorted is { } s) return s;
            var order = new int[(long)P * N];
            var keys = new float[(long)P * N];
            void SortRange(int a, int len)
            {
                var packed = new ulong[N];
                for (int f = a; f < a + len; f++)
                {
                    int o = f * N;
                    for (int i = 0; i < N; i++) packed[i] = ((ulong)MonotoneBits(Col[o + i]) << 32) | (uint)i;
                    Array.Sort(packed);
                    for (int r = 0; r < N; r++)
                    {
                        int i = (int)(uint)packed[r];
                        order[o + r] = i;
                        keys[o + r] = Col[o + i];
                    }
                }
            }
            if (parallel) Kernels.Par.For(P, 8, SortRange);
            else SortRange(0, P);
            sorted = (order, keys);
            return sorted.Value;
        }
    }

    /// <summary>The float's bit pattern mapped so that unsigned integer order equals float order.</summary>
    private static uint MonotoneBits(float v)
    {
        uint b = BitConverter.SingleToUInt32Bits(v);
        return (b & 0x80000000u) != 0 ? ~b : b | 0x80000000u;
    }
}
