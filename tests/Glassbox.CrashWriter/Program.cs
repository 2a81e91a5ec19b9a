using System.Globalization;
using Glassbox;
using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Tracking;
using Glassbox.Training;

// Child process of CheckpointCrashTests (tests/Glassbox.Tests/Training).
//
//   write  <path> <in-features>   saves checkpoint 0, 1, 2, … to <path> forever, every weight of checkpoint i equal
//                                 to i; prints "saved i" after each save returns. The test kills it mid-save.
//   resume <path> <in-features>   the "next start": loads <path>, checks every weight equals the saved iteration,
//                                 saves the next iteration to the same path, prints "resumed i", exits 0.
//
//   track  <db> <rows>            child of KilledRunTests (tests/Glassbox.Tracking.Tests): opens the run store <db>,
//                                 starts a run, logs <rows> metric rows through a RunTracker (step i: loss = 1/(i+1),
//                                 accuracy = i/rows), prints "ready <run id>", then waits to be killed.
//
// The model is one bias-free Linear(in, 1024): 4 KiB × in of float32, large enough that a save takes a while.
if (args.Length != 3 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out int inFeatures) || inFeatures <= 0)
{
    Console.Error.WriteLine("usage: Glassbox.CrashWriter write|resume|track <path> <in-features or rows>");
    return 2;
}
if (args[0] == "track") return TrackUntilKilled(args[1], inFeatures);
string path = args[1];
var model = new Linear(inFeatures, 1024, bias: false);

switch (args[0])
{
    case "write":
        // Bounded, so that an orphan left by a crashed test run stops by itself.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        for (long i = 0; DateTime.UtcNow < deadline; i++)
        {
            SaveIteration(path, model, i);
            Console.Out.WriteLine($"saved {i}");
            Console.Out.Flush();
        }
        return 3;
    case "resume":
        var extra = Checkpoint.Load(path, model);
        long it = long.Parse(extra["iteration"], CultureInfo.InvariantCulture);
        var w = model.Weight.ToArray<float>();
        for (int k = 0; k < w.Length; k++)
            if (w[k] != it)
            {
                Console.Error.WriteLine($"{path}: weight {k} is {w[k]}, expected {it}: the checkpoint is torn");
                return 1;
            }
        SaveIteration(path, model, it + 1);
        Console.Out.WriteLine($"resumed {it}");
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}

static void SaveIteration(string path, Linear model, long i)
{
    using (GradMode.NoGrad()) model.Weight.Fill(i);
    Checkpoint.Save(path, model, extra: new Dictionary<string, string> { ["iteration"] = i.ToString(CultureInfo.InvariantCulture) });
}

static int TrackUntilKilled(string db, int rows)
{
    using var store = RunStore.Open(db);
    var run = store.StartRun("crash-child", experiment: "killed-run-test");
    var config = new Dictionary<string, object> { ["rows"] = rows, ["lr"] = 0.1 };
    using (var tracker = new RunTracker(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(db))!, "child-run"), config, [new SqliteRunSink(run)]))
        for (int i = 0; i < rows; i++)
            tracker.Log(i, new Dictionary<string, double> { ["loss"] = 1.0 / (i + 1), ["accuracy"] = (double)i / rows });
    Console.Out.WriteLine($"ready {run.Id}");
    Console.Out.Flush();
    // Never finishes the run: the test kills this process. Bounded, so that an orphan left by a crashed test run
    // stops by itself — and then exits without ending the run either, as a crash would.
    Thread.Sleep(TimeSpan.FromMinutes(2));
    return 3;
}
