using Glassbox.Data;

namespace Glassbox.Cli.Tests;

/// <summary>
/// Failures outside the command line — missing or corrupt data, an unwritable output folder, a corrupt results
/// record: exit code 1 and one line naming the file or folder and the defect. Each fails before any training.
/// </summary>
public class RuntimeErrorTests
{
    /// <summary>An environment whose per-user folder is <paramref name="home"/> (never the developer's real record).</summary>
    private static Dictionary<string, string> Env(TempFolder home) => new() { ["GLASSBOX_HOME"] = home["home"] };

    [Fact]
    public void MissingDatasetNamesTheDatasetAndTheFolder()
    {
        using var t = new TempFolder();
        Directory.CreateDirectory(t["data"]);
        var r = CliRun.Of(Env(t), "milestone", "titanic", "--data-dir", t["data"], "--out", t["out"]);
        r.AssertFails(1, "Dataset 'titanic' is not available", "train.csv (missing)", Path.Combine(t["data"], "titanic"));
        Assert.False(File.Exists(t["home/milestones.json"]), "a run that could not start must not record a result");
    }

    [Fact]
    public void GlassboxDataComesFromTheInjectedEnvironment()
    {
        using var t = new TempFolder();
        var env = Env(t);
        env["GLASSBOX_DATA"] = t["envdata"];
        CliRun.Of(env, "milestone", "titanic", "--out", t["out"]).AssertFails(1, Path.Combine(t["envdata"], "titanic"));
    }

    [Fact]
    public void CorruptCsvIsReportedWithItsPath()
    {
        using var t = new TempFolder();
        string train = t.Write("data/titanic/train.csv", "PassengerId,Survived\n1,maybe\n");
        t.Write("data/titanic/test.csv", "PassengerId\n892\n");
        var r = CliRun.Of(Env(t), "milestone", "titanic", "--data-dir", t["data"], "--out", t["out"]);
        r.AssertFails(1, train + ": SHA-256 of the file is", "the file is corrupt");
    }

    [Fact]
    public void CorruptIdxFileIsReportedWithItsPath()
    {
        using var t = new TempFolder();
        // All four MNIST files present (so nothing is downloaded), the first one not an IDX file.
        foreach (var f in DatasetRegistry.Get("mnist").Files) t.Write(Path.Combine("data", "mnist", f.Name), "not an idx file");
        string first = t[Path.Combine("data", "mnist", DatasetRegistry.Get("mnist").Files[0].Name)];
        var r = CliRun.Of(Env(t), "bench", "mnist-mlp", "--data-dir", t["data"]);
        r.AssertFails(1, first + ": ");
    }

    [Fact]
    public void DataVerifyOfAnEmptyFolderFailsWithOneSummaryLine()
    {
        using var t = new TempFolder();
        var r = CliRun.Of(Env(t), "data", "verify", "titanic", "--data-dir", t.Path);
        r.AssertFails(1, "data verify: 2 file(s) missing");
        Assert.Contains("Missing", r.Out);
        Assert.Contains(Path.Combine(t.Path, "titanic", "train.csv"), r.Out);
    }

    [Fact]
    public void OutUnderAFileIsRefusedBeforeTheRun()
    {
        using var t = new TempFolder();
        string file = t.Write("not-a-folder", "x");
        var r = CliRun.Of(Env(t), "milestone", "micrograd-moons", "--quick", "--out", Path.Combine(file, "run"));
        r.AssertFails(1, $"--out '{Path.Combine(file, "run")}'", $"'{file}' is a file");
        Assert.Equal("", r.Out);
    }

    [WritableOnlyByOwnerFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the attribute skips the test there
    public void ReadOnlyOutFolderIsRefusedBeforeTheRun()
    {
        using var t = new TempFolder();
        Directory.CreateDirectory(t["ro"]);
        File.SetUnixFileMode(t["ro"], UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var r = CliRun.Of(Env(t), "milestone", "micrograd-moons", "--quick", "--out", t["ro"]);
        r.AssertFails(1, $"--out '{t["ro"]}': the folder cannot be created or written");
    }

    [LinuxFact]
    public void OutInAFolderEvenRootCannotWriteIsRefused()
    {
        // sysfs refuses new entries to every user, root included, so this runs where the chmod test is skipped.
        using var t = new TempFolder();
        string bad = "/sys/glassbox-cli-test-" + Guid.NewGuid().ToString("N");
        CliRun.Of(Env(t), "milestone", "micrograd-moons", "--quick", "--out", bad).AssertFails(1, $"--out '{bad}': the folder cannot be created or written");
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object of milestone results, found a JSON array")]
    [InlineData("{\"mnist-mlp\": {\"passed\": \"yes\", \"date\": \"2026-12-01\"}}", "the entry for 'mnist-mlp' needs \"passed\" (true/false)")]
    [InlineData("{\"titanic\": 3}", "the entry for 'titanic' needs")]
    public void CorruptResultsRecordIsReportedByMilestones(string content, string problem)
    {
        using var t = new TempFolder();
        string path = t.Write("home/milestones.json", content);
        CliRun.Of(Env(t), "milestones").AssertFails(1, path + ": " + problem, "delete the file");
    }

    [Fact]
    public void CorruptResultsRecordStopsAMilestoneBeforeItRunsAndIsKept()
    {
        using var t = new TempFolder();
        string path = t.Write("home/milestones.json", "{ not json");
        CliRun.Of(Env(t), "milestone", "micrograd-moons", "--quick", "--out", t["out"]).AssertFails(1, path + ": not valid JSON");
        Assert.Equal("{ not json", File.ReadAllText(path));
        Assert.False(Directory.Exists(t["out"]), "the run must stop before preparing its output folder");
    }

    [Fact]
    public void ValidResultsRecordIsListed()
    {
        using var t = new TempFolder();
        t.Write("home/milestones.json", "{\"titanic\": {\"passed\": true, \"quick\": true, \"date\": \"2026-12-01 10:00 UTC\"}}");
        var r = CliRun.Of(Env(t), "milestones");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Err);
        Assert.Contains("PASS (quick) 2026-12-01 10:00 UTC", r.Out);
        Assert.Contains("never run", r.Out);
    }
}

/// <summary>
/// A fact that needs file permissions to be enforced: skipped, visibly, where the test process can write into a
/// folder without write permission (root, or a file system without Unix modes).
/// </summary>
public sealed class WritableOnlyByOwnerFactAttribute : FactAttribute
{
    /// <summary>Probes once whether a read-only folder really refuses writes here.</summary>
    public WritableOnlyByOwnerFactAttribute()
    {
        if (OperatingSystem.IsWindows()) { Skip = "Unix file modes are not available on Windows"; return; }
        using var t = new TempFolder();
        Directory.CreateDirectory(t["ro"]);
        File.SetUnixFileMode(t["ro"], UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            File.WriteAllText(t["ro/probe"], "");
            Skip = "this process writes into read-only folders (running as root?), so a read-only --out cannot be simulated";
        }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A fact that needs Linux's /sys (a folder nobody may create entries in); skipped, visibly, elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> off Linux.</summary>
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel")) Skip = "needs Linux's /sys";
    }
}
