using System.Net;
using Glassbox.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Glassbox.Dashboard;

/// <summary>
/// The local experiment dashboard: server-rendered HTML pages over a run store (ASP.NET Core on Kestrel), listening on
/// 127.0.0.1 unless <see cref="DashboardOptions.AllowRemote"/> says otherwise. Pages: <c>/</c> (the runs table with
/// filters), <c>/runs/{id}</c> (one run), <c>/runs/{id}/artifacts/{n}</c> (a picture the run recorded) and
/// <c>/compare?ids=a,b</c> (runs side by side). It only reads the store, and only GET and HEAD are answered.
/// </summary>
/// <remarks>
/// <para>Security: a local dashboard is still reachable from a browser's other tabs, so besides listening on loopback
/// only, it refuses a request whose <c>Host</c> header is not a loopback name or address (a web page that rebinds its
/// own domain name to 127.0.0.1 would otherwise read the pages), sends a Content-Security-Policy that forbids every
/// script and every resource from elsewhere, HTML-encodes every string from the database or the URL, and reads files
/// only at paths recorded in the database (<see cref="ArtifactFiles"/>).</para>
/// <para>Bad requests get a 4xx HTML page naming the problem, never a 500; a 500 means the database itself failed.</para>
/// </remarks>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly StoreHolder store;

    private DashboardServer(WebApplication app, StoreHolder store)
    {
        this.app = app;
        this.store = store;
    }

    /// <summary>The address the server listens on, with the real port when <see cref="DashboardOptions.Port"/> was 0 (e.g. <c>http://127.0.0.1:41234</c>).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The run database shown (it need not exist yet: the pages then say so).</summary>
    public string DatabasePath => store.Path;

    /// <summary>Starts the dashboard; returns once it listens.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the host is not loopback without <see cref="DashboardOptions.AllowRemote"/>.</exception>
    /// <exception cref="RunStoreException">The database exists but is not a usable run store.</exception>
    /// <exception cref="IOException">The address cannot be bound (for example, the port is in use).</exception>
    public static async Task<DashboardServer> StartAsync(DashboardOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DashboardOptions();
        var ip = options.Validate();
        var holder = new StoreHolder(Path.GetFullPath(options.DatabasePath ?? RunStore.DefaultPath()));
        try { holder.Get(); } // a corrupt or foreign database is reported now, not on the first page view
        catch
        {
            holder.Dispose();
            throw;
        }

        // The empty builder reads no configuration files, environment or command line and logs nothing: the server's
        // behaviour is what the options say, whatever folder it is started in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(ip, options.Port);
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var server = new DashboardServer(app, holder);
        var routes = new DashboardRoutes(holder);
        app.Use((ctx, next) => Guard(ctx, next, options.AllowRemote, holder.Path));
        app.UseRouting();
        app.Map("/", routes.RunsAsync);
        app.Map("/runs/{id}", routes.RunAsync);
        app.Map("/runs/{id}/artifacts/{n}", routes.ArtifactAsync);
        app.Map("/compare", routes.CompareAsync);
        app.MapFallback(routes.NotFoundAsync);
        try { await app.StartAsync(cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            string why = e is IOException && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                ? "the port is in use by another program; choose another port (or 0 for any free one)"
                : e.Message;
            throw new IOException($"cannot listen on {options.Host}:{options.Port}: {why}", e);
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

    /// <summary>Stops listening, releases the port and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        try { await app.StopAsync().ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        await app.DisposeAsync().ConfigureAwait(false);
        store.Dispose();
    }

    /// <summary>What every request passes first: the Host check, the method check and the security headers.</summary>
    private static Task Guard(HttpContext ctx, Func<Task> next, bool allowRemote, string databasePath)
    {
        var h = ctx.Response.Headers;
        h.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        h.XContentTypeOptions = "nosniff";
        h["Referrer-Policy"] = "no-referrer";
        h.CacheControl = "no-store";
        if (!allowRemote && !IsLoopbackName(ctx.Request.Host.Host))
            return DashboardRoutes.SendAsync(ctx, 400, ErrorPage.Render(400,
                $"this dashboard answers requests addressed to localhost only, not to host '{QueryText.Clip(ctx.Request.Host.Value)}' (a guard against DNS rebinding)", databasePath));
        if (ctx.Request.Method is not ("GET" or "HEAD"))
        {
            h.Allow = "GET, HEAD";
            return DashboardRoutes.SendAsync(ctx, 405, ErrorPage.Render(405, $"method {QueryText.Clip(ctx.Request.Method)} is not allowed: the dashboard only shows pages (GET)", databasePath));
        }
        return next();
    }

    /// <summary>True for <c>localhost</c> and loopback addresses (127.0.0.0/8, <c>[::1]</c>).</summary>
    internal static bool IsLoopbackName(string? host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
