using System.Diagnostics;

namespace Glassbox.Kernels;

/// <summary>
/// Dedicated helper threads for splitting one GEMM, which stay awake (spinning politely) for a short while
/// after each job so that back-to-back products do not pay a thread wake-up each time.
/// </summary>
/// <remarks>
/// <para>
/// Why not <c>Parallel.For</c>: it hands work to thread-pool workers that sleep between calls, and waking
/// one costs a futex round trip plus, on a busy machine, waiting for the scheduler to give it a core — tens
/// of µs to milliseconds. Measured on 2 loaded cores, n = 256 SGEMM on 2 threads came out slower than on 1
/// (~0.2 ms per product). OpenBLAS avoids this the same way: its threads spin for a while after a job.
/// </para>
/// <para>
/// Protocol: the caller posts part i (1 ≤ i &lt; parts) to worker i−1, runs part 0 itself, then waits for the
/// pending count to reach zero. A worker with no job spins for <see cref="SpinSeconds"/> (yielding to other
/// threads, never sleeping) and then blocks on its event. One GEMM uses the workers at a time; a concurrent
/// caller (another thread multiplying at the same moment) gets <c>false</c> from <see cref="TryRun"/> and
/// falls back to the thread pool.
/// </para>
/// </remarks>
internal static class GemmWorkers
{
    /// <summary>How long an idle worker keeps polling before it blocks (bounded CPU burn per product).</summary>
    private const double SpinSeconds = 0.002;

    private static readonly object Gate = new();
    private static Worker[] workers = [];
    private static int pending;
    private static Exception? failure;

    /// <summary>
    /// Runs body(0) … body(parts − 1) concurrently, part 0 on the calling thread; false (nothing run) when the
    /// workers are busy with another caller's product.
    /// </summary>
    public static bool TryRun(int parts, Action<int> body)
    {
        if (!Monitor.TryEnter(Gate)) return false;
        try
        {
            if (workers.Length < parts - 1)
            {
                var grown = new Worker[parts - 1];
                Array.Copy(workers, grown, workers.Length);
                for (int i = workers.Length; i < grown.Length; i++) grown[i] = new Worker(i);
                workers = grown;
            }
            failure = null;
            Volatile.Write(ref pending, parts - 1);
            for (int i = 1; i < parts; i++) workers[i - 1].Post(body, i);
            try { body(0); }
            finally
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
            }
            if (failure is { } e) throw new AggregateException("gemm: a worker thread failed", e);
            return true;
        }
        finally { Monitor.Exit(Gate); }
    }

    private sealed class Worker
    {
        private readonly ManualResetEventSlim wake = new(false);
        private Action<int>? job;
        private int index;

        public Worker(int id)
        {
            new Thread(Loop) { IsBackground = true, Name = $"glassbox-gemm-{id + 1}" }.Start();
        }

        public void Post(Action<int> body, int part)
        {
            index = part;
            Volatile.Write(ref job, body);
            wake.Set();
        }

        private void Loop()
        {
            while (true)
            {
                long idleSince = Stopwatch.GetTimestamp();
                var spin = new SpinWait();
                Action<int>? body;
                while ((body = Volatile.Read(ref job)) == null)
                {
                    if (Stopwatch.GetElapsedTime(idleSince).TotalSeconds < SpinSeconds) { spin.SpinOnce(sleep1Threshold: -1); continue; }
                    wake.Wait();
                    wake.Reset();
                    idleSince = Stopwatch.GetTimestamp();
                }
                try { body(index); }
                catch (Exception e) { failure = e; }
                Volatile.Write(ref job, null);
                Interlocked.Decrement(ref pending);
            }
        }
    }
}
