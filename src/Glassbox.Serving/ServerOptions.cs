namespace Glassbox.Serving;

/// <summary>How <see cref="ModelServer"/> listens, what it accepts, and how it batches.</summary>
public sealed record ServerOptions
{
    /// <summary>The address to listen on: an IP address or <c>localhost</c> (the default, loopback only — reachable from this machine alone). Serving to a network is a deliberate choice of <c>0.0.0.0</c> or an interface's address.</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>The TCP port; 0 picks a free one (<see cref="ModelServer.Address"/> tells which).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The largest request body accepted; a larger one is refused with 413 before it is read.</summary>
    public long MaxBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// How long a batch being gathered waits for requests that are still being received (a request that arrives while
    /// no other is in flight is predicted at once). Longer windows give larger batches under concurrent load — more
    /// samples per second for models whose per-call cost dominates — at the price of up to this much added latency per
    /// batch; zero batches only what is already queued.
    /// </summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMicroseconds(500);

    /// <summary>The batching worker stops adding requests to a batch once it holds at least this many samples.</summary>
    public int MaxBatchRows { get; init; } = 512;

    /// <summary>Requests that may wait for the worker; when the queue is full a request is refused with 503 at once (back-pressure instead of unbounded memory and latency).</summary>
    public int QueueCapacity { get; init; } = 4096;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("host must not be empty");
        if (Port is < 0 or > 65535) throw new ArgumentException($"port must be from 0 to 65535, got {Port}");
        if (MaxBodyBytes < 64) throw new ArgumentException($"max body size must be at least 64 bytes, got {MaxBodyBytes}");
        if (BatchWindow < TimeSpan.Zero || BatchWindow > TimeSpan.FromSeconds(1)) throw new ArgumentException($"batch window must be from 0 to 1 s, got {BatchWindow}");
        if (MaxBatchRows < 1) throw new ArgumentException($"max batch rows must be at least 1, got {MaxBatchRows}");
        if (QueueCapacity < 1) throw new ArgumentException($"queue capacity must be at least 1, got {QueueCapacity}");
    }
}
