using System.Diagnostics;
using System.Net.Http.Headers;

namespace Glassbox.Serving;

/// <summary>
/// A closed-loop HTTP load test: <see cref="LoadTestOptions.Clients"/> clients each send one <c>POST /predict</c>,
/// wait for its answer, and send the next, until <see cref="LoadTestOptions.Requests"/> requests are done or
/// <see cref="LoadTestOptions.Duration"/> has passed. Reports throughput, latency percentiles and errors (any status
/// other than 200, or a failed connection). Works against any server with that endpoint, so the same client measures
/// Glassbox and its Flask twin.
/// </summary>
/// <remarks>
/// The clients run in this process, on the same cores as an in-process server: the numbers are for "server + client
/// on one machine", the same for every server measured with it. Each client keeps its own connection (keep-alive), so
/// the test measures request handling rather than TCP set-up. The first <see cref="LoadTestOptions.Warmup"/> requests
/// (JIT, connection set-up) are sent but not counted.
/// </remarks>
public static class LoadTest
{
    /// <summary>Runs the test against <paramref name="baseAddress"/>, cycling through <paramref name="bodies"/> (JSON request bodies).</summary>
    public static async Task<LoadTestResult> RunAsync(Uri baseAddress, IReadOnlyList<byte[]> bodies, int samplesPerRequest, LoadTestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(bodies);
        ArgumentNullException.ThrowIfNull(options);
        if (bodies.Count == 0) throw new ArgumentException("no request bodies", nameof(bodies));
        options.Validate();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var predict = new Uri(baseAddress, "/predict");
        string? firstError = null;

        async Task<(bool Ok, double Ms)> Send(int i)
        {
            using var content = new ByteArrayContent(bodies[i % bodies.Count]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.PostAsync(predict, content, cancellationToken).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if ((int)response.StatusCode != 200)
                    Interlocked.CompareExchange(ref firstError, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}", null);
                return ((int)response.StatusCode == 200, ms);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref firstError, e.Message, null);
                return (false, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        }

        // warm-up: every client's connection opened, the JIT done on both sides
        int warm = 0;
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
        {
            int w;
            while ((w = Interlocked.Increment(ref warm)) <= options.Warmup) await Send(w).ConfigureAwait(false);
        })).ConfigureAwait(false);

        int next = -1;
        long errors = 0;
        var latencies = new List<double>[options.Clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async c =>
        {
            var mine = latencies[c] = [];
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Requests && clock.Elapsed < options.Duration)
            {
                var (ok, ms) = await Send(i).ConfigureAwait(false);
                mine.Add(ms);
                if (!ok) Interlocked.Increment(ref errors);
            }
        })).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadTestResult(options.Clients, all.Length, errors, seconds, all.Length / seconds, all.Length * (double)samplesPerRequest / seconds,
            Percentile(all, 50), Percentile(all, 99), all.Length > 0 ? all[^1] : double.NaN, firstError);
    }

    /// <summary>The nearest-rank percentile of sorted values: the smallest value with at least p% of the values at or below it.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0) return double.NaN;
        int rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>How hard and how long a <see cref="LoadTest"/> pushes.</summary>
public sealed record LoadTestOptions
{
    /// <summary>Concurrent clients, each with one request in flight.</summary>
    public int Clients { get; init; } = 8;

    /// <summary>Timed requests in all (the test stops at this count or at <see cref="Duration"/>, whichever comes first).</summary>
    public int Requests { get; init; } = 5000;

    /// <summary>Longest timed run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Untimed requests first.</summary>
    public int Warmup { get; init; } = 200;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (Clients is < 1 or > 1024) throw new ArgumentException($"clients must be from 1 to 1024, got {Clients}");
        if (Requests < 1) throw new ArgumentException($"requests must be at least 1, got {Requests}");
        if (Duration <= TimeSpan.Zero) throw new ArgumentException($"duration must be positive, got {Duration}");
        if (Warmup < 0) throw new ArgumentException($"warm-up must be ≥ 0, got {Warmup}");
    }
}

/// <summary>What a <see cref="LoadTest"/> measured.</summary>
/// <param name="Clients">Concurrent clients.</param>
/// <param name="Requests">Timed requests sent (answered or failed).</param>
/// <param name="Errors">Requests that did not get a 200.</param>
/// <param name="Seconds">Wall time of the timed part.</param>
/// <param name="RequestsPerSecond">Requests / seconds.</param>
/// <param name="SamplesPerSecond">Samples predicted per second (requests × samples per request / seconds).</param>
/// <param name="P50Ms">Median latency, ms.</param>
/// <param name="P99Ms">99th-percentile latency, ms.</param>
/// <param name="MaxMs">Slowest request, ms.</param>
/// <param name="FirstError">The first error seen, or null.</param>
public sealed record LoadTestResult(int Clients, long Requests, long Errors, double Seconds, double RequestsPerSecond, double SamplesPerSecond,
    double P50Ms, double P99Ms, double MaxMs, string? FirstError);
