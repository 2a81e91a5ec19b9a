namespace Glassbox;

/// <summary>
/// Where tensor buffers come from. Every buffer handed out is zero-filled, so code may rely on fresh
/// tensors being zeros.
/// </summary>
/// <remarks>
/// Buffers are exact-length arrays (a storage's length is its element count), which keeps span
/// arithmetic simple. This is the single seam through which buffer reuse is added.
/// </remarks>
internal static class BufferPool
{
    public static T[] Rent<T>(int length) where T : unmanaged
    {
        if (length == 0) return [];
        return new T[length];
    }
}
