namespace Glassbox;

/// <summary>
/// How many threads Glassbox's kernels (GEMM, elementwise ops, reductions) may use — PyTorch's
/// <c>torch.get_num_threads()</c> / <c>torch.set_num_threads(n)</c>. Defaults to the processor count; the
/// <c>GLASSBOX_NUM_THREADS</c> environment variable overrides it at start-up.
/// </summary>
public static class Threads
{
    /// <summary>The kernel thread count; must be at least 1.</summary>
    public static int Count
    {
        get => Kernels.Par.MaxThreads;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), $"Threads.Count must be at least 1, got {value}");
            Kernels.Par.MaxThreads = value;
        }
    }
}
