using Glassbox.Training;

namespace Glassbox.Milestones;

/// <summary>
/// A runnable proof that a capability works on real data: it trains or fits something, measures it, and
/// says whether it met its bar. <c>glassbox milestone ID</c> runs one.
/// </summary>
public abstract class Milestone
{
    /// <summary>Stable identifier used on the command line, e.g. "mnist-mlp".</summary>
    public abstract string Id { get; }

    /// <summary>One line describing what is shown and the bar it must meet.</summary>
    public abstract string Title { get; }

    /// <summary>Runs the milestone. In quick mode it uses a small subset so CI can smoke-test it in seconds.</summary>
    public abstract MilestoneResult Run(MilestoneContext context);
}

/// <summary>What a milestone run gets from the command line.</summary>
/// <param name="DataDir">Explicit data folder (<c>--data-dir</c>), or null to use GLASSBOX_DATA / the cache.</param>
/// <param name="Quick">Smoke mode: tiny subsets, a few seconds; the pass bar is relaxed accordingly and says so.</param>
/// <param name="Seed">Seed for every random choice.</param>
/// <param name="OutputDir">Folder for the run's artifacts (curves, images, submissions).</param>
/// <param name="Progress">Live progress display.</param>
/// <param name="Only">Row-name prefixes to run, for milestones made of independent rows (<c>--only a,b</c>); null runs all.</param>
/// <param name="Sinks">
/// Where a training run is recorded besides its files (the CLI passes the run store's sink); null or empty for files only.
/// The caller owns them. Milestones reach them through <see cref="Track"/>.
/// </param>
public sealed record MilestoneContext(string? DataDir, bool Quick, ulong Seed, string OutputDir, ProgressReporter Progress, IReadOnlyList<string>? Only = null,
    IReadOnlyList<IRunSink>? Sinks = null)
{
    /// <summary>
    /// A <see cref="RunTracker"/> in <see cref="OutputDir"/> that also records into <see cref="Sinks"/>: what a
    /// milestone that trains uses, so that its config and metrics over steps reach the run store as well as the files.
    /// </summary>
    public RunTracker Track(IReadOnlyDictionary<string, object> config) => new(OutputDir, config, Sinks ?? []);
}

/// <summary>The outcome of one milestone run; <c>--json</c> prints it as the last line.</summary>
/// <param name="Id">Milestone id.</param>
/// <param name="Passed">Whether the bar was met.</param>
/// <param name="Metrics">Named measurements (accuracy, loss, seconds per epoch, artifact paths…).</param>
/// <param name="Seconds">Wall-clock time of the run.</param>
public sealed record MilestoneResult(string Id, bool Passed, IReadOnlyDictionary<string, object> Metrics, double Seconds);
