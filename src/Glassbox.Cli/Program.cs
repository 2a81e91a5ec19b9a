using Glassbox.Cli.Commands;

namespace Glassbox.Cli;

/// <summary>
/// The <c>glassbox</c> command. Every run ends with exit code 0 (success), 1 (a runtime failure: missing or corrupt
/// data, an unwritable folder, a milestone below its bar, a bug) or 2 (a command-line mistake), and every failure with
/// one line on standard error that names what is wrong — never a stack trace unless <c>GLASSBOX_DEBUG=1</c> or
/// <c>--verbose</c> asks for it.
/// </summary>
public static class Program
{
    /// <summary>The top-level usage text.</summary>
    public const string Usage = """
        glassbox — machine learning from first principles

        usage:
          glassbox milestones                         list every milestone with its last result
          glassbox milestone ID [--json] [--quick] [--seed N] [--data-dir DIR] [--out DIR] [--only ROW,...]
          glassbox bench gemm [--json] [--sizes 256,512] [--threads 1,2]
          glassbox bench mnist-mlp [--json] [--epochs N] [--seed N] [--data-dir DIR]
          glassbox bench classical [--json] [--only NAME,...] [--data-dir DIR]
          glassbox bench conv [--json] [--only lenet,resnet20,layers] [--epochs N] [--steps N] [--data-dir DIR]
          glassbox bench lstm [--json] [--only char-lstm,layers] [--steps N] [--seed N]
          glassbox bench char-gpt [--json] [--steps N] [--seed N] [--data-dir DIR]
          glassbox bench attention [--json] [--sizes 256,1024,4096] [--causal both|yes|no]
          glassbox bench cartpole-env [--json] [--steps N] [--envs N] [--seed N]
          glassbox bench serve [--json] [--clients N] [--requests N] [--seconds S] [--rows N] [--no-flask]
          glassbox bench cartpole-ppo [--json] [--steps N] [--seed N]
          glassbox bench ddpm [--json] [--batch N] [--steps N] [--samples N]
          glassbox data list | verify [NAME] | fetch NAME [--data-dir DIR]
          glassbox runs list [--experiment X] [--status S] [--limit N] [--json] [--db PATH]
          glassbox runs show ID [--json] [--db PATH]  one run: params, last/best metrics, tags, artifacts
          glassbox runs compare ID ID... [--json]     runs side by side, differing params marked
          glassbox runs delete ID... [--yes]          delete runs from the record
          glassbox serve MODEL [--port N] [--host H]  serve a saved model over HTTP (POST /predict, GET /metadata)
          glassbox ui [--port N] [--db PATH] [--open] the experiment dashboard in a browser, on localhost
          glassbox export onnx MODEL --out FILE       write a network checkpoint or a classical model file as an ONNX model
          glassbox report generative [--quick] [--out FILE]  the generative models' sample-quality table
          glassbox tune ESTIMATOR --data CSV|BUILTIN [--target COL] --trials N [--sampler tpe|random] [--pruner median|sh|none] [--study NAME] [--jobs N] [--json]
          glassbox tune milestone mnist-mlp --trials N [--quick] [--epochs N]  hyperparameter search of a small MLP
          glassbox eda FILE.csv --target COL [--out FILE.html]  an HTML report: types, missingness, distributions, correlations, target rates
          glassbox help [COMMAND]                     this text, or a command's (same as COMMAND --help)

        Data folder: --data-dir, else $GLASSBOX_DATA, else the per-user cache.
        Last results: $GLASSBOX_HOME/milestones.json, else the per-user Glassbox folder.
        Run record: every milestone run in $GLASSBOX_HOME/runs.db (SQLite), else the per-user Glassbox folder.
        Exit codes: 0 success, 1 runtime failure, 2 usage error. --verbose (anywhere) or GLASSBOX_DEBUG=1 adds the
        stack trace to an error report.
        """;

    /// <summary>Entry point: runs against the real console and environment.</summary>
    public static int Main(string[] argv) =>
        Run(argv, new CliContext(Console.Out, Console.Error, Environment.GetEnvironmentVariable, ErrIsTerminal: !Console.IsErrorRedirected));

    /// <summary>
    /// Runs the CLI in-process with its own writers and environment (null reads the process environment); returns
    /// the exit code. Nothing escapes: every exception becomes an error line and exit code 1 or 2.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null) =>
        Run(args, new CliContext(stdout, stderr, environment ?? Environment.GetEnvironmentVariable));

    /// <summary>Runs the CLI with the writers and environment of <paramref name="ctx"/>; returns the exit code.</summary>
    public static int Run(string[] args, CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(ctx);
        // --verbose is global: it may sit anywhere and is removed before the command sees its words.
        bool verbose = args.Contains("--verbose");
        var words = args.Where(a => a != "--verbose").ToArray();
        try
        {
            return Dispatch(words, ctx);
        }
        catch (Exception e)
        {
            try { ctx.Out.Flush(); } catch (IOException) { } // keep results printed before the failure ahead of its report
            return FailureReport.Write(e, ctx.Err, verbose || FailureReport.IsDebug(ctx.Environment(FailureReport.DebugVariable)));
        }
    }

    private static int Dispatch(string[] words, CliContext ctx)
    {
        if (words.Length == 0 || words[0] is "-h" or "--help") { ctx.Out.WriteLine(Usage); return 0; }
        if (words[0] == "help")
        {
            if (words.Length == 1) { ctx.Out.WriteLine(Usage); return 0; }
            return Dispatch([.. words.Skip(1), "--help"], ctx);
        }
        var rest = words.Skip(1).ToArray();
        return words[0] switch
        {
            "milestones" => MilestoneCommand.List(ctx, rest),
            "milestone" => MilestoneCommand.Run(ctx, rest),
            "data" => DataCommand.Run(ctx, rest),
            "bench" => BenchCommand.Run(ctx, rest),
            "runs" => RunsCommand.Run(ctx, rest),
            "serve" => ServeCommand.Run(ctx, rest),
            "ui" => UiCommand.Run(ctx, rest),
            "export" => ExportCommand.Run(ctx, rest),
            "report" => ReportCommand.Run(ctx, rest),
            "tune" => TuneCommand.Run(ctx, rest),
            "eda" => EdaCommand.Run(ctx, rest),
            _ when words[0].StartsWith('-') => throw new UsageException($"expected a command before '{words[0]}': milestones, milestone, bench, data, runs, serve, ui, export, report, tune, eda or help"),
            _ => throw new UsageException($"unknown command '{words[0]}'; expected milestones, milestone, bench, data, runs, serve, ui, export, report, tune, eda or help"),
        };
    }
}
