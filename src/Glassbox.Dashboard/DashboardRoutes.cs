using System.Text;
using Glassbox.Tracking;
using Microsoft.AspNetCore.Http;

namespace Glassbox.Dashboard;

/// <summary>
/// The request handlers behind <see cref="DashboardServer"/>'s routes: each reads its ids and query string
/// (<see cref="QueryText"/>, <see cref="RunFilter"/>), asks the store, and hands the records to a page renderer. A
/// <see cref="HttpProblem"/> becomes its 4xx error page; a failing database becomes a 500 page that names it.
/// </summary>
internal sealed class DashboardRoutes(StoreHolder stores)
{
    /// <summary><c>/</c>: the runs table.</summary>
    public Task RunsAsync(HttpContext ctx) => Page(ctx, () =>
    {
        var filter = RunFilter.Parse(ctx.Request.Query);
        var store = stores.Get();
        if (store is null) return RunsPage.Render(filter, [], false, stores.Path, databaseExists: false);
        var shown = new List<RunDetails>();
        bool more = false;
        foreach (var summary in store.ListRuns(new RunQuery(filter.Experiment, filter.Status)))
        {
            if (!filter.MatchesName(summary)) continue;
            if (store.GetRun(summary.Id) is not { } details || !filter.MatchesTags(details.Tags)) continue; // deleted meanwhile, or filtered out
            if (shown.Count == filter.Limit) { more = true; break; }
            shown.Add(details);
        }
        return RunsPage.Render(filter, shown, more, stores.Path, databaseExists: true);
    });

    /// <summary><c>/runs/{id}</c>: one run.</summary>
    public Task RunAsync(HttpContext ctx) => Page(ctx, () =>
    {
        long id = QueryText.RunId(ctx.Request.RouteValues["id"] as string);
        QueryText.AllowOnly(ctx.Request.Query, "a run's page");
        var (store, d) = Find(id);
        var histories = Histories(store, d);
        var artifacts = d.Artifacts.Select((a, n) => View(id, n, a)).ToList();
        return RunPage.Render(d, histories, artifacts, stores.Path);
    });

    /// <summary><c>/compare?ids=a,b</c>: runs side by side.</summary>
    public Task CompareAsync(HttpContext ctx) => Page(ctx, () =>
    {
        QueryText.AllowOnly(ctx.Request.Query, "the comparison page", "ids");
        var ids = QueryText.RunIds(ctx.Request.Query);
        var found = ids.Select(Find).ToList();
        return ComparePage.Render(found.Select(f => f.Details).ToList(), found.Select(f => Histories(f.Store, f.Details)).ToList(), stores.Path);
    });

    /// <summary><c>/runs/{id}/artifacts/{n}</c>: the bytes of a picture the run recorded, from its recorded path only.</summary>
    public async Task ArtifactAsync(HttpContext ctx)
    {
        byte[] bytes;
        string type;
        try
        {
            long id = QueryText.RunId(ctx.Request.RouteValues["id"] as string);
            int n = QueryText.ArtifactNumber(ctx.Request.RouteValues["n"] as string);
            QueryText.AllowOnly(ctx.Request.Query, "an artifact");
            var (_, d) = Find(id);
            if (n >= d.Artifacts.Count)
                throw HttpProblem.NotFound(d.Artifacts.Count == 0 ? $"run {id} recorded no artifacts; there is no artifact {n}"
                    : $"run {id} recorded {d.Artifacts.Count} artifact{(d.Artifacts.Count == 1 ? "" : "s")} (numbers 0 to {d.Artifacts.Count - 1}); there is no artifact {n}");
            var a = d.Artifacts[n];
            type = ArtifactFiles.PictureType(a.Path)
                ?? throw HttpProblem.NotFound($"artifact {n} of run {id} is a '{a.Kind}' file ({Path.GetFileName(a.Path)}), not a picture; the dashboard serves PNG, JPEG, GIF, WebP and BMP pictures only");
            bytes = ArtifactFiles.ReadVerified(id, n, a, ArtifactFiles.MaxPictureBytes);
        }
        catch (HttpProblem p)
        {
            await SendAsync(ctx, p.Status, ErrorPage.Render(p.Status, p.Message, stores.Path)).ConfigureAwait(false);
            return;
        }
        catch (RunStoreException e)
        {
            await SendAsync(ctx, 500, ErrorPage.Render(500, e.Message, stores.Path)).ConfigureAwait(false);
            return;
        }
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = type;
        ctx.Response.ContentLength = bytes.Length;
        ctx.Response.Headers.CacheControl = "no-cache";
        if (ctx.Request.Method != "HEAD") await ctx.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    /// <summary>Anything else: a 404 page naming the path.</summary>
    public Task NotFoundAsync(HttpContext ctx) =>
        SendAsync(ctx, 404, ErrorPage.Render(404, $"there is no page {QueryText.Clip(ctx.Request.Path.Value)}; the pages are /, /runs/ID and /compare?ids=A,B", stores.Path));

    /// <summary>Sends an HTML document (no body for HEAD).</summary>
    internal static async Task SendAsync(HttpContext ctx, int status, string html)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        ctx.Response.ContentLength = bytes.Length;
        if (ctx.Request.Method != "HEAD") await ctx.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private Task Page(HttpContext ctx, Func<string> render)
    {
        string html;
        int status = 200;
        try { html = render(); }
        catch (HttpProblem p) { (status, html) = (p.Status, ErrorPage.Render(p.Status, p.Message, stores.Path)); }
        catch (RunStoreException e) { (status, html) = (500, ErrorPage.Render(500, e.Message, stores.Path)); }
        return SendAsync(ctx, status, html);
    }

    /// <summary>The store and run <paramref name="id"/>; a 404 naming the id (and the file) when there is no such run.</summary>
    private (RunStore Store, RunDetails Details) Find(long id)
    {
        var store = stores.Get() ?? throw HttpProblem.NotFound($"no run {id}: the run database {stores.Path} does not exist yet");
        var d = store.GetRun(id) ?? throw HttpProblem.NotFound($"no run {id} in {Path.GetFileName(stores.Path)}");
        return (store, d);
    }

    /// <summary>The points of each metric that has a curve (two values or more).</summary>
    private static Dictionary<string, IReadOnlyList<MetricPoint>> Histories(RunStore store, RunDetails d) =>
        d.Metrics.Where(m => m.Count > 1).ToDictionary(m => m.Key, m => store.MetricHistory(d.Run.Id, m.Key));

    private static ArtifactView View(long id, int n, ArtifactRecord a)
    {
        string state = ArtifactFiles.State(a);
        if (a.Kind != ConfusionMatrixArtifact.Kind) return new ArtifactView(n, a, state, null, null);
        try
        {
            var bytes = ArtifactFiles.ReadVerified(id, n, a, ConfusionMatrixArtifact.MaxFileBytes);
            return new ArtifactView(n, a, state, ConfusionMatrixArtifact.Parse(bytes, a.Path), null);
        }
        catch (Exception e) when (e is HttpProblem or InvalidDataException)
        {
            return new ArtifactView(n, a, state, null, e.Message);
        }
    }
}
