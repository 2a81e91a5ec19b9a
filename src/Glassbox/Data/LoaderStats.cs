using System.Diagnostics;

namespace Glassbox.Data;

/// <summary>
/// How long a training loop waited for its <see cref="DataLoader"/>: the time spent inside the enumerator's
/// <c>MoveNext</c> until a batch was handed over, and the number of batches handed over, summed over every epoch
/// since creation or the last <see cref="Reset"/>.
/// </summary>
/// <remarks>
/// <para>The wait is what the loader costs the training step. Without prefetch it is the whole time to build each
/// batch; with prefetch only the part of building batch b+1 that the step on batch b did not hide (plus the first
/// batch of each epoch, which nothing precedes). <see cref="ProduceTime"/> is the total time spent building batches
/// wherever that ran, so ProduceTime − WaitTime is what prefetch hid.</para>
/// <para>To report the share of step time spent in the loader, time the epoch (or the steps) with a
/// <see cref="Stopwatch"/> and call <see cref="WaitShare"/> with it. Counters are updated with interlocked
/// operations, so reading them while a prefetch task runs is safe; a reading taken mid-epoch is a consistent
/// lower bound of each counter, not one snapshot.</para>
/// </remarks>
public sealed class LoaderStats
{
    private long waitTicks, produceTicks, batches;

    /// <summary>Total time the consumer spent waiting for batches.</summary>
    public TimeSpan WaitTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref waitTicks));

    /// <summary>Total time spent building batches (gathering, collating, the batch transform), on any thread.</summary>
    public TimeSpan ProduceTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref produceTicks));

    /// <summary>Batches handed to the consumer.</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Mean wait per delivered batch (zero before the first).</summary>
    public TimeSpan MeanWait => Batches == 0 ? TimeSpan.Zero : WaitTime / Batches;

    /// <summary>
    /// <see cref="WaitTime"/> as a fraction of <paramref name="elapsed"/>, the wall-clock time of the loop that
    /// consumed the batches (0 when <paramref name="elapsed"/> is not positive).
    /// </summary>
    public double WaitShare(TimeSpan elapsed) => elapsed > TimeSpan.Zero ? WaitTime / elapsed : 0.0;

    /// <summary>Zeroes every counter (e.g. at the start of an epoch, to report per epoch).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref waitTicks, 0);
        Interlocked.Exchange(ref produceTicks, 0);
        Interlocked.Exchange(ref batches, 0);
    }

    internal void AddWait(long stopwatchTicks)
    {
        Interlocked.Add(ref waitTicks, stopwatchTicks);
        Interlocked.Increment(ref batches);
    }

    internal void AddProduce(long stopwatchTicks) => Interlocked.Add(ref produceTicks, stopwatchTicks);

    /// <inheritdoc/>
    public override string ToString() => $"{Batches} batches, waited {WaitTime.TotalMilliseconds:F1} ms, built in {ProduceTime.TotalMilliseconds:F1} ms";
}
