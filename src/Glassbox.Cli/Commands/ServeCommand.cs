using System.Runtime.InteropServices;
using Glassbox.Serving;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox serve MODEL [--port N] [--host H] …</c>: serves a saved model over HTTP until Ctrl+C (or SIGTERM) —
/// a classical model file (JSON), or a network checkpoint (<c>.safetensors</c>) with its description beside it.
/// </summary>
public static class ServeCommand
{
    /// <summary>What <c>glassbox serve</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("serve", """
        usage: glassbox serve MODEL [--port N] [--host H] [--features A,B,...] [--arch FILE]
                              [--max-body-bytes N] [--batch-window-us N] [--max-batch-rows N] [--queue N]

          MODEL               a classical model file (JSON, written by ModelFile.Save / estimator.Save), or a network
                              checkpoint (.safetensors: a Glassbox checkpoint or a plain state dict) with its
                              description MODEL.arch.json beside it (docs/serving.md)
          --port N            TCP port (0 to 65535; default 8080; 0 picks a free one)
          --host H            address to listen on: localhost (the default: this machine only), an IP address, or
                              0.0.0.0 to serve every interface
          --features A,B,...  names of a classical model's features, one per feature, in order; requests may then
                              send {"instances": [{"A": 1.0, ...}]}
          --arch FILE         the network description when it is not MODEL.arch.json
          --max-body-bytes N  largest request body accepted; larger ones get 413 (default 4194304)
          --batch-window-us N how long a batch waits for more requests, in microseconds (0 to 1000000; default 500)
          --max-batch-rows N  a batch stops growing at this many samples (default 512)
          --queue N           requests that may wait; more get 503 (default 4096)

        Endpoints: POST /predict, GET /health, GET /metadata. Stop with Ctrl+C.
        """, [], ["port", "host", "features", "arch", "max-body-bytes", "batch-window-us", "max-batch-rows", "queue"], 1);

    /// <summary>Serves until Ctrl+C or SIGTERM; <paramref name="words"/> are the words after <c>serve</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words) => Run(ctx, words, CancellationToken.None);

    /// <summary>Serves until Ctrl+C, SIGTERM or <paramref name="stop"/>; the listening address is printed on standard output.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words, CancellationToken stop)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        var path = args.Positional(0) ?? throw new UsageException(Spec, "which model? give a model file (.json) or a network checkpoint (.safetensors)");
        var options = Options(args);
        var model = Load(args, path);

        using var quit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; quit.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; quit.Cancel(); });
        try
        {
            return ServeAsync(ctx, model, path, options, quit.Token).GetAwaiter().GetResult();
        }
        finally { Console.CancelKeyPress -= onCtrlC; }
    }

    private static async Task<int> ServeAsync(CliContext ctx, ServedModel model, string path, ServerOptions options, CancellationToken stop)
    {
        await using var server = await ModelServer.StartAsync(model, options, stop);
        var s = model.Schema;
        ctx.Out.WriteLine($"serving {s.ModelType} ({s.Task}, input [{string.Join(", ", s.InputShape)}] {s.InputDType}) from {path} at {server.Address.ToString().TrimEnd('/')}");
        ctx.Out.WriteLine("endpoints: POST /predict, GET /health, GET /metadata; Ctrl+C stops");
        ctx.Out.Flush();
        await server.WaitForShutdownAsync(stop);
        ctx.Err.WriteLine($"glassbox serve: stopped after {server.Samples} samples in {server.Batches} batches");
        return 0;
    }

    /// <summary>The server options from the command line (shared with <c>bench serve</c>).</summary>
    internal static ServerOptions Options(Args args)
    {
        var o = new ServerOptions
        {
            Host = args.Option("host") ?? "localhost",
            Port = args.Int("port", 8080, min: 0, max: 65535),
            MaxBodyBytes = args.Int("max-body-bytes", 4 * 1024 * 1024, min: 64, max: int.MaxValue - 1),
            BatchWindow = TimeSpan.FromMicroseconds(args.Int("batch-window-us", 500, min: 0, max: 1_000_000)),
            MaxBatchRows = args.Int("max-batch-rows", 512, min: 1, max: 1 << 24),
            QueueCapacity = args.Int("queue", 4096, min: 1, max: 1 << 20),
        };
        try { o.Validate(); }
        catch (ArgumentException e) { throw new UsageException(Spec, e.Message); }
        if (o.Host != "localhost" && !System.Net.IPAddress.TryParse(o.Host, out _))
            throw new UsageException(Spec, $"--host must be localhost or an IP address, got '{o.Host}'");
        return o;
    }

    private static ServedModel Load(Args args, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: {path}", path);
        var features = args.List("features");
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            if (features is not null) throw new UsageException(Spec, "--features is for classical models; a network's feature names go in its description (feature_names)");
            return NetworkModel.Load(path, args.Option("arch"));
        }
        if (args.Option("arch") is not null) throw new UsageException(Spec, "--arch is for network checkpoints (.safetensors)");
        return EstimatorModel.Load(path, features);
    }
}
