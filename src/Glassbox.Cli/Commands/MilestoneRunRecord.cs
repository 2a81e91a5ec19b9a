using Glassbox.Milestones;
using Glassbox.Tracking;

namespace Glassbox.Cli.Commands;

/// <summary>
/// The run store's record of one <c>glassbox milestone</c> run: started before the milestone (so a crash or a kill
/// leaves a <c>killed</c> run, an exception a <c>failed</c> one), fed the milestone's config and metrics over steps
/// through <see cref="Sink"/>, and closed with the final result, the files the run wrote, and its status.
/// </summary>
/// <remarks>
/// <para>What is recorded: parameters <c>milestone</c>, <c>quick</c>, <c>seed</c>, <c>out</c> (and <c>data_dir</c>,
/// <c>only</c> when given) plus the milestone's own config; each numeric entry of the result as metric
/// <c>result/NAME</c> at step 0 (a result is one value, not a series); every other entry as tag <c>result/NAME</c>;
/// tag <c>passed</c> = true/false. A milestone that misses its bar still <em>finished</em>: <c>passed</c> says how
/// it did, the status only whether it ran to the end.</para>
/// <para>Artifacts: every file under the output folder that is new or changed since the run started (compared with a
/// listing taken before it), pictures (.png, .jpg, .svg, .gif) as kind <c>image</c>, files named
/// <c>*.confusion-matrix.json</c> as <see cref="ConfusionMatrixArtifact.Kind"/> (the dashboard draws them), the rest as
/// <c>file</c>.</para>
/// </remarks>
internal sealed class MilestoneRunRecord : IDisposable
{
    private static readonly string[] PictureExtensions = [".png", ".jpg", ".jpeg", ".svg", ".gif"];
    private readonly RunStore store;
    private readonly TrackedRun run;
    private readonly string outDir;
    private readonly Dictionary<string, (DateTime time, long size)> before;

    private MilestoneRunRecord(RunStore store, TrackedRun run, string outDir)
    {
        this.store = store;
        this.run = run;
        this.outDir = outDir;
        before = Listing(outDir);
        Sink = new SqliteRunSink(run);
    }

    /// <summary>The sink the milestone's <c>RunTracker</c> writes through.</summary>
    public SqliteRunSink Sink { get; }

    /// <summary>The run's id.</summary>
    public long RunId => run.Id;

    /// <summary>The database file.</summary>
    public string StorePath => store.Path;

    /// <summary>Opens the store (checked before any work: a corrupt database fails in a second) without starting a run.</summary>
    public static RunStore OpenStore(CliContext ctx) => RunStore.Open(Path.Combine(ctx.UserFolder, RunStore.FileName));

    /// <summary>Starts the run of <paramref name="m"/> in <paramref name="store"/>; the record owns the store from here.</summary>
    public static MilestoneRunRecord Start(RunStore store, Milestone m, bool quick, ulong seed, string outDir, string? dataDir, IReadOnlyList<string>? only)
    {
        var prms = new Dictionary<string, object?> { ["milestone"] = m.Id, ["quick"] = quick, ["seed"] = seed, ["out"] = Path.GetFullPath(outDir) };
        if (dataDir is not null) prms["data_dir"] = Path.GetFullPath(dataDir);
        if (only is not null) prms["only"] = string.Join(",", only);
        try
        {
            var run = store.StartRun($"{m.Id}{(quick ? " --quick" : "")} --seed {seed}", m.Id, prms);
            return new MilestoneRunRecord(store, run, outDir);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Records the result, the files written and status finished.</summary>
    public void Finish(MilestoneResult result)
    {
        var numbers = new Dictionary<string, double>();
        foreach (var (k, v) in result.Metrics)
        {
            switch (v)
            {
                case double or float or int or long or short or byte or uint or ulong or decimal:
                    numbers["result/" + k] = Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    run.SetTag("result/" + k, Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                    break;
            }
        }
        numbers["result/seconds"] = result.Seconds;
        run.LogMetrics(0, numbers);
        run.SetTag("passed", result.Passed ? "true" : "false");
        foreach (var file in NewOrChangedFiles())
            run.LogArtifact(file.EndsWith(ConfusionMatrixArtifact.FileSuffix, StringComparison.OrdinalIgnoreCase) ? ConfusionMatrixArtifact.Kind
                : PictureExtensions.Contains(Path.GetExtension(file).ToLowerInvariant()) ? "image" : "file", file);
        run.Finish();
    }

    /// <summary>Records status failed with the error's message.</summary>
    public void Fail(Exception error) => run.Fail(error.Message);

    /// <summary>Ends the run (failed, if neither <see cref="Finish"/> nor <see cref="Fail"/> was called) and closes the store.</summary>
    public void Dispose()
    {
        try { run.Dispose(); }
        finally { store.Dispose(); }
    }

    private IEnumerable<string> NewOrChangedFiles()
    {
        foreach (var (path, stamp) in Listing(outDir).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            if (!before.TryGetValue(path, out var old) || old != stamp) yield return path;
    }

    private static Dictionary<string, (DateTime, long)> Listing(string dir)
    {
        var files = new Dictionary<string, (DateTime, long)>(StringComparer.Ordinal);
        if (!Directory.Exists(dir)) return files;
        foreach (var f in new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories))
            files[f.FullName] = (f.LastWriteTimeUtc, f.Length);
        return files;
    }
}
