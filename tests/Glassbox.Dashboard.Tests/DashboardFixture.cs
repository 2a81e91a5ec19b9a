using Glassbox.Plotting;
using Glassbox.Tracking;

namespace Glassbox.Dashboard.Tests;

/// <summary>
/// A run database in a fresh temp folder, recorded through <see cref="RunStore"/> as a training run would record it,
/// and a dashboard serving it on a free loopback port. The runs (ids in order of creation):
/// <list type="number">
/// <item>a finished run: 12 steps of train/loss and test/accuracy, params, tags, a PNG picture, a confusion matrix, a checkpoint;</item>
/// <item>a failed run of the same experiment: 8 steps, another learning rate;</item>
/// <item>a run whose name, experiment, parameter, tag, metric key and message are HTML (it must show as text);</item>
/// <item>a run whose picture was overwritten after it was recorded;</item>
/// <item>a run still running (owned by this test process, so it stays running).</item>
/// </list>
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string Hostile = "<script>alert(1)</script>";
    public const int Steps1 = 12, Steps2 = 8;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "glassbox-dashboard-tests-" + Guid.NewGuid().ToString("N"));

    public string DbPath => Path.Combine(Folder, "runs.db");

    public string PicturePath => Path.Combine(Folder, "run1", "samples.png");

    public long Finished, Failed, HostileRun, Changed, Running;

    private RunStore? store;
    private TrackedRun? running;

    public DashboardServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The loss of run 1 at step s (1-based): decreasing, so its largest value is at step 1 and its smallest at the last step.</summary>
    public static double Loss1(int s) => 2.3 * Math.Exp(-0.25 * (s - 1)) + 0.05;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "run1"));
        store = RunStore.Open(DbPath);

        using (var r = store.StartRun("mnist-mlp --quick --seed 0", "mnist-mlp",
            new Dictionary<string, object?> { ["lr"] = 0.1, ["epochs"] = 12, ["hidden"] = 128, ["optimizer"] = "sgd" }))
        {
            Finished = r.Id;
            for (int s = 1; s <= Steps1; s++)
                r.LogMetrics(s, new Dictionary<string, double> { ["train/loss"] = Loss1(s), ["test/accuracy"] = 0.97 - 0.6 * Math.Exp(-0.4 * s) });
            r.LogMetrics(0, new Dictionary<string, double> { ["result/accuracy"] = 0.9652 });
            r.SetTag("passed", "true");
            r.SetTag("result/model", "mlp-128");
            WritePicture(PicturePath, 288, 192);
            r.LogArtifact("image", PicturePath);
            new ConfusionMatrixArtifact(["cat", "dog", "bird"], [[50, 3, 2], [4, 40, 6], [1, 2, 42]]).Log(r, Path.Combine(Folder, "run1", "confusion.json"));
            File.WriteAllBytes(Path.Combine(Folder, "run1", "model.safetensors"), new byte[256]);
            r.LogArtifact("file", Path.Combine(Folder, "run1", "model.safetensors"));
            r.Finish();
        }
        using (var r = store.StartRun("mnist-mlp --quick --seed 1", "mnist-mlp",
            new Dictionary<string, object?> { ["lr"] = 0.05, ["epochs"] = 12, ["hidden"] = 128, ["momentum"] = 0.9 }))
        {
            Failed = r.Id;
            for (int s = 1; s <= Steps2; s++)
                r.LogMetrics(s, new Dictionary<string, double> { ["train/loss"] = 2.3 * Math.Exp(-0.15 * (s - 1)) + 0.1, ["test/accuracy"] = 0.95 - 0.6 * Math.Exp(-0.3 * s) });
            r.SetTag("passed", "false");
            r.Fail("loss became NaN at step 9");
        }
        using (var r = store.StartRun(Hostile, "<b>bold</b>", new Dictionary<string, object?> { ["<img src=x>"] = "\"quoted\" & 'single'" }))
        {
            HostileRun = r.Id;
            r.LogMetrics(1, new Dictionary<string, double> { ["<m>"] = 1 });
            r.LogMetrics(2, new Dictionary<string, double> { ["<m>"] = 2 });
            r.LogMetrics(3, new Dictionary<string, double> { ["<m>"] = 0.5 });
            r.SetTag("<t>", "<v>");
            r.Fail("<i>message</i>");
        }
        using (var r = store.StartRun("picture changed afterwards"))
        {
            Changed = r.Id;
            var path = Path.Combine(Folder, "changed.png");
            WritePicture(path, 8, 8);
            r.LogArtifact("image", path);
            WritePicture(path, 9, 9); // a later run wrote over it
            r.Finish();
        }
        running = store.StartRun("still running", "sweep");
        Running = running.Id;
        running.LogMetrics(1, new Dictionary<string, double> { ["loss"] = 1.0 });

        Server = await DashboardServer.StartAsync(new DashboardOptions { Port = 0, DatabasePath = DbPath });
        Client = new HttpClient { BaseAddress = Server.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>A small RGB picture: a grid of coloured tiles.</summary>
    public static void WritePicture(string path, int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3, tile = x / 16 + y / 16;
                rgb[i] = (byte)(40 + 50 * (tile % 4));
                rgb[i + 1] = (byte)(90 + 8 * x % 120);
                rgb[i + 2] = (byte)(200 - y / 2);
            }
        PngWriter.Write(path, rgb, width, height);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        running?.Finish();
        running?.Dispose();
        store?.Dispose();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
