using System.Collections;

namespace Glassbox.Data;

/// <summary>
/// Iterates a dataset in mini-batches (<c>torch.utils.data.DataLoader</c> with a batch sampler, the default
/// collate function and one batch of prefetch).
/// </summary>
/// <remarks>
/// <para><b>Epochs.</b> Each enumeration (<c>foreach</c>) is one epoch. With <c>shuffle</c>, the epoch's order is
/// a uniform random permutation drawn by Fisher–Yates from the loader's <see cref="Generator"/> when the
/// enumeration starts (<c>torch.randperm</c>), so every epoch sees a new order and the same seed reproduces the
/// same sequence of epochs. Without shuffle the order is 0…N−1.</para>
/// <para><b>Batches.</b> Batch <c>b</c> holds the items at positions [b·B, min((b+1)·B, N)) of the order. With
/// <c>dropLast</c> the final short batch is skipped, so there are ⌊N/B⌋ batches, else ⌈N/B⌉ (<c>len(loader)</c>).
/// Datasets implementing <see cref="IBatchGatherer"/> (e.g. <see cref="TensorDataset"/>) copy rows straight into
/// the batch tensors; others go through <see cref="IDataset{TItem}.Get"/> and <see cref="Collate.Stack"/>.</para>
/// <para><b>Prefetch.</b> While the caller works on batch b, batch b+1 is built on a task of its own thread
/// (<see cref="TaskCreationOptions.LongRunning"/>), not a thread-pool work item: a training step keeps the pool's
/// threads busy with its parallel kernels, and a queued pool item would then start only when the consumer asks for
/// the batch, hiding nothing. One thread start per batch costs tens of microseconds against steps of milliseconds.
/// Batches are
/// produced strictly one after another (b+1 starts only after b is done), so the content — including what a
/// random <c>batchTransform</c> draws from its own generator — is identical with and without prefetch,
/// whatever the timing. A transform must not share a generator with code the caller runs concurrently.</para>
/// <para>Every yielded batch owns fresh tensors; keeping one across iterations is safe.</para>
/// <para><b>Stalls.</b> <see cref="Stats"/> accumulates how long the consumer waited for batches, to report the share
/// of step time spent in the loader.</para>
/// </remarks>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly IDataset<Tensor[]> dataset;
    private readonly Func<Tensor[], Tensor[]>? batchTransform;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">Items are arrays of tensors, e.g. [x, y].</param>
    /// <param name="batchSize">Samples per batch, ≥ 1 (<c>batch_size</c>).</param>
    /// <param name="shuffle">Draw a new random order each epoch (<c>shuffle</c>).</param>
    /// <param name="dropLast">Skip the final incomplete batch (<c>drop_last</c>).</param>
    /// <param name="generator">Source of the permutations; <see cref="Generator.Default"/> when null (<c>generator</c>).
    /// Pass a seeded generator for reproducible runs.</param>
    /// <param name="prefetch">Build the next batch in the background while the current one is used.</param>
    /// <param name="batchTransform">Applied to each collated batch (on the prefetch task when prefetching),
    /// e.g. augmentation; must return the new fields.</param>
    public DataLoader(IDataset<Tensor[]> dataset, int batchSize = 1, bool shuffle = false, bool dropLast = false,
        Generator? generator = null, bool prefetch = true, Func<Tensor[], Tensor[]>? batchTransform = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"DataLoader: batchSize must be at least 1, got {batchSize}");
        this.dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Generator = generator ?? Generator.Default;
        Prefetch = prefetch;
        this.batchTransform = batchTransform;
    }

    /// <summary>The dataset being iterated.</summary>
    public IDataset<Tensor[]> Dataset => dataset;

    /// <summary>Samples per batch (<c>batch_size</c>).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch uses a fresh random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether the final short batch is skipped (<c>drop_last</c>).</summary>
    public bool DropLast { get; }

    /// <summary>Whether the next batch is built in the background.</summary>
    public bool Prefetch { get; }

    /// <summary>The generator that draws the per-epoch permutations.</summary>
    public Generator Generator { get; }

    /// <summary>Time the consumer waited for batches and batches delivered, over all epochs (see <see cref="LoaderStats"/>).</summary>
    public LoaderStats Stats { get; } = new();

    /// <summary>Number of epochs started so far (enumerations begun).</summary>
    public int Epoch { get; private set; }

    /// <summary>Batches per epoch (<c>len(loader)</c>): ⌊N/B⌋ with <see cref="DropLast"/>, else ⌈N/B⌉.</summary>
    public int Count => DropLast ? dataset.Count / BatchSize : (dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>
    /// The order in which the next epoch would visit the items, advancing the generator as starting that
    /// epoch would (<c>list(sampler)</c>). Mostly for tests and debugging.
    /// </summary>
    public int[] NextOrder()
    {
        int n = dataset.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (Shuffle)
        {
            // Fisher–Yates, back to front: position i takes a uniform pick among the i+1 not yet placed.
            for (int i = n - 1; i > 0; i--)
            {
                int j = Generator.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        return order;
    }

    /// <summary>Starts an epoch: draws its order now, then yields <see cref="Count"/> batches.</summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        var order = NextOrder();
        Epoch++;
        return new Enumerator(this, order);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Batch Produce(int[] order, int b)
    {
        long began = System.Diagnostics.Stopwatch.GetTimestamp();
        try { return ProduceCore(order, b); }
        finally { Stats.AddProduce(System.Diagnostics.Stopwatch.GetTimestamp() - began); }
    }

    private Batch ProduceCore(int[] order, int b)
    {
        int start = b * BatchSize;
        int len = Math.Min(BatchSize, order.Length - start);
        var idx = order.AsSpan(start, len);
        Tensor[] fields;
        if (dataset is IBatchGatherer gatherer) fields = gatherer.GatherBatch(idx);
        else
        {
            var items = new Tensor[len][];
            for (int i = 0; i < len; i++) items[i] = dataset.Get(idx[i]);
            fields = Collate.Stack(items);
        }
        if (batchTransform is not null) fields = batchTransform(fields);
        return new Batch(fields);
    }

    private sealed class Enumerator(DataLoader loader, int[] order) : IEnumerator<Batch>
    {
        private readonly int count = loader.Count;
        private int next;
        private Task<Batch>? pending;
        private Batch? current;

        public Batch Current => current ?? throw new InvalidOperationException("DataLoader: enumeration has not started");

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (next >= count) { current = null; return false; }
            int b = next++;
            long began = System.Diagnostics.Stopwatch.GetTimestamp();
            current = pending is not null ? pending.GetAwaiter().GetResult() : loader.Produce(order, b);
            loader.Stats.AddWait(System.Diagnostics.Stopwatch.GetTimestamp() - began);
            pending = null;
            if (loader.Prefetch && next < count)
            {
                int nb = next;
                pending = Task.Factory.StartNew(() => loader.Produce(order, nb), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            return true;
        }

        public void Reset() => throw new NotSupportedException("DataLoader: start a new epoch with a new foreach instead of Reset");

        public void Dispose()
        {
            // Wait for the in-flight batch so no background work touches the dataset after the loop ends.
            // Its result (or failure) belongs to a batch nobody asked for, so it is dropped.
            if (pending is not null)
            {
                try { pending.Wait(); } catch (AggregateException) { }
                pending = null;
            }
        }
    }
}
