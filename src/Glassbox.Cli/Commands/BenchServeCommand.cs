using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.ML;
using Glassbox.ML.Linear;
using Glassbox.Serving;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench serve</c>: the same LogisticRegression served by <c>glassbox serve</c> (in this process, on
/// loopback) and by its Flask + scikit-learn twin (tools/reference/serve_flask_sklearn.py, started as a child
/// process), each loaded with <see cref="LoadTest"/> by the same clients, side by side in one run.
/// </summary>
/// <remarks>
/// Both servers read the one model file the bench writes (the twin rebuilds scikit-learn's LogisticRegression from its
/// coefficients), and the bench checks that they answer the same before it times them, so the two columns measure the
/// same work. The clients share the machine with the server they load, equally for both.
/// </remarks>
public static class BenchServeCommand
{
    /// <summary>The Flask twin, relative to the repository root.</summary>
    public const string TwinScript = "tools/reference/serve_flask_sklearn.py";

    /// <summary>What <c>glassbox bench serve</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("bench serve", """
        usage: glassbox bench serve [--json] [--clients N] [--requests N] [--seconds S] [--rows N] [--warmup N]
                                    [--data iris|wine|breast-cancer|digits] [--batch-window-us N]
                                    [--no-flask] [--python PATH] [--script PATH]

          --json              one JSON line per server, then one with the ratios
          --clients N         concurrent clients, each with one request in flight (1 to 1024; default 8)
          --requests N        timed requests per server (default 5000); the run also stops at --seconds
          --seconds S         longest timed run per server (1 to 3600; default 20)
          --rows N            samples per request (1 to 10000; default 1)
          --warmup N          untimed requests first (default 200)
          --data NAME         the built-in data set the LogisticRegression is fitted on (default iris)
          --batch-window-us N the Glassbox server's batching window (default 500; 0 batches only what is queued)
          --no-flask          time the Glassbox server alone
          --python PATH       the Python with Flask and scikit-learn (default /usr/bin/python3, Debian's, where
                              apt-get install python3-flask python3-sklearn puts them; else python3)
          --script PATH       the Flask twin (default: tools/reference/serve_flask_sklearn.py above the current folder)
        """, ["json", "no-flask"], ["clients", "requests", "seconds", "rows", "warmup", "data", "batch-window-us", "python", "script"], 0);

    /// <summary>Runs the benchmark; <paramref name="words"/> are the words after <c>bench serve</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        var load = new LoadTestOptions
        {
            Clients = args.Int("clients", 8, 1, 1024),
            Requests = args.Int("requests", 5000, 1, int.MaxValue - 1),
            Duration = TimeSpan.FromSeconds(args.Int("seconds", 20, 1, 3600)),
            Warmup = args.Int("warmup", 200, 0, 1_000_000),
        };
        int rows = args.Int("rows", 1, 1, 10000);
        var window = TimeSpan.FromMicroseconds(args.Int("batch-window-us", 500, 0, 1_000_000));
        bool json = args.Flag("json"), flask = !args.Flag("no-flask");
        var data = args.Option("data") ?? "iris";
        var ds = data switch
        {
            "iris" => BuiltinDatasets.LoadIris(),
            "wine" => BuiltinDatasets.LoadWine(),
            "breast-cancer" => BuiltinDatasets.LoadBreastCancer(),
            "digits" => BuiltinDatasets.LoadDigits(),
            _ => throw new UsageException(Spec, $"--data must be iris, wine, breast-cancer or digits, got '{data}'"),
        };
        string? python = null, script = null;
        if (flask)
        {
            python = args.Option("python") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
            script = args.Option("script") ?? FindScript()
                ?? throw new CommandFailedException($"bench serve: cannot find {TwinScript} above {Environment.CurrentDirectory}; run from the repository, give --script PATH, or use --no-flask");
            if (!File.Exists(script)) throw new FileNotFoundException($"bench serve: the Flask twin {script} does not exist", script);
        }
        return RunAsync(ctx, ds, rows, load, window, json, python, script).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(CliContext ctx, BuiltinDataset ds, int rows, LoadTestOptions load, TimeSpan window, bool json,
        string? python, string? script)
    {
        var dir = Directory.CreateTempSubdirectory("glassbox-bench-serve-");
        try
        {
            var model = new LogisticRegression(maxIter: 1000).Fit(ds.X, ds.Y);
            var modelPath = Path.Combine(dir.FullName, $"{ds.Name}-logistic.json");
            model.Save(modelPath);
            var bodies = Bodies(ds.X, rows);
            ctx.Err.WriteLine($"bench serve: LogisticRegression on {ds.Name} ({ds.X.Size(1)} features, {model.Classes.Numel} classes), {rows} sample(s) per request, {load.Clients} clients");

            var results = new List<(string Server, LoadTestResult Result)>();
            if (!json) ctx.Out.WriteLine($"{"server",-9} {"clients",7} {"requests",8} {"errors",6} {"req/s",9} {"samples/s",10} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
            JsonElement[] glassboxAnswers;
            await using (var server = await ModelServer.StartAsync(EstimatorModel.Load(modelPath), new ServerOptions { Port = 0, BatchWindow = window }))
            {
                glassboxAnswers = await Answers(server.Address, bodies);
                results.Add(("glassbox", await LoadTest.RunAsync(server.Address, bodies, rows, load)));
                Print(ctx, json, "glassbox", results[^1].Result, $"{server.Batches} batches, {(double)server.Samples / Math.Max(1, server.Batches):F1} samples per batch");
            }
            if (python is not null && script is not null)
            {
                using var twin = await FlaskTwin.StartAsync(python, script, modelPath);
                var flaskAnswers = await Answers(twin.Address, bodies);
                var (agree, maxDiff) = Compare(glassboxAnswers, flaskAnswers);
                if (!agree) throw new CommandFailedException($"bench serve: the Flask twin predicts other labels than Glassbox for the same requests; the two do not serve the same model");
                ctx.Err.WriteLine($"bench serve: both servers give the same labels on {glassboxAnswers.Length} requests; probabilities differ by at most {maxDiff:G3}");
                results.Add(("flask", await LoadTest.RunAsync(twin.Address, bodies, rows, load)));
                Print(ctx, json, "flask", results[^1].Result, "Flask threaded dev server, scikit-learn " + twin.SklearnVersion);
            }
            if (results.Count == 2)
            {
                var (g, f) = (results[0].Result, results[1].Result);
                double speed = g.RequestsPerSecond / f.RequestsPerSecond, p99 = g.P99Ms / f.P99Ms;
                if (json) ctx.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["bench"] = "serve", ["throughput_ratio"] = Math.Round(speed, 2), ["p99_ratio"] = Math.Round(p99, 3) }));
                else ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"glassbox / flask: throughput {speed:F1}×, p99 latency {p99:F2}×"));
            }
            long errors = results.Sum(r => r.Result.Errors);
            if (errors > 0)
                throw new CommandFailedException($"bench serve: {errors} request(s) failed; first: {results.Select(r => r.Result.FirstError).FirstOrDefault(e => e is not null)}");
            return 0;
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static void Print(CliContext ctx, bool json, string server, LoadTestResult r, string note)
    {
        if (json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["bench"] = "serve", ["server"] = server, ["clients"] = r.Clients, ["requests"] = r.Requests, ["errors"] = r.Errors,
                ["seconds"] = Math.Round(r.Seconds, 3), ["requests_per_s"] = Math.Round(r.RequestsPerSecond, 1), ["samples_per_s"] = Math.Round(r.SamplesPerSecond, 1),
                ["p50_ms"] = Math.Round(r.P50Ms, 3), ["p99_ms"] = Math.Round(r.P99Ms, 3), ["max_ms"] = Math.Round(r.MaxMs, 3), ["note"] = note,
            }));
            return;
        }
        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{server,-9} {r.Clients,7} {r.Requests,8} {r.Errors,6} {r.RequestsPerSecond,9:F1} {r.SamplesPerSecond,10:F1} {r.P50Ms,8:F3} {r.P99Ms,8:F3} {r.MaxMs,8:F3}  ({note})"));
    }

    /// <summary>Up to 256 request bodies of <paramref name="rows"/> consecutive samples each (wrapping around), doubles in round-trip form.</summary>
    internal static List<byte[]> Bodies(Tensor x, int rows)
    {
        int n = x.Size(0), p = x.Size(1);
        var v = x.ToDoubleArray();
        var bodies = new List<byte[]>();
        for (int b = 0; b < Math.Min(256, n); b++)
        {
            var sb = new StringBuilder("{\"rows\":[");
            for (int r = 0; r < rows; r++)
            {
                int i = (b + r) % n;
                sb.Append(r > 0 ? ",[" : "[");
                for (int j = 0; j < p; j++) sb.Append(j > 0 ? "," : "").Append(v[i * p + j].ToString("R", CultureInfo.InvariantCulture));
                sb.Append(']');
            }
            bodies.Add(Encoding.UTF8.GetBytes(sb.Append("]}").ToString()));
        }
        return bodies;
    }

    /// <summary>The parsed answers of a server to the first 64 bodies.</summary>
    private static async Task<JsonElement[]> Answers(Uri address, List<byte[]> bodies)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var answers = new List<JsonElement>();
        foreach (var body in bodies.Take(64))
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("/predict", content);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new CommandFailedException($"bench serve: {address} answered {(int)response.StatusCode}: {text}");
            using var doc = JsonDocument.Parse(text);
            answers.Add(doc.RootElement.Clone());
        }
        return [.. answers];
    }

    private static (bool Agree, double MaxDiff) Compare(JsonElement[] a, JsonElement[] b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            var la = a[i].GetProperty("predictions").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var lb = b[i].GetProperty("predictions").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            if (!la.SequenceEqual(lb)) return (false, double.NaN);
            var pa = a[i].GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble()).ToArray();
            var pb = b[i].GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble()).ToArray();
            if (pa.Length != pb.Length) return (false, double.NaN);
            for (int j = 0; j < pa.Length; j++) max = Math.Max(max, Math.Abs(pa[j] - pb[j]));
        }
        return (true, max);
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, TwinScript);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>The Flask twin as a child process on a free loopback port; disposing kills it.</summary>
    private sealed class FlaskTwin : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder stderr = new();

        private FlaskTwin(Process process, Uri address) { this.process = process; Address = address; }

        public Uri Address { get; }

        public string SklearnVersion { get; private set; } = "?";

        public static async Task<FlaskTwin> StartAsync(string python, string script, string modelPath)
        {
            int port = FreePort();
            var psi = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { script, "--model", modelPath, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
            Process p;
            try { p = Process.Start(psi) ?? throw new CommandFailedException($"bench serve: could not start {python}"); }
            catch (System.ComponentModel.Win32Exception e) { throw new CommandFailedException($"bench serve: cannot run {python} ({e.Message}); give --python PATH or use --no-flask"); }
            var twin = new FlaskTwin(p, new Uri($"http://127.0.0.1:{port}"));
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (twin.stderr) twin.stderr.AppendLine(e.Data); };
            p.OutputDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            p.BeginOutputReadLine();
            try
            {
                using var http = new HttpClient { BaseAddress = twin.Address, Timeout = TimeSpan.FromSeconds(2) };
                var clock = Stopwatch.StartNew();
                while (true)
                {
                    if (p.HasExited)
                        throw new CommandFailedException($"bench serve: the Flask twin exited with code {p.ExitCode} before serving: {twin.ErrorTail()} (apt-get install -y python3-flask python3-sklearn, or --no-flask)");
                    try
                    {
                        using var r = await http.GetAsync("/health");
                        if (r.IsSuccessStatusCode) break;
                    }
                    catch (HttpRequestException) { }
                    catch (TaskCanceledException) { }
                    if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new CommandFailedException($"bench serve: the Flask twin did not answer /health within 60 s: {twin.ErrorTail()}");
                    await Task.Delay(100);
                }
                twin.SklearnVersion = SklearnVersionOf(python);
                return twin;
            }
            catch
            {
                twin.Dispose();
                throw;
            }
        }

        private string ErrorTail()
        {
            lock (stderr)
            {
                var s = stderr.ToString().Trim();
                return s.Length == 0 ? "(nothing on stderr)" : s.Length > 600 ? "…" + s[^600..] : s;
            }
        }

        private static string SklearnVersionOf(string python)
        {
            try
            {
                var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { "-c", "import sklearn; print(sklearn.__version__)" }) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi)!;
                var v = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit(10000);
                return v.Length > 0 ? v : "?";
            }
            catch (System.ComponentModel.Win32Exception) { return "?"; }
        }

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        public void Dispose()
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); process.WaitForExit(5000); }
            catch (InvalidOperationException) { }
            process.Dispose();
        }
    }
}
