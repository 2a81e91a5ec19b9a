using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Glassbox.Dashboard;
using Glassbox.Tracking;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox ui [--port N] [--db PATH] [--open]</c>: serves the experiment dashboard over the run store until
/// Ctrl+C (or SIGTERM), on 127.0.0.1 unless told otherwise (docs/dashboard.md).
/// </summary>
public static class UiCommand
{
    /// <summary>What <c>glassbox ui</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("ui", $"""
        usage: glassbox ui [--port N] [--db PATH] [--open] [--host H] [--allow-remote]

        Serves the experiment dashboard: the runs table with filters, each run's parameters, curves, pictures and
        confusion matrices, and runs compared side by side. Read-only; stop it with Ctrl+C.
          --port N        TCP port (0 to 65535; default {DashboardOptions.DefaultPort}; 0 picks a free one)
          --db PATH       the run database (else $GLASSBOX_HOME/runs.db, else the per-user Glassbox folder)
          --open          open the dashboard in the default web browser
          --host H        address to listen on (default 127.0.0.1: this machine only)
          --allow-remote  allow a --host that is not a loopback address: the dashboard has no log-in, so whoever
                          reaches it sees every recorded run
        """, ["open", "allow-remote"], ["port", "db", "host"], 0);

    /// <summary>Serves until Ctrl+C or SIGTERM; <paramref name="words"/> are the words after <c>ui</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words) => Run(ctx, words, CancellationToken.None);

    /// <summary>Serves until Ctrl+C, SIGTERM or <paramref name="stop"/>; the address is printed on standard output.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words, CancellationToken stop)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        var options = new DashboardOptions
        {
            Host = args.Option("host") ?? "127.0.0.1",
            Port = args.Int("port", DashboardOptions.DefaultPort, min: 0, max: 65535),
            DatabasePath = Path.GetFullPath(args.Option("db") ?? Path.Combine(ctx.UserFolder, RunStore.FileName)),
            AllowRemote = args.Flag("allow-remote"),
        };
        try { options.Validate(); }
        catch (ArgumentException e) { throw new UsageException(Spec, e.Message); }

        using var quit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; quit.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; quit.Cancel(); });
        try
        {
            return ServeAsync(ctx, options, args.Flag("open"), quit.Token).GetAwaiter().GetResult();
        }
        finally { Console.CancelKeyPress -= onCtrlC; }
    }

    private static async Task<int> ServeAsync(CliContext ctx, DashboardOptions options, bool open, CancellationToken stop)
    {
        await using var server = await DashboardServer.StartAsync(options, stop);
        string url = server.Address.ToString();
        ctx.Out.WriteLine($"dashboard of {server.DatabasePath}{(File.Exists(server.DatabasePath) ? "" : " (not created yet)")} at {url}");
        ctx.Out.WriteLine("Ctrl+C stops");
        ctx.Out.Flush();
        if (open) OpenBrowser(ctx, url);
        await server.WaitForShutdownAsync(stop);
        ctx.Err.WriteLine("glassbox ui: stopped");
        return 0;
    }

    /// <summary>Asks the desktop to open <paramref name="url"/>; without one (a server, a container) it says so and goes on serving.</summary>
    private static void OpenBrowser(CliContext ctx, string url)
    {
        try { using var _ = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true }); }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            ctx.Err.WriteLine($"glassbox ui: could not open a browser ({e.Message}); open {url} yourself");
        }
    }
}
