using System.Diagnostics;
using System.Threading.Channels;

namespace Glassbox.Serving;

/// <summary>
/// Runs concurrent requests' predictions as batches: requests wait in a bounded queue; one worker takes the first,
/// gathers what is queued and, while other requests are still being received, what arrives within
/// <see cref="ServerOptions.BatchWindow"/> (up to <see cref="ServerOptions.MaxBatchRows"/> samples), predicts all of
/// their samples in one call, and hands each request back exactly its own rows.
/// </summary>
/// <remarks>
/// <para><b>Why.</b> A prediction call has a fixed cost (tensor set-up, per-call dispatch, a matrix product too small
/// to use the vector units well) that is paid once per batch instead of once per request, so under load the server
/// does more samples per second. The price is latency: a batch waits up to the window for requests that are being received
/// while it gathers. A request that arrives alone does not wait (no other request is in flight, so none is about to
/// join); with a zero window the worker batches only what queued up while it was busy, which still batches under
/// load. Windows of a few milliseconds and more wait on a timer; shorter ones poll, so they cost CPU time while a batch
/// gathers.</para>
/// <para><b>Isolation.</b> Requests are checked against the schema before they are queued, so a batch holds only
/// well-formed samples. Should the model still reject a batch (an <see cref="ArgumentException"/>), the worker
/// predicts each request on its own, so only the offending one fails (with 400) and the others get their results.</para>
/// <para><b>Exactness.</b> A request's rows of a batched prediction are its predictions: the estimators and networks
/// served here compute every sample's output from that sample alone (row-wise kernels; no batch statistics in
/// evaluation mode), which the tests check bit for bit against predicting each request alone.</para>
/// </remarks>
internal sealed class MicroBatcher : IAsyncDisposable
{
    private readonly ServedModel model;
    private readonly ServerOptions options;
    private readonly Channel<Pending> queue;
    private readonly Task worker;
    private long batches, samples;
    private int arriving;

    public MicroBatcher(ServedModel model, ServerOptions options)
    {
        this.model = model;
        this.options = options;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        worker = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Batches predicted so far.</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Samples predicted so far.</summary>
    public long Samples => Interlocked.Read(ref samples);

    /// <summary>Requests waiting in the queue now.</summary>
    public int Queued => queue.Reader.Count;

    /// <summary>
    /// Tells the worker that a request is being received (its body read and checked): a batch being gathered waits
    /// for it, up to the window. Every call is followed by exactly one <see cref="PredictAsync"/> or
    /// <see cref="Abandon"/>.
    /// </summary>
    public void Arriving() => Interlocked.Increment(ref arriving);

    /// <summary>The request announced by <see cref="Arriving"/> will not be queued (it was refused).</summary>
    public void Abandon() => Interlocked.Decrement(ref arriving);

    /// <summary>Queues a checked request announced by <see cref="Arriving"/>; the task completes with its predictions.</summary>
    /// <exception cref="RequestException">503 when the queue is full.</exception>
    public Task<PredictionBatch> PredictAsync(PredictRequest request)
    {
        var p = new Pending(request);
        bool queued = queue.Writer.TryWrite(p);
        Interlocked.Decrement(ref arriving); // after the write, so a worker that sees no arrival finds the request queued
        if (!queued) throw new RequestException(503, $"the server is busy: {options.QueueCapacity} requests are already waiting; retry later");
        return p.Result.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            int rows = 0;
            long deadline = Stopwatch.GetTimestamp() + (long)(options.BatchWindow.TotalSeconds * Stopwatch.Frequency);
            while (rows < options.MaxBatchRows)
            {
                if (reader.TryRead(out var p)) { batch.Add(p); rows += p.Request.Rows; continue; }
                // Wait only for requests that are already being received: with none in flight nothing is about to
                // join, and waiting would add latency for no batch.
                if (Volatile.Read(ref arriving) == 0) break;
                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (remaining <= TimeSpan.Zero) break;
                if (remaining >= TimeSpan.FromMilliseconds(2))
                {
                    // long enough for a timer (whose resolution is about a millisecond)
                    var more = reader.WaitToReadAsync().AsTask();
                    if (await Task.WhenAny(more, Task.Delay(remaining)).ConfigureAwait(false) != more || !await more.ConfigureAwait(false)) break;
                }
                else Thread.Yield(); // below a timer's resolution: poll, for at most the window
            }
            if (batch.Count > 0) Run(batch, rows);
        }
    }

    private void Run(List<Pending> batch, int rows)
    {
        Interlocked.Increment(ref batches);
        Interlocked.Add(ref samples, rows);
        if (batch.Count == 1) { Complete(batch[0]); return; }
        int size = model.Schema.SampleSize;
        var all = new double[(long)rows * size];
        int at = 0;
        foreach (var p in batch) { p.Request.Values.CopyTo(all, at); at += p.Request.Values.Length; }
        PredictionBatch result;
        try { result = model.Predict(all, rows); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // one request the schema let through may still be refused by the model: find it by predicting each alone
            foreach (var p in batch) Complete(p);
            return;
        }
        int start = 0;
        foreach (var p in batch)
        {
            p.Result.TrySetResult(result.Slice(start, p.Request.Rows));
            start += p.Request.Rows;
        }
    }

    private void Complete(Pending p)
    {
        try { p.Result.TrySetResult(model.Predict(p.Request.Values, p.Request.Rows)); }
        catch (ArgumentException e) { p.Result.TrySetException(new RequestException(400, $"the {model.Schema.ModelType} rejects the input: {e.Message}", e)); }
        catch (Exception e) { p.Result.TrySetException(e); }
    }

    /// <summary>Stops taking requests and waits until the queued ones are answered.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await worker.ConfigureAwait(false);
    }

    private sealed class Pending(PredictRequest request)
    {
        public PredictRequest Request { get; } = request;
        public TaskCompletionSource<PredictionBatch> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
