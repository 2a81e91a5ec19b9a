using System.Collections.Concurrent;
using System.Diagnostics;
using Glassbox.NN;
using Glassbox.Training;
using Xunit.Abstractions;

namespace Glassbox.Tests.Training;

/// <summary>
/// Crash safety of <see cref="Checkpoint.Save"/>, with a real process kill: a child process (Glassbox.CrashWriter)
/// saves large checkpoints to one path in a loop and is killed while a save is in progress. The previous checkpoint
/// must be intact and loadable, and the next start (a second child that resumes and saves) must leave no temporary
/// file behind.
/// </summary>
public class CheckpointCrashTests(ITestOutputHelper output)
{
    // Linear(InFeatures, 1024) of float32: 32 MiB per checkpoint (flushed to disk), so a save lasts long enough to be interrupted.
    private const int InFeatures = 8192;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public void KillingAWriterMidSaveKeepsThePreviousCheckpointAndTheNextStartCleansUp()
    {
        var dir = Directory.CreateTempSubdirectory("gb-ckpt-crash").FullName;
        var path = Path.Combine(dir, "run.safetensors");
        bool killedMidWrite = false;
        for (int attempt = 1; attempt <= 5 && !killedMidWrite; attempt++)
        {
            using var writer = Start("write", path);
            // Kill from the file-creation notification (inotify), the moment a save's temporary file appears, once
            // the first checkpoint is complete; the polling loop below is the fallback where notifications are late.
            bool armed = false;
            using var watcher = new FileSystemWatcher(dir, "*.tmp");
            watcher.Created += (_, _) => { if (Volatile.Read(ref armed)) try { writer.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } };
            try { watcher.EnableRaisingEvents = true; }
            catch (IOException e) { output.WriteLine($"no file notifications ({e.Message}); polling only"); } // e.g. the inotify instance limit
            var lines = new BlockingCollection<string>();
            var errors = new ConcurrentQueue<string>();
            writer.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
            writer.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
            writer.BeginOutputReadLine();
            writer.BeginErrorReadLine();
            try
            {
                // Ready once one checkpoint is complete; then wait for the next save's temporary file to appear.
                Assert.True(lines.TryTake(out var first, Patience), $"the writer printed nothing in {Patience.TotalSeconds} s: {string.Join("\n", errors)}");
                Assert.StartsWith("saved ", first);
                Volatile.Write(ref armed, true);
                var sw = Stopwatch.StartNew();
                while (TempFiles(dir).Length == 0 && sw.Elapsed < Patience && !writer.HasExited) Thread.Sleep(1);
            }
            finally
            {
                if (!writer.HasExited) writer.Kill(entireProcessTree: true);
                writer.WaitForExit();
            }
            killedMidWrite = TempFiles(dir).Length > 0;
            output.WriteLine($"attempt {attempt}: {(killedMidWrite ? "killed mid-save, temporary file left" : "the save finished before the kill")}");

            // The previous checkpoint (or the one that just completed) is whole: every weight equals its iteration.
            var model = new Linear(InFeatures, 1024, bias: false);
            var extra = Checkpoint.Load(path, model);
            long iteration = long.Parse(extra["iteration"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(iteration >= 0);
            var w = model.Weight.ToArray<float>();
            int torn = Array.FindIndex(w, v => v != iteration);
            Assert.True(torn < 0, $"weight {torn} is {(torn < 0 ? 0 : w[torn])}, expected {iteration}: the checkpoint is torn");
            output.WriteLine($"  checkpoint on disk: iteration {iteration}, {w.Length} weights intact");
        }
        Assert.True(killedMidWrite, "no attempt killed the writer during a save");

        // The next start: resume from the checkpoint and save again; the stale temporary file must be gone.
        using var resume = Start("resume", path);
        var stdout = resume.StandardOutput.ReadToEnd();
        var stderr = resume.StandardError.ReadToEnd();
        Assert.True(resume.WaitForExit(Patience), "the resuming process did not finish");
        Assert.True(resume.ExitCode == 0, $"resume failed ({resume.ExitCode}): {stdout} {stderr}");
        Assert.StartsWith("resumed ", stdout.Trim());
        Assert.Empty(TempFiles(dir));
        Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void CleanStaleRemovesOnlyOldTempFilesOfThatCheckpoint()
    {
        var dir = Directory.CreateTempSubdirectory("gb-ckpt-stale").FullName;
        var path = Path.Combine(dir, "m.safetensors");
        var old = DateTime.UtcNow.AddDays(-1);
        string Make(string name, DateTime? when = null)
        {
            var f = Path.Combine(dir, name);
            File.WriteAllBytes(f, [1, 2, 3]);
            if (when is DateTime t) File.SetLastWriteTimeUtc(f, t);
            return f;
        }
        var stale = Make(".m.safetensors.0123abcd.tmp", old);
        var fresh = Make(".m.safetensors.89abcdef.tmp");             // written after this process started: maybe a live writer
        var otherCheckpoint = Make(".n.safetensors.0123abcd.tmp", old);
        var notOurPattern = Make(".m.safetensors.backup.tmp", old);
        var upperHex = Make(".m.safetensors.0123ABCD.tmp", old);

        Assert.Equal(1, Checkpoint.CleanStale(path));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh) && File.Exists(otherCheckpoint) && File.Exists(notOurPattern) && File.Exists(upperHex));

        // Save calls it: a stale file is gone after the next save to the same path.
        var stale2 = Make(".m.safetensors.00000000.tmp", old);
        Checkpoint.Save(path, new Linear(2, 2, generator: new Generator(1)));
        Assert.False(File.Exists(stale2));
        Assert.True(File.Exists(path));
    }

    private static string[] TempFiles(string dir) => Directory.GetFiles(dir, "*.tmp");

    private static Process Start(string mode, string path)
    {
        // tests/Glassbox.Tests/bin/{configuration}/{tfm}/ → tests/Glassbox.CrashWriter/bin/{configuration}/{tfm}/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var testsDir = here.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(testsDir, "Glassbox.CrashWriter", "bin", configuration, tfm, "Glassbox.CrashWriter.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; it is built with the test project (ProjectReference)");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, mode, path, InFeatures.ToString(System.Globalization.CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }
}
