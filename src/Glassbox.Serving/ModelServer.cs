using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Glassbox.Serving;

/// <summary>
/// Serves a <see cref="ServedModel"/> over HTTP (ASP.NET Core on Kestrel, minimal API): <c>POST /predict</c>,
/// <c>GET /health</c>, <c>GET /metadata</c>. Bound to localhost unless <see cref="ServerOptions.Host"/> says otherwise.
/// </summary>
/// <remarks>
/// <para><b>Bad input is the client's error, never the server's.</b> A wrong method (405), an unknown path (404), a
/// content type other than <c>application/json</c> (415), a body over <see cref="ServerOptions.MaxBodyBytes"/> (413),
/// malformed JSON or a body that does not fit the schema (400) each get a 4xx with <c>{"error": "…"}</c> naming the
/// problem, and the server goes on serving. A 500 means a fault of the server or the model, not of the request.</para>
/// <para>Predictions go through a <see cref="MicroBatcher"/>; a full queue answers 503.</para>
/// </remarks>
public sealed class ModelServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly MicroBatcher batcher;
    private readonly ServedModel model;
    private readonly ServerOptions options;
    private readonly byte[] metadata;

    private ModelServer(WebApplication app, ServedModel model, ServerOptions options)
    {
        this.app = app;
        this.model = model;
        this.options = options;
        batcher = new MicroBatcher(model, options);
        var buffer = new ArrayBufferWriter<byte>();
        ResponseJson.Metadata(buffer, model.Schema, options);
        metadata = buffer.WrittenSpan.ToArray();
    }

    /// <summary>The address the server listens on, with the real port when <see cref="ServerOptions.Port"/> was 0 (e.g. <c>http://127.0.0.1:41234</c>).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The model being served.</summary>
    public ServedModel Model => model;

    /// <summary>Prediction batches run so far (each one call of <see cref="ServedModel.Predict"/>).</summary>
    public long Batches => batcher.Batches;

    /// <summary>Samples predicted so far.</summary>
    public long Samples => batcher.Samples;

    /// <summary>Requests waiting for the batching worker now.</summary>
    public int Queued => batcher.Queued;

    /// <summary>Starts serving <paramref name="model"/>; returns once the server listens.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the host is not an IP address or <c>localhost</c>.</exception>
    /// <exception cref="IOException">The address cannot be bound (for example, the port is in use).</exception>
    public static async Task<ModelServer> StartAsync(ServedModel model, ServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ServerOptions();
        options.Validate();
        var ip = options.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(options.Host, out var parsed) ? parsed
            : throw new ArgumentException($"host '{options.Host}' is not an IP address or localhost");

        // The empty builder reads no configuration files, environment or command line, and logs nothing: the server's
        // behaviour is exactly what the options say, whatever folder it is started in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // The limit is enforced by ReadBodyAsync, which never buffers past it. Kestrel's own limit is kept higher so
            // that, after a 413, it can read and discard the rest of a moderately oversized body: a connection closed
            // with unread data is reset, and the client may then lose the 413 it was sent.
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes * 16, 64L << 20);
            k.Listen(ip, options.Port);
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var server = new ModelServer(app, model, options);
        app.UseRouting();
        app.Map("/predict", server.PredictAsync);
        app.Map("/health", server.HealthAsync);
        app.Map("/metadata", server.MetadataAsync);
        app.MapFallback(ctx => Send(ctx, 404, $"no endpoint {Clip(ctx.Request.Path.Value)}; the endpoints are POST /predict, GET /health and GET /metadata"));
        try { await app.StartAsync(cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot listen on {options.Host}:{options.Port}: {e.Message}", e);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address);
        return server;
    }

    /// <summary>Completes when the server stops (Ctrl+C in a console host, or <paramref name="cancellationToken"/>).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var r1 = app.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
        using var r2 = cancellationToken.Register(() => stopped.TrySetResult());
        await stopped.Task.ConfigureAwait(false);
    }

    /// <summary>Stops listening, answers the requests already queued, and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        try { await app.StopAsync().ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        await batcher.DisposeAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private Task HealthAsync(HttpContext ctx) =>
        ctx.Request.Method is "GET" or "HEAD" ? SendRaw(ctx, 200, """{"status":"ok"}"""u8.ToArray()) : MethodNotAllowed(ctx, "GET");

    private Task MetadataAsync(HttpContext ctx) =>
        ctx.Request.Method is "GET" or "HEAD" ? SendRaw(ctx, 200, metadata) : MethodNotAllowed(ctx, "GET");

    private async Task PredictAsync(HttpContext ctx)
    {
        if (ctx.Request.Method != "POST") { await MethodNotAllowed(ctx, "POST").ConfigureAwait(false); return; }
        PredictionBatch result;
        try
        {
            CheckContentType(ctx.Request.ContentType);
            PredictRequest request;
            batcher.Arriving();
            try { request = PredictRequest.Parse((await ReadBodyAsync(ctx).ConfigureAwait(false)).Span, model.Schema); }
            catch
            {
                batcher.Abandon();
                throw;
            }
            result = await batcher.PredictAsync(request).ConfigureAwait(false);
        }
        catch (RequestException e)
        {
            await Send(ctx, e.Status, e.Message).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals while reading the body: too large (413) for a chunked body, a client that stalls or disconnects
            await Send(ctx, e.StatusCode, e.StatusCode == 413 ? TooLarge() : $"bad request: {e.Message}").ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // not the request's fault: the model failed on input that passed every check
            await Send(ctx, 500, $"internal error: the {model.Schema.ModelType} failed ({e.GetType().Name}: {e.Message})").ConfigureAwait(false);
            return;
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        ResponseJson.Prediction(buffer, result, model.Schema);
        await SendRaw(ctx, 200, buffer.WrittenMemory).ConfigureAwait(false);
    }

    private static void CheckContentType(string? contentType)
    {
        if (contentType is null) throw new RequestException(415, "missing Content-Type; send the body as application/json");
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mt) || !mt.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            throw new RequestException(415, $"Content-Type '{Clip(contentType)}' is not supported; send the body as application/json");
        if (mt.Charset.HasValue && !mt.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            throw new RequestException(415, $"charset '{Clip(mt.Charset.Value)}' is not supported; send UTF-8");
    }

    /// <summary>Reads the whole body, refusing (413) one longer than the limit — from its Content-Length before reading, or as soon as the bytes pass the limit.</summary>
    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext ctx)
    {
        long limit = options.MaxBodyBytes;
        if (ctx.Request.ContentLength is long declared && declared > limit) throw new RequestException(413, TooLarge());
        var buffer = new byte[(int)Math.Min(ctx.Request.ContentLength ?? 4096, limit) + 1];
        int n = 0;
        var body = ctx.Request.Body;
        while (true)
        {
            if (n == buffer.Length)
            {
                if (n > limit) throw new RequestException(413, TooLarge());
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1));
            }
            int read = await body.ReadAsync(buffer.AsMemory(n)).ConfigureAwait(false);
            if (read == 0) break;
            n += read;
        }
        if (n > limit) throw new RequestException(413, TooLarge());
        return buffer.AsMemory(0, n);
    }

    private string TooLarge() => $"the request body is larger than the limit of {options.MaxBodyBytes} bytes; send fewer samples per request";

    private static Task MethodNotAllowed(HttpContext ctx, string allowed)
    {
        ctx.Response.Headers.Allow = allowed;
        return Send(ctx, 405, $"method {Clip(ctx.Request.Method)} is not allowed on {ctx.Request.Path.Value}; use {allowed}");
    }

    private static Task Send(HttpContext ctx, int status, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        ResponseJson.Error(buffer, message);
        return SendRaw(ctx, status, buffer.WrittenMemory);
    }

    private static async Task SendRaw(HttpContext ctx, int status, ReadOnlyMemory<byte> json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        ctx.Response.ContentLength = json.Length;
        if (ctx.Request.Method != "HEAD") await ctx.Response.Body.WriteAsync(json).ConfigureAwait(false);
    }

    private static string Clip(string? s) => Names.Clip(s ?? "");
}
