using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Glassbox;

/// <summary>
/// Where tensor buffers come from: free lists of arrays keyed by element type and exact length.
/// Every buffer handed out is zero-filled, so code may rely on fresh tensors being zeros.
/// </summary>
/// <remarks>
/// <para>
/// A training step allocates the same shapes every time (activations, their gradients, temporaries), so an
/// exact-length pool hits almost always once the first step has run. Arrays come back only from a
/// <see cref="TensorScope"/>, which knows the step's temporaries are dead; without a scope, tensors are ordinary
/// garbage-collected arrays. Arrays over 85,000 bytes would otherwise land on the large-object heap, whose
/// collections are full (gen 2) collections — reusing them is what keeps a training loop free of GC pauses.
/// </para>
/// <para>Exact-length arrays keep span arithmetic simple: a storage's length is its element count.</para>
/// </remarks>
internal static class BufferPool
{
    private static readonly ConcurrentDictionary<(Type, int), ConcurrentBag<Array>> Free = new();
    private static long pooledBytes;

    /// <summary>Upper bound on bytes held in free lists; returns past it are dropped to the GC.</summary>
    public static long Capacity { get; set; } = 2L << 30;

    /// <summary>Bytes newly allocated (pool misses) since start: what the allocation benchmark reports.</summary>
    public static long AllocatedBytes => Interlocked.Read(ref allocatedBytes);
    private static long allocatedBytes;

    /// <summary>Pool hits since start.</summary>
    public static long Hits => Interlocked.Read(ref hits);
    private static long hits;

    public static T[] Rent<T>(int length) where T : unmanaged
    {
        if (length == 0) return [];
        if (Free.TryGetValue((typeof(T), length), out var bag) && bag.TryTake(out var a))
        {
            Interlocked.Add(ref pooledBytes, -(long)length * Unsafe.SizeOf<T>());
            Interlocked.Increment(ref hits);
            var arr = (T[])a;
            Array.Clear(arr);
            return arr;
        }
        Interlocked.Add(ref allocatedBytes, (long)length * Unsafe.SizeOf<T>());
        return new T[length];
    }

    public static void Return(Array a)
    {
        if (a.Length == 0) return;
        long bytes = Buffer.ByteLength(a);
        if (Interlocked.Add(ref pooledBytes, bytes) > Capacity) { Interlocked.Add(ref pooledBytes, -bytes); return; }
        Free.GetOrAdd((a.GetType().GetElementType()!, a.Length), _ => []).Add(a);
    }

    /// <summary>Drops every pooled array (tests and memory-pressure relief).</summary>
    public static void Clear()
    {
        Free.Clear();
        Interlocked.Exchange(ref pooledBytes, 0);
    }
}
