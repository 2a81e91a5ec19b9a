using System.Globalization;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.Data.Frame;
using Glassbox.Milestones.Recipes;
using Glassbox.Tracking;
using Glassbox.Tuning;
using Spectre.Console;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox tune ESTIMATOR …</c>: a hyperparameter search (an Optuna study) over one estimator family's space
/// (<see cref="EstimatorSearchSpace"/>), scored by cross-validation; and <c>glassbox tune milestone mnist-mlp …</c>:
/// the same over a small MLP space (<see cref="MnistMlpTuning"/>), reporting each epoch for pruning. With
/// <c>--study NAME</c> the study lives in the run database and a later call with the same name continues it.
/// </summary>
public static class TuneCommand
{
    private static readonly string[] Builtins = ["iris", "wine", "breast_cancer", "digits"];

    /// <summary>What <c>glassbox tune</c> accepts.</summary>
    public static CommandSpec Spec { get; } = new("tune", $"""
        usage: glassbox tune ESTIMATOR --data CSV|BUILTIN [--target COL] --trials N [options]
               glassbox tune milestone mnist-mlp --trials N [--epochs N] [--quick] [options]

          ESTIMATOR         {string.Join(", ", EstimatorSearchSpace.All.Select(f => f.Name))}
          --data X          a CSV file (needs --target) or a built-in dataset: {string.Join(", ", Builtins)}
          --target COL      the CSV column to predict (a text column is encoded as classes); the rest must be numeric
          --trials N        trials to run (1 to 100000)
          --sampler S       tpe (default) or random
          --pruner P        median (default), sh (successive halving) or none
          --study NAME      keep the study in the run database under NAME and continue it if it exists
          --db PATH         the run database (else $GLASSBOX_HOME/runs.db, else the per-user Glassbox folder)
          --jobs N          trials in parallel on threads (default 1; the mnist-mlp search always runs one at a time)
          --folds K         cross-validation folds (default 5)
          --seed N          seeds the sampler, the folds and the estimators (default 0)
          --epochs N        mnist-mlp: epochs per trial (default 3; --quick: 2)
          --quick           mnist-mlp: 2,000 training and 1,000 validation images instead of 10,000 and 5,000
          --data-dir DIR    mnist-mlp: data folder (else $GLASSBOX_DATA, else the per-user cache)
          --json            print the result as one JSON object

        Search spaces:
        {string.Join("\n", EstimatorSearchSpace.All.Select(f => $"  {f.Name}: {f.Description}"))}
          mnist-mlp: lr 1e-4–3e-2 (log), width 32–512 (log), weight_decay 1e-6–1e-1 (log)
        """, ["json", "quick"], ["data", "target", "trials", "sampler", "pruner", "study", "db", "jobs", "folds", "seed", "epochs", "data-dir"], 2);

    /// <summary>Runs the command; <paramref name="words"/> are the words after <c>tune</c>.</summary>
    public static int Run(CliContext ctx, IReadOnlyList<string> words)
    {
        if (Spec.PrintHelpIfAsked(ctx, words)) return 0;
        var args = new Args(Spec, words);
        if (args.Positional(0) is not string target)
            throw new UsageException(Spec, $"name an estimator ({string.Join(", ", EstimatorSearchSpace.All.Select(f => f.Name))}) or 'milestone mnist-mlp'");
        if (args.Option("trials") is null) throw new UsageException(Spec, "--trials N is required");
        int trials = args.Int("trials", 0, 1, 100_000);
        int jobs = args.Int("jobs", 1, 1, 256);
        int seed = args.Int("seed", 0, 0, int.MaxValue);
        ISampler sampler = (args.Option("sampler") ?? "tpe") switch
        {
            "tpe" => new TpeSampler(seed: seed),
            "random" => new RandomSampler(seed),
            var s => throw new UsageException(Spec, $"--sampler must be tpe or random, got '{s}'"),
        };
        IPruner pruner = (args.Option("pruner") ?? "median") switch
        {
            "median" => new MedianPruner(),
            "sh" => new SuccessiveHalvingPruner(),
            "none" => new NopPruner(),
            var p => throw new UsageException(Spec, $"--pruner must be median, sh or none, got '{p}'"),
        };

        string label;
        Func<Trial, double> objective;
        if (target == "milestone")
        {
            if (args.Positional(1) is not string recipe) throw new UsageException(Spec, "'tune milestone' needs a recipe: mnist-mlp");
            if (recipe != "mnist-mlp") throw new UsageException(Spec, $"unknown tuning recipe '{recipe}'; expected mnist-mlp");
            foreach (var o in new[] { "data", "target", "folds" })
                if (args.Option(o) is not null) throw new UsageException(Spec, $"--{o} does not apply to 'tune milestone mnist-mlp'");
            bool quick = args.Flag("quick");
            int epochs = args.Int("epochs", quick ? 2 : 3, 1, 1000);
            jobs = 1; // the tensor kernels already use every core; parallel trials would only contend
            var data = MnistMlpTuning.Load(ctx.DataDir(args), quick ? 2_000 : 10_000, quick ? 1_000 : 5_000);
            objective = MnistMlpTuning.Objective(data, epochs, seed);
            label = "mnist-mlp";
        }
        else
        {
            if (args.PositionalCount > 1) throw new UsageException(Spec, $"unexpected argument '{args.Positional(1)}'");
            var family = EstimatorSearchSpace.Find(target)
                ?? throw new UsageException(Spec, $"unknown estimator '{target}'; expected one of {string.Join(", ", EstimatorSearchSpace.All.Select(f => f.Name))}");
            foreach (var o in new[] { "epochs", "data-dir" })
                if (args.Option(o) is not null) throw new UsageException(Spec, $"--{o} applies only to 'tune milestone mnist-mlp'");
            if (args.Flag("quick")) throw new UsageException(Spec, "--quick applies only to 'tune milestone mnist-mlp'");
            var (x, y) = LoadData(args, family.IsClassifier);
            int folds = args.Int("folds", 5, 2, 100);
            if (folds > x.Shape[0]) throw new UsageException(Spec, $"--folds {folds} is more than the {x.Shape[0]} rows of the data");
            objective = EstimatorSearchSpace.CrossValidatedObjective(family, x, y, folds, seed);
            label = family.Name;
        }

        SqliteStudyStorage? storage = null;
        try
        {
            string? name = args.Option("study");
            if (name is not null) storage = SqliteStudyStorage.Open(args.Option("db") ?? RunStore.DefaultPath(ctx.Environment));
            var study = Study.Create(name, StudyDirection.Maximize, sampler, pruner, storage);
            int before = study.Trials.Count;
            RunWithProgress(ctx, study, objective, trials, jobs, label);
            var all = study.Trials;
            Print(ctx, args.Flag("json"), study, label, all, before, storage?.Path);
            return 0;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("exists with direction", StringComparison.Ordinal))
        {
            throw new CommandFailedException(e.Message);
        }
        finally { storage?.Dispose(); }
    }

    private static (Tensor X, Tensor Y) LoadData(Args args, bool classify)
    {
        string data = args.Option("data") ?? throw new UsageException(Spec, "--data is required: a CSV file or one of " + string.Join(", ", Builtins));
        if (Builtins.Contains(data))
        {
            if (args.Option("target") is not null) throw new UsageException(Spec, $"--target does not apply to the built-in dataset '{data}'");
            var ds = data switch
            {
                "iris" => BuiltinDatasets.LoadIris(),
                "wine" => BuiltinDatasets.LoadWine(),
                "breast_cancer" => BuiltinDatasets.LoadBreastCancer(),
                _ => BuiltinDatasets.LoadDigits(),
            };
            if (!classify) throw new UsageException(Spec, $"the built-in dataset '{data}' is a classification task; choose a classifier");
            return (ds.X, ds.Y);
        }
        if (!File.Exists(data)) throw new UsageException(Spec, $"--data '{data}' is neither a file nor a built-in dataset ({string.Join(", ", Builtins)})");
        string column = args.Option("target") ?? throw new UsageException(Spec, "--target COL is required with a CSV file");
        DataFrame df;
        try { df = DataFrame.ReadCsv(data); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CommandFailedException($"{data}: cannot read ({e.Message})"); }
        if (!df.Contains(column)) throw new UsageException(Spec, $"{data} has no column '{column}'; it has {string.Join(", ", df.ColumnNames)}");
        var features = df.ColumnNames.Where(c => c != column).ToArray();
        var bad = features.Where(c => df[c].Kind != ColumnKind.Numeric).ToList();
        if (bad.Count > 0) throw new CommandFailedException($"{data}: feature column(s) {string.Join(", ", bad)} are not numeric; encode or drop them first");
        if (features.Length == 0) throw new CommandFailedException($"{data}: no feature columns besides '{column}'");
        var x = df.ToTensor(features);
        Tensor y;
        if (df[column].Kind == ColumnKind.Numeric)
        {
            y = df.ToTensor(column).Reshape([df.RowCount]);
            if (!classify && y.ToArray<double>().Any(double.IsNaN)) throw new CommandFailedException($"{data}: target column '{column}' has missing values");
        }
        else
        {
            if (!classify) throw new CommandFailedException($"{data}: target column '{column}' is text; a regressor needs numbers");
            var text = Enumerable.Range(0, df.RowCount).Select(i => df[column].GetValue(i)?.ToString()).ToArray();
            if (text.Any(t => t is null)) throw new CommandFailedException($"{data}: target column '{column}' has missing values");
            var levels = text.Distinct().Order(StringComparer.Ordinal).ToList();
            y = Tensor.FromArray(text.Select(t => (double)levels.IndexOf(t)).ToArray(), [df.RowCount]);
        }
        return (x, y);
    }

    private static void RunWithProgress(CliContext ctx, Study study, Func<Trial, double> objective, int trials, int jobs, string label)
    {
        var gate = new object();
        int done = 0;
        string Line(FrozenTrial t) => t.State switch
        {
            TrialState.Complete => $"trial {t.Number} {label}: score {t.Value:G5} (best {study.BestValue:G5})",
            TrialState.Pruned => $"trial {t.Number} {label}: pruned at step {t.LastStep}",
            _ => $"trial {t.Number} {label}: {t.State}",
        };
        if (ctx.ErrIsTerminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Err) });
            console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(p =>
                {
                    var task = p.AddTask($"{label}: study '{study.Name}'", maxValue: trials);
                    study.Optimize(objective, trials, nJobs: jobs, callback: (_, t) =>
                    {
                        lock (gate) { task.Increment(1); task.Description = Markup.Escape(Line(t)); }
                    });
                });
        }
        else
        {
            study.Optimize(objective, trials, nJobs: jobs, callback: (_, t) =>
            {
                lock (gate) { done++; ctx.Err.WriteLine($"[{done}/{trials}] {Line(t)}"); }
            });
        }
    }

    private static void Print(CliContext ctx, bool json, Study study, string label, IReadOnlyList<FrozenTrial> all, int before, string? db)
    {
        int Count(TrialState s) => all.Count(t => t.State == s);
        var complete = all.Where(t => t.State == TrialState.Complete).OrderByDescending(t => t.Value).ThenBy(t => t.Number).ToList();
        if (json)
        {
            var o = new Dictionary<string, object?>
            {
                ["study"] = study.Name, ["target"] = label, ["database"] = db, ["trials"] = all.Count, ["new_trials"] = all.Count - before,
                ["complete"] = Count(TrialState.Complete), ["pruned"] = Count(TrialState.Pruned), ["failed"] = Count(TrialState.Fail),
                ["best_trial"] = complete.Count > 0 ? complete[0].Number : null, ["best_value"] = complete.Count > 0 ? complete[0].Value : null,
                ["best_params"] = complete.Count > 0 ? complete[0].Params : null,
            };
            ctx.Out.WriteLine(JsonSerializer.Serialize(o));
        }
        else
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(ctx.Out) });
            console.Profile.Width = 160;
            var table = new Table().Border(TableBorder.Rounded).AddColumns("trial", "score", "parameters");
            foreach (var t in complete.Take(10))
                table.AddRow(t.Number.ToString(CultureInfo.InvariantCulture), t.Value!.Value.ToString("G6", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Format(p.Value)}"))));
            console.Write(table);
            console.WriteLine($"study '{study.Name}' ({label}): {all.Count} trials ({all.Count - before} new): {Count(TrialState.Complete)} complete, {Count(TrialState.Pruned)} pruned, {Count(TrialState.Fail)} failed"
                + (db is null ? "" : $"; kept in {db}"));
        }
        if (complete.Count == 0) throw new CommandFailedException($"study '{study.Name}': no trial completed ({Count(TrialState.Fail)} failed, {Count(TrialState.Pruned)} pruned)");
    }

    private static string Format(object v) => v switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
