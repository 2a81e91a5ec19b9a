using Glassbox.Data;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox data list | verify [NAME] | fetch NAME [--data-dir DIR]</c>.</summary>
public static class DataCommand
{
    /// <summary>Dispatches the data sub-commands.</summary>
    public static int Run(Args args)
    {
        args.CheckKnown("data-dir");
        string? dir = args.Option("data-dir");
        switch (args.Positional(0))
        {
            case "list":
                Console.WriteLine($"data folder: {DataDirectory.Resolve(dir)}");
                foreach (var d in DatasetRegistry.List())
                {
                    var status = DatasetRegistry.Verify(d, dir);
                    string state = status.All(s => s.IsOk) ? "ok" : status.Any(s => s.State == FileState.Missing) ? "missing" : "BAD";
                    Console.WriteLine($"  {d.Name,-16} {state,-8} {d.Files.Count} files  {d.Description}");
                }
                return 0;
            case "verify":
            {
                var names = args.Positional(1) is string one ? [one] : DatasetRegistry.List().Select(d => d.Name).ToArray();
                bool allOk = true;
                foreach (var name in names)
                    foreach (var s in DatasetRegistry.Verify(name, dir))
                    {
                        allOk &= s.IsOk;
                        Console.WriteLine($"{name,-16} {s.State,-12} {s.Path}{(s.Detail is null ? "" : "  (" + s.Detail + ")")}");
                    }
                return allOk ? 0 : 1;
            }
            case "fetch":
            {
                var name = args.Positional(1) ?? throw new UsageException("data fetch: which dataset? `glassbox data list` shows them");
                try
                {
                    Console.WriteLine($"{name}: ready in {DatasetRegistry.Fetch(name, dir)}");
                    return 0;
                }
                catch (DatasetNotFoundException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return 1;
                }
            }
            default:
                throw new UsageException("data: expected list, verify [NAME] or fetch NAME");
        }
    }
}
