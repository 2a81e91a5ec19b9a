using System.Net;

namespace Glassbox.Dashboard.Tests;

/// <summary>Every page over HTTP, in-process against a real Kestrel on loopback: what each shows, with values.</summary>
public class PageTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    private async Task<(int Status, string Html)> Get(string url)
    {
        using var response = await f.Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, html);
    }

    [Fact]
    public async Task RunsPage_ListsEveryRun_NewestFirst()
    {
        var (status, html) = await Get("/");
        Assert.Equal(200, status);
        Assert.Equal([f.Running, f.Changed, f.HostileRun, f.Failed, f.Finished], PageHtml.RunIds(html));
        Assert.Contains(">mnist-mlp --quick --seed 0</a>", html);
        Assert.Contains("<span class=\"status status-failed\">failed</span>", html);
        Assert.Contains("<span class=\"status status-running\">running</span>", html);
        Assert.Contains("train/loss = 0.197034", html); // Loss1(12) = 2.3 e^(-2.75) + 0.05 = 0.1970340..., to 6 significant digits
        Assert.Contains("5 runs.", html);
    }

    [Theory]
    [InlineData("/?name=SEED%201", new[] { 2 })]            // case-insensitive substring
    [InlineData("/?status=failed", new[] { 3, 2 })]
    [InlineData("/?experiment=mnist-mlp", new[] { 2, 1 })]
    [InlineData("/?tag=passed", new[] { 2, 1 })]            // has the tag
    [InlineData("/?tag=passed%3Dtrue", new[] { 1 })]        // has it with that value
    [InlineData("/?experiment=mnist-mlp&status=finished&name=mnist", new[] { 1 })]
    [InlineData("/?name=&status=&tag=&experiment=", new[] { 5, 4, 3, 2, 1 })] // an empty form field is no filter
    [InlineData("/?name=nothing-like-this", new int[0])]
    public async Task RunsPage_Filters(string url, int[] expected)
    {
        var (status, html) = await Get(url);
        Assert.Equal(200, status);
        Assert.Equal(expected.Select(i => (long)i), PageHtml.RunIds(html));
    }

    [Fact]
    public async Task RunsPage_Limit_SaysTheListWasCut()
    {
        var (status, html) = await Get("/?limit=2");
        Assert.Equal(200, status);
        Assert.Equal([f.Running, f.Changed], PageHtml.RunIds(html));
        Assert.Contains("the limit of 2 cut the list", html);
    }

    [Theory]
    [InlineData("/?status=bogus", "status must be running, finished, failed or killed, got &#39;bogus&#39;")]
    [InlineData("/?limit=abc", "&#39;limit&#39; must be an integer from 1 to 100000, got &#39;abc&#39;")]
    [InlineData("/?limit=0", "&#39;limit&#39; must be an integer from 1 to 100000, got &#39;0&#39;")]
    [InlineData("/?limit=99999999999999999999", "&#39;limit&#39; must be an integer")]
    [InlineData("/?foo=1", "unknown query parameter &#39;foo&#39;: the runs page takes name, experiment, status, tag, limit")]
    [InlineData("/?name=a&name=b", "query parameter &#39;name&#39; is given 2 times")]
    [InlineData("/?tag=%3Dx", "tag must be KEY or KEY=VALUE with a non-empty KEY")]
    [InlineData("/runs/abc", "a run id is a positive integer, got &#39;abc&#39;")]
    [InlineData("/runs/0", "a run id is a positive integer, got &#39;0&#39;")]
    [InlineData("/runs/-1", "a run id is a positive integer, got &#39;-1&#39;")]
    [InlineData("/runs/1.5", "a run id is a positive integer, got &#39;1.5&#39;")]
    [InlineData("/runs/99999999999999999999", "a run id is a positive integer")]
    [InlineData("/runs/1?x=1", "unknown query parameter &#39;x&#39;: a run&#39;s page takes none")]
    [InlineData("/compare", "which runs? give their ids as ?ids=1,2")]
    [InlineData("/compare?ids=1", "a comparison needs at least two runs, got only run 1")]
    [InlineData("/compare?ids=1,x", "a run id is a positive integer, got &#39;x&#39;")]
    [InlineData("/compare?ids=1,1", "run 1 is given twice")]
    [InlineData("/compare?ids=1,2,3,4,5,6,7,8,9,10,11", "11 runs given; compare at most 10 at once")]
    [InlineData("/compare?ids=1,2&x=3", "unknown query parameter &#39;x&#39;: the comparison page takes ids")]
    [InlineData("/runs/1/artifacts/x", "an artifact number is a non-negative integer")]
    [InlineData("/runs/1/artifacts/-1", "an artifact number is a non-negative integer")]
    public async Task BadIdsAndQueries_400WithAMessage(string url, string message)
    {
        var (status, html) = await Get(url);
        Assert.Equal(400, status);
        Assert.Contains("<h1>400 · Bad request</h1>", html);
        Assert.Contains(message, html);
    }

    [Fact]
    public async Task MissingRun_404PageNamingTheId()
    {
        var (status, html) = await Get("/runs/999");
        Assert.Equal(404, status);
        Assert.Contains("<h1>404 · Not found</h1>", html);
        Assert.Contains("no run 999 in runs.db", html);
        (status, html) = await Get($"/compare?ids={f.Finished},998");
        Assert.Equal(404, status);
        Assert.Contains("no run 998 in", html);
        (status, html) = await Get("/runs/999/artifacts/0");
        Assert.Equal(404, status);
        Assert.Contains("no run 999 in", html);
        (status, html) = await Get("/no/such/page");
        Assert.Equal(404, status);
        Assert.Contains("there is no page /no/such/page", html);
    }

    [Fact]
    public async Task RunPage_ShowsParamsMetricsTagsAndStatus()
    {
        var (status, html) = await Get($"/runs/{f.Finished}");
        Assert.Equal(200, status);
        Assert.Contains("<span id=\"run-name\">mnist-mlp --quick --seed 0</span>", html);
        Assert.Contains("<tr><td class=\"mono\">lr</td><td class=\"mono\">0.1</td><td class=\"muted\">float</td></tr>", html);
        Assert.Contains("<tr><td class=\"mono\">optimizer</td><td class=\"mono\">sgd</td><td class=\"muted\">string</td></tr>", html);
        // train/loss: last = Loss1(12) at step 12, best = min = the same (loss falls), max = Loss1(1) = 2.35, 12 values
        Assert.Contains("<tr><td class=\"mono\">train/loss</td><td class=\"num\">0.197034</td><td class=\"num\">12</td><td class=\"num\" title=\"lowest\">0.197034</td><td class=\"num\">0.197034</td><td class=\"num\">2.35</td><td class=\"num\">12</td></tr>", html);
        Assert.Contains("<td class=\"mono\">passed</td><td class=\"mono\"><a href=\"/?tag=passed%3Dtrue\">true</a></td>", html);
        var (_, failed) = await Get($"/runs/{f.Failed}");
        Assert.Contains("<span class=\"message\">loss became NaN at step 9</span>", failed);
    }

    [Fact]
    public async Task RunPage_Curve_HasOnePointPerLoggedStep_MappedOntoTheAxes()
    {
        var (_, html) = await Get($"/runs/{f.Finished}");
        var line = Assert.Single(PageHtml.Polylines(html, "train/loss"));
        Assert.Equal("train/loss", line.Series);
        Assert.Equal(DashboardFixture.Steps1, line.Points.Count);
        // plot area: x from 64 to 624 px (steps 1..12), y from 12 (largest value) to 260 (smallest); coordinates have one decimal
        Assert.Equal(64, line.Points[0].X);
        Assert.Equal(624, line.Points[^1].X);
        Assert.Equal(12, line.Points[0].Y);    // step 1 holds the largest loss
        Assert.Equal(260, line.Points[^1].Y);  // step 12 the smallest
        for (int i = 1; i < line.Points.Count; i++)
        {
            Assert.Equal(64 + 560.0 * i / 11, line.Points[i].X, 0.051);
            double expectedY = 12 + (1 - (DashboardFixture.Loss1(i + 1) - DashboardFixture.Loss1(12)) / (DashboardFixture.Loss1(1) - DashboardFixture.Loss1(12))) * 248;
            Assert.Equal(expectedY, line.Points[i].Y, 0.051);
        }
        Assert.Equal(DashboardFixture.Steps1, Assert.Single(PageHtml.Polylines(html, "test/accuracy")).Points.Count);
        Assert.DoesNotContain("data-metric=\"result/accuracy\"", html); // one value: a table row, not a curve
    }

    [Fact]
    public async Task RunPage_PicturesAndArtifactsAndConfusionMatrix()
    {
        var (_, html) = await Get($"/runs/{f.Finished}");
        Assert.Contains($"<img src=\"/runs/{f.Finished}/artifacts/0\" alt=\"samples.png\"", html);
        Assert.DoesNotContain($"<img src=\"/runs/{f.Finished}/artifacts/2\"", html); // the checkpoint is listed, not shown
        Assert.Contains($"title=\"{PageHtml.EncodeLikeTheServer(Path.Combine(f.Folder, "run1", "model.safetensors"))}\">model.safetensors</td><td class=\"num\">256 B</td>", html);
        // cat/dog/bird rows sum to 55 + 50 + 45 = 150 samples; the diagonal 50 + 40 + 42 = 132 of them: accuracy 0.88
        Assert.Contains("3 classes, 150 samples, accuracy 0.8800", html);
        Assert.Contains("<th>true \\ predicted</th><th>cat</th><th>dog</th><th>bird</th><th>recall</th>", html);
        Assert.Contains(">50</td>", html);
        Assert.Contains("<td>0.800</td></tr>", html); // dog's recall: 40 / 50
    }

    [Fact]
    public async Task Artifact_ServesTheRecordedPicture()
    {
        using var response = await f.Client.GetAsync($"/runs/{f.Finished}/artifacts/0");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(f.PicturePath), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(2, 404, "is a &#39;file&#39; file (model.safetensors), not a picture")]
    [InlineData(1, 404, "is a &#39;confusion-matrix&#39; file (confusion.json), not a picture")]
    [InlineData(3, 404, "recorded 3 artifacts (numbers 0 to 2); there is no artifact 3")]
    public async Task Artifact_OnlyRecordedPictures(int n, int expectedStatus, string message)
    {
        var (status, html) = await Get($"/runs/{f.Finished}/artifacts/{n}");
        Assert.Equal(expectedStatus, status);
        Assert.Contains(message, html);
    }

    [Fact]
    public async Task Artifact_ChangedSinceRecorded_409()
    {
        var (status, html) = await Get($"/runs/{f.Changed}/artifacts/0");
        Assert.Equal(409, status);
        Assert.Contains("has changed since the run recorded it", html);
    }

    [Theory]
    [InlineData("/runs/1/artifacts/../../../../../../etc/passwd")]
    [InlineData("/runs/1/artifacts/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/runs/1/artifacts/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("/runs/1/artifacts/0/../../../../../../etc/passwd")]
    [InlineData("/runs/1/artifacts/%2Fetc%2Fpasswd")]
    [InlineData("/runs/1/artifacts//etc/passwd")]
    [InlineData("/runs/1/artifacts/0%00.png")]
    public async Task Artifact_PathTraversal_Refused(string rawPath)
    {
        // Sent byte for byte over a socket: HttpClient would resolve the dot segments itself before sending.
        var (status, body) = await RawHttp.GetAsync(f.Server.Address, rawPath);
        Assert.True(status is 400 or 404, $"{rawPath}: status {status}");
        Assert.DoesNotContain("root:", body); // never the content of /etc/passwd (nor of any file but a recorded picture)
    }

    [Fact]
    public async Task HtmlFromTheDatabase_IsShownAsText()
    {
        foreach (var url in new[] { "/", $"/runs/{f.HostileRun}", $"/compare?ids={f.Finished},{f.HostileRun}", "/?name=%3Cscript%3E" })
        {
            var (status, html) = await Get(url);
            Assert.Equal(200, status);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<b>bold", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        }
        var (_, run) = await Get($"/runs/{f.HostileRun}");
        Assert.Contains("&lt;img src=x&gt;", run);
        Assert.Contains("&quot;quoted&quot; &amp; &#39;single&#39;", run);
        Assert.Contains("&lt;i&gt;message&lt;/i&gt;", run);
        Assert.Contains("<figure class=\"curve\" data-metric=\"&lt;m&gt;\">", run);
        Assert.Equal(3, Assert.Single(PageHtml.Polylines(run, "<m>")).Points.Count);
        Assert.DoesNotContain("<m>", run);
        Assert.DoesNotContain("<t>", run);
        var (_, bad) = await Get("/runs/%3Cscript%3E");
        Assert.Contains("got &#39;&lt;script&gt;&#39;", bad);
        Assert.DoesNotContain("<script", bad);
    }

    [Fact]
    public async Task ComparePage_OverlaysCurves_HighlightsDifferingParams()
    {
        var (status, html) = await Get($"/compare?ids={f.Finished},{f.Failed}");
        Assert.Equal(200, status);
        var lines = PageHtml.Polylines(html, "train/loss");
        Assert.Equal([$"run {f.Finished}", $"run {f.Failed}"], lines.Select(l => l.Series));
        Assert.Equal([DashboardFixture.Steps1, DashboardFixture.Steps2], lines.Select(l => l.Points.Count));
        Assert.Contains("<tr data-key=\"lr\" class=\"differs\"><td class=\"mono\">lr</td><td class=\"mono\">0.1</td><td class=\"mono\">0.05</td></tr>", html);
        Assert.Contains("<tr data-key=\"momentum\" class=\"differs\"><td class=\"mono\">momentum</td><td class=\"muted\">—</td><td class=\"mono\">0.9</td></tr>", html);
        Assert.Contains("<tr data-key=\"epochs\"><td class=\"mono\">epochs</td>", html);
        Assert.Contains("3 of 5 parameters differ", html); // lr, momentum, optimizer; epochs and hidden agree
        // the form of checkboxes sends ids=1&ids=2: the same page
        var (status2, html2) = await Get($"/compare?ids={f.Finished}&ids={f.Failed}");
        Assert.Equal(200, status2);
        Assert.Equal(lines.Select(l => l.Points.Count), PageHtml.Polylines(html2, "train/loss").Select(l => l.Points.Count));
    }

    [Fact]
    public async Task SecurityHeaders_ForbidScripts()
    {
        using var response = await f.Client.GetAsync("/");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task ForeignHostHeader_Refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "attacker.example";
        using var response = await f.Client.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("answers requests addressed to localhost only", await response.Content.ReadAsStringAsync());
        using var local = new HttpRequestMessage(HttpMethod.Get, "/");
        local.Headers.Host = $"localhost:{f.Server.Address.Port}";
        using var ok = await f.Client.SendAsync(local);
        Assert.Equal(200, (int)ok.StatusCode);
    }

    [Fact]
    public async Task OnlyGetAndHead()
    {
        using var post = await f.Client.PostAsync("/", new StringContent("x"));
        Assert.Equal(405, (int)post.StatusCode);
        Assert.Equal("GET, HEAD", string.Join(", ", post.Content.Headers.Allow));
        using var head = await f.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/runs/{f.Finished}"));
        Assert.Equal(200, (int)head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
