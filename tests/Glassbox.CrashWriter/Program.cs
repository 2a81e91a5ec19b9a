using System.Globalization;
using Glassbox;
using Glassbox.Autograd;
using Glassbox.NN;
using Glassbox.Training;

// Child process of CheckpointCrashTests (tests/Glassbox.Tests/Training).
//
//   write  <path> <in-features>   saves checkpoint 0, 1, 2, … to <path> forever, every weight of checkpoint i equal
//                                 to i; prints "saved i" after each save returns. The test kills it mid-save.
//   resume <path> <in-features>   the "next start": loads <path>, checks every weight equals the saved iteration,
//                                 saves the next iteration to the same path, prints "resumed i", exits 0.
//
// The model is one bias-free Linear(in, 1024): 4 KiB × in of float32, large enough that a save takes a while.
if (args.Length != 3 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out int inFeatures) || inFeatures <= 0)
{
    Console.Error.WriteLine("usage: Glassbox.CrashWriter write|resume <path> <in-features>");
    return 2;
}
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
