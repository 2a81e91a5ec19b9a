using System.Runtime.InteropServices;

namespace Glassbox.Kernels;

/// <summary>
/// Per-thread packing buffer for GEMM: one 64-byte-aligned native block that grows to the largest request
/// and is then reused by every call on that thread, so GEMM allocates nothing in steady state.
/// </summary>
/// <remarks>
/// Native memory rather than a managed array: the micro-kernel reads it through raw pointers for the whole
/// call, and a managed array would have to be pinned (or live on the pinned heap, which does not align to a
/// cache line). Alignment to 64 bytes keeps every packed vector load inside one cache line. The block is freed
/// by the finalizer once its thread has exited and the thread-static reference is gone.
/// </remarks>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic] private static GemmScratch? current;

    private byte* ptr;
    private nuint bytes;

    /// <summary>Returns this thread's buffer with room for at least <paramref name="needed"/> bytes.</summary>
    public static byte* Get(nuint needed)
    {
        var s = current ??= new GemmScratch();
        if (s.bytes < needed)
        {
            if (s.ptr != null) NativeMemory.AlignedFree(s.ptr);
            s.ptr = null; s.bytes = 0;
            s.ptr = (byte*)NativeMemory.AlignedAlloc(needed, 64);
            s.bytes = needed;
        }
        return s.ptr;
    }

    ~GemmScratch()
    {
        if (ptr != null) NativeMemory.AlignedFree(ptr);
    }
}
