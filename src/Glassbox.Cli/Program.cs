using Glassbox.Cli.Commands;

namespace Glassbox.Cli;

/// <summary>The <c>glassbox</c> command.</summary>
public static class Program
{
    private const string Usage = """
        glassbox — machine learning from first principles

        usage:
          glassbox milestones                         list every milestone with its last result
          glassbox milestone ID [--json] [--quick] [--seed N] [--data-dir DIR] [--out DIR] [--only ROW,...]
          glassbox bench gemm [--json] [--sizes 256,512] [--threads 1,2]
          glassbox bench mnist-mlp [--json] [--epochs N]
          glassbox bench classical [--json] [--only NAME,...]
          glassbox data list | verify [NAME] | fetch NAME [--data-dir DIR]

        Data folder: --data-dir, else $GLASSBOX_DATA, else the per-user cache.
        """;

    /// <summary>Entry point.</summary>
    public static int Main(string[] argv)
    {
        try
        {
            if (argv.Length == 0 || argv[0] is "-h" or "--help" or "help") { Console.WriteLine(Usage); return 0; }
            var rest = new Args(argv.Skip(1));
            return argv[0] switch
            {
                "milestones" => MilestoneCommand.List(rest),
                "milestone" => MilestoneCommand.Run(rest),
                "data" => DataCommand.Run(rest),
                "bench" => BenchCommand.Run(argv.Skip(1).ToArray()),
                _ => throw new UsageException($"unknown command '{argv[0]}'"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"glassbox: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
