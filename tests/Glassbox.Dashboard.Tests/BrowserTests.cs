using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Glassbox.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser: Debian's headless <c>chromium</c> driven through <c>chromium-driver</c> by
/// Selenium. Skipped (visibly) when either is missing; <c>.ci/run</c> installs both. With
/// <c>GLASSBOX_SCREENSHOTS=DIR</c> the tests also save screenshots of the main pages there (docs/images holds them).
/// </summary>
public sealed class BrowserTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    private static readonly string Chromium = Environment.GetEnvironmentVariable("GLASSBOX_CHROMIUM") ?? "/usr/bin/chromium";
    private static readonly string Driver = Environment.GetEnvironmentVariable("GLASSBOX_CHROMEDRIVER") ?? "/usr/bin/chromedriver";

    private static ChromeDriver Start()
    {
        Skip.IfNot(File.Exists(Chromium) && File.Exists(Driver),
            $"headless Chromium is not installed ({Chromium}, {Driver}); apt-get install -y chromium chromium-driver");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start; the pages come from this test's own server.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1400", "--force-device-scale-factor=1");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
        return driver;
    }

    private string Url(string path) => new Uri(f.Server.Address, path).ToString();

    /// <summary>Saves a screenshot of the page as dashboard-NAME.png when GLASSBOX_SCREENSHOTS names a folder.</summary>
    private static void Screenshot(ChromeDriver driver, string name, int height = 1400)
    {
        var dir = Environment.GetEnvironmentVariable("GLASSBOX_SCREENSHOTS");
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        driver.Manage().Window.Size = new System.Drawing.Size(1280, height);
        driver.GetScreenshot().SaveAsFile(Path.Combine(dir, $"dashboard-{name}.png"));
    }

    /// <summary>Polls <paramref name="done"/> until it holds (a click starts a navigation that the driver does not wait for).</summary>
    private static void WaitFor(ChromeDriver driver, Func<bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try { if (done()) return; }
            catch (WebDriverException) { } // the page went away mid-check
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"page did not load in 30 s: {driver.Url}");
            Thread.Sleep(50);
        }
    }

    [SkippableFact]
    public void RecordedRun_AppearsInTheTable()
    {
        using var driver = Start();
        driver.Navigate().GoToUrl(Url("/"));
        Assert.Equal("Runs · Glassbox", driver.Title);
        var row = driver.FindElement(By.CssSelector($"tr[data-run-id='{f.Finished}']"));
        Assert.Equal("mnist-mlp --quick --seed 0", row.FindElement(By.CssSelector("td.name")).Text);
        Assert.Equal("finished", row.FindElement(By.CssSelector(".status")).Text);
        // the HTML-named run shows its name as text, and no element was made from it
        Assert.Equal(DashboardFixture.Hostile, driver.FindElement(By.CssSelector($"tr[data-run-id='{f.HostileRun}'] td.name")).Text);
        Assert.Empty(driver.FindElements(By.CssSelector("main script, main b")));
        Assert.Equal(5, driver.FindElements(By.CssSelector("#runs tbody tr")).Count);
        Screenshot(driver, "runs", 720);

        // filter through the form, as a person would
        driver.FindElement(By.Name("experiment")).SendKeys("mnist-mlp");
        driver.FindElement(By.CssSelector("form.filters button")).Click();
        WaitFor(driver, () => driver.Url.Contains("experiment=mnist-mlp", StringComparison.Ordinal)
            && (string)driver.ExecuteScript("return document.readyState;")! == "complete");
        Assert.Equal([f.Failed.ToString(), f.Finished.ToString()], driver.FindElements(By.CssSelector("#runs tbody tr")).Select(r => r.GetAttribute("data-run-id")));
    }

    [SkippableFact]
    public void Curve_RendersOnePointPerLoggedStep()
    {
        using var driver = Start();
        driver.Navigate().GoToUrl(Url($"/runs/{f.Finished}"));
        var line = driver.FindElement(By.CssSelector("figure[data-metric='train/loss'] polyline.series"));
        Assert.True(line.Displayed);
        // the browser's own parse of the polyline (SVGPolylineElement.points), not the attribute text
        long n = (long)driver.ExecuteScript("return arguments[0].points.numberOfItems;", line)!;
        Assert.Equal(DashboardFixture.Steps1, n);
        var box = (IReadOnlyDictionary<string, object>)driver.ExecuteScript("var b = arguments[0].getBBox(); return {w: b.width, h: b.height};", line)!;
        Assert.Equal(560.0, Convert.ToDouble(box["w"]), 0.5); // spans the plot's width: steps 1 to 12
        Assert.Equal(248.0, Convert.ToDouble(box["h"]), 0.5); // and its height: the largest to the smallest loss
        // the picture artifact was served and decoded: its natural size is the PNG's
        var img = driver.FindElement(By.CssSelector(".pictures img"));
        Assert.Equal(288L, Convert.ToInt64(driver.ExecuteScript("return arguments[0].naturalWidth;", img)));
        Screenshot(driver, "run", 2500);

        driver.Navigate().GoToUrl(Url($"/compare?ids={f.Finished},{f.Failed}"));
        var lines = driver.FindElements(By.CssSelector("figure[data-metric='train/loss'] polyline.series"));
        Assert.Equal([DashboardFixture.Steps1, DashboardFixture.Steps2],
            lines.Select(l => (int)(long)driver.ExecuteScript("return arguments[0].points.numberOfItems;", l)!));
        Assert.Equal(3, driver.FindElements(By.CssSelector("#params tr.differs")).Count);
        Screenshot(driver, "compare", 1500);
    }

    [SkippableFact]
    public void MissingRun_Shows404Page()
    {
        using var driver = Start();
        driver.Navigate().GoToUrl(Url("/runs/424242"));
        Assert.StartsWith("404 Not found", driver.Title);
        Assert.Equal("no run 424242 in runs.db", driver.FindElement(By.Id("problem")).Text);
        Screenshot(driver, "404", 420);
    }
}
