using System.Diagnostics;
using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>
/// <see cref="DataLoader.Stats"/>: the consumer's wait for batches. Bounds are wall-clock, so the tests run alone
/// (<see cref="TimingCollection"/>) and leave wide margins: sleeps are lower bounds of elapsed time on every OS,
/// and the fast cases allow several times the expected overhead.
/// </summary>
[Collection(TimingCollection.Name)]
public class LoaderStatsTests
{
    private static TensorDataset Data(int n) => new(Tensor.FromArray(Enumerable.Range(0, n * 3).Select(i => (float)i).ToArray(), n, 3),
        Tensor.FromArray(Enumerable.Range(0, n).Select(i => (long)i).ToArray(), n));

    /// <summary>Every item takes <paramref name="ms"/> milliseconds to read.</summary>
    private sealed class SleepyDataset(TensorDataset inner, int ms) : IDataset<Tensor[]>
    {
        public int Count => inner.Count;
        public Tensor[] Get(int index)
        {
            Thread.Sleep(ms);
            return inner.Get(index);
        }
    }

    [Fact]
    public void ASlowDatasetWithoutPrefetchMakesTheWaitMostOfTheLoop()
    {
        var loader = new DataLoader(new SleepyDataset(Data(6), 15), batchSize: 2, prefetch: false);
        var clock = Stopwatch.StartNew();
        int seen = 0;
        foreach (var _ in loader) seen++;
        clock.Stop();
        var s = loader.Stats;
        Assert.Equal(3, seen);
        Assert.Equal(3, s.Batches);
        // Six sleeps of 15 ms happen inside MoveNext: at least 90 ms of waiting (5 ms slack for timer granularity).
        Assert.True(s.WaitTime >= TimeSpan.FromMilliseconds(85), s.ToString());
        // The loop does nothing else, so nearly all of its time is waiting; building happens inside the wait.
        Assert.InRange(s.WaitShare(clock.Elapsed), 0.8, 1.0);
        Assert.True(s.ProduceTime <= s.WaitTime, s.ToString());
        Assert.Equal(s.WaitTime / 3, s.MeanWait);
    }

    [Fact]
    public void PrefetchHidesAFastDatasetBehindASlowStep()
    {
        var loader = new DataLoader(Data(64), batchSize: 8, prefetch: true);
        foreach (var _ in loader) { } // warm up (JIT) so the measured epoch sees only the loader's own cost
        loader.Stats.Reset();
        Assert.Equal(0, loader.Stats.Batches);
        Assert.Equal(TimeSpan.Zero, loader.Stats.WaitTime);
        var clock = Stopwatch.StartNew();
        foreach (var _ in loader) Thread.Sleep(30); // the "training step"
        clock.Stop();
        var s = loader.Stats;
        Assert.Equal(8, s.Batches);
        // Gathering 8 rows takes microseconds and runs while the step sleeps 30 ms: the eight waits together
        // are far below the 240 ms of steps. 20% leaves room for a thread-pool start on a loaded machine.
        Assert.True(s.WaitShare(clock.Elapsed) < 0.2, $"{s} in {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void PrefetchOfASlowDatasetHidesWhatTheStepCovers()
    {
        // Each batch takes ≥ 40 ms to build and each step 60 ms: with prefetch only the first batch is waited for
        // in full; without it every batch is.
        var ds = new SleepyDataset(Data(8), 20);
        var with = new DataLoader(ds, batchSize: 2, prefetch: true);
        var without = new DataLoader(ds, batchSize: 2, prefetch: false);
        foreach (var _ in with) Thread.Sleep(60);
        foreach (var _ in without) Thread.Sleep(60);
        Assert.Equal(4, with.Stats.Batches);
        Assert.True(without.Stats.WaitTime >= TimeSpan.FromMilliseconds(150), without.Stats.ToString()); // 4 × 40 ms
        Assert.True(with.Stats.ProduceTime >= TimeSpan.FromMilliseconds(150), with.Stats.ToString()); // the same work, hidden
        // With prefetch: the first batch (≥ 40 ms) plus whatever of 3 × 40 ms the 60 ms steps did not hide.
        Assert.True(with.Stats.WaitTime < without.Stats.WaitTime * 0.75, $"with: {with.Stats}; without: {without.Stats}");
    }

    [Fact]
    public void PrefetchStillOverlapsWhenEveryThreadPoolThreadIsBusy()
    {
        // A training step's parallel kernels occupy the thread pool; prefetch must not queue behind them. Block
        // every pool thread the pool has (it injects new ones only slowly), then run the slow-dataset scenario.
        ThreadPool.GetMinThreads(out int workers, out _);
        using var release = new ManualResetEventSlim(false);
        using var started = new CountdownEvent(workers);
        for (int i = 0; i < workers; i++)
            ThreadPool.UnsafeQueueUserWorkItem(_ => { started.Signal(); release.Wait(); }, null);
        try
        {
            Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "the pool did not start its blocking items");
            var ds = new SleepyDataset(Data(8), 20);
            var with = new DataLoader(ds, batchSize: 2, prefetch: true);
            foreach (var _ in with) Thread.Sleep(60);
            // Without overlap the wait would be the whole 4 × 40 ms of building; with it, about the first batch.
            Assert.True(with.Stats.WaitTime < with.Stats.ProduceTime * 0.75, with.Stats.ToString());
        }
        finally { release.Set(); }
    }

    [Fact]
    public void StatsAccumulateOverEpochs()
    {
        var loader = new DataLoader(Data(10), batchSize: 4, prefetch: false);
        foreach (var _ in loader) { }
        foreach (var _ in loader) { }
        Assert.Equal(6, loader.Stats.Batches);
        Assert.True(loader.Stats.WaitTime > TimeSpan.Zero);
        Assert.Equal(0.0, loader.Stats.WaitShare(TimeSpan.Zero));
    }
}
